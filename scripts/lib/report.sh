# shellcheck shell=bash
# Functions of scripts/test.sh: one line per step while it runs, its output in
# a log printed only on failure, and a summary table at the end.
#
#   step  "name" cmd args...   a step that must succeed (set-up, build): the run stops if it fails
#   suite "name" cmd args...   a test suite: counts passed/failed/skipped; a failure is reported at the end
#   note  "text"               an informative line
#   finish                     prints the table; exits non-zero if anything failed
#
# Counts are read from `test result:` lines (cargo test, wasm-pack test) or
# from node's TAP totals (`node --test` gets a TAP and a spec reporter, both
# written to files; the spec's "failing tests" section is what a failure shows).

REPORT_DIR="${REPORT_DIR:-target/test-logs}"
mkdir -p "$REPORT_DIR"
report_rows=()
report_failed=0
report_started=$EPOCHREALTIME

note() { printf '    %s\n' "$*"; }

report_secs() { # start -> seconds since, one decimal
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

# Runs "$@" with its output in $log; lines of the form "[setup] …" or
# "[build] …" (the scripts' own progress lines) are shown as they come.
report_run() {
  local log=$1; shift
  local rc_file
  rc_file=$(mktemp)
  { local rc=0; "$@" 2>&1 || rc=$?; echo "$rc" >"$rc_file"; } | tee "$log" | { grep --line-buffered -E '^\[(setup|build)\]' | sed -u 's/^/    /' || true; }
  local rc
  rc=$(cat "$rc_file")
  rm -f "$rc_file"
  return "$rc"
}

report_slug() { printf '%s' "$1" | tr -c 'A-Za-z0-9' '-' | tr -s '-' | sed 's/^-//; s/-$//' | tr 'A-Z' 'a-z'; }

step() {
  local name=$1; shift
  local log t0 rc=0
  log="$REPORT_DIR/$(report_slug "$name").log"
  printf '==> %s\n' "$name"
  t0=$EPOCHREALTIME
  report_run "$log" "$@" || rc=$?
  local secs
  secs=$(report_secs "$t0")
  if [ "$rc" -ne 0 ]; then
    printf '    FAILED (exit %s) after %s s; last lines of %s:\n' "$rc" "$secs" "$log"
    tail -n 60 "$log" | sed 's/^/    | /'
    report_rows+=("$name|-|FAILED|-|$secs")
    report_failed=1
    finish
  fi
  printf '    ok, %s s\n' "$secs"
  report_rows+=("$name|-|-|-|$secs")
}

suite() {
  local name=$1; shift
  local log t0 rc=0 tap="" spec=""
  log="$REPORT_DIR/$(report_slug "$name").log"
  # node --test: add the reporters (TAP for the counts, spec for failures).
  local args=() prev=""
  for a in "$@"; do
    args+=("$a")
    if [ "$a" = "--test" ] && [[ "$prev" == node || "$prev" == */node ]]; then
      tap="${log%.log}.tap"; spec="${log%.log}.spec"
      args+=(--test-reporter=tap "--test-reporter-destination=$tap" --test-reporter=spec "--test-reporter-destination=$spec")
    fi
    prev=$a
  done
  printf '==> %s\n' "$name"
  t0=$EPOCHREALTIME
  report_run "$log" "${args[@]}" || rc=$?
  local secs passed=0 failed=0 skipped=0
  secs=$(report_secs "$t0")
  if [ -n "$tap" ] && [ -f "$tap" ]; then
    read -r passed failed skipped < <(awk '
      /^# pass /      { p = $3 } /^# fail /    { f += $3 } /^# cancelled / { f += $3 }
      /^# skipped /   { s += $3 } /^# todo /   { s += $3 }
      END { print p + 0, f + 0, s + 0 }' "$tap")
  else
    read -r passed failed skipped < <(awk '
      /^test result: / {
        for (i = 1; i <= NF; i++) {
          if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i
        }
      }
      END { print p + 0, f + 0, s + 0 }' "$log")
  fi
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed="exit $rc"; fi
  if [ "$rc" -ne 0 ]; then
    report_failed=1
    printf '    FAILED: %s passed, %s failed, %s skipped, %s s\n' "$passed" "$failed" "$skipped" "$secs"
    if [ -n "$spec" ] && grep -q 'failing tests:' "$spec" 2>/dev/null; then
      sed -n '/failing tests:/,$p' "$spec" | head -n 300 | sed 's/^/    | /'
    elif grep -q '^failures:$' "$log"; then
      sed -n '/^failures:$/,$p' "$log" | head -n 300 | sed 's/^/    | /'
    else
      tail -n 60 "$log" | sed 's/^/    | /'
    fi
    printf '    full output: %s\n' "$log"
  else
    printf '    %s passed, %s failed, %s skipped, %s s\n' "$passed" "$failed" "$skipped" "$secs"
  fi
  report_rows+=("$name|$passed|$failed|$skipped|$secs")
}

finish() {
  local total
  total=$(report_secs "$report_started")
  echo
  {
    printf 'suite|passed|failed|skipped|seconds\n'
    printf '%s\n' "${report_rows[@]}"
    awk -F'|' '{ p += $2; f += $3; s += $4 } END { printf "total|%d|%d|%d|", p, f, s }' < <(printf '%s\n' "${report_rows[@]}")
    printf '%s\n' "$total"
  } | awk -F'|' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } rows = NR }
    END {
      for (r = 1; r <= rows; r++) {
        if (r == 2 || r == rows) { line = ""; for (i = 1; i <= 5; i++) line = line sprintf(i == 1 ? "%s" : "  %s", sprintf("%" w[i] "s", "") ); gsub(/ /, "-", line); print line }
        printf "%-" w[1] "s", cell[r, 1]
        for (i = 2; i <= 5; i++) printf "  %" w[i] "s", cell[r, i]
        printf "\n"
      }
    }'
  echo
  if [ "$report_failed" -ne 0 ]; then
    echo "FAILED; logs in $REPORT_DIR/"
    exit 1
  fi
  echo "all tests passed; logs in $REPORT_DIR/"
  exit 0
}
