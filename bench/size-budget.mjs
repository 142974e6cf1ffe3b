#!/usr/bin/env node
// Size budget check for CI: the gzip -9 total of what a page downloads to use
// the SDK (release .wasm + wasm-bindgen glue and its JS snippets + js/ wrapper)
// must not exceed `gzipBytes` in bench/size-budget.json. Sizes are deterministic for a given
// toolchain, so this is a hard gate. Exit codes: 0 ok, 1 over budget, 2 error.
//
//   node bench/size-budget.mjs          check
//   node bench/size-budget.mjs --set    set the budget to the current total (ratchet
//                                       down after a size win; raising needs a note)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, fmtBytes, ourSizes, table } from './lib.mjs';

try {
  const budget = JSON.parse(readFileSync(join(BENCH_DIR, 'size-budget.json'), 'utf8'));
  if (!Number.isInteger(budget.gzipBytes) || budget.gzipBytes <= 0) {
    throw new Error('bench/size-budget.json: "gzipBytes" must be a positive integer');
  }
  const { files, total } = ourSizes();
  console.log(
    table(
      ['file', 'raw', 'gzip -9', 'brotli'],
      [
        ...Object.keys(files).map((f) => [f, fmtBytes(files[f].raw), fmtBytes(files[f].gzip), fmtBytes(files[f].brotli)]),
        ['total', fmtBytes(total.raw), fmtBytes(total.gzip), fmtBytes(total.brotli)],
      ],
    ),
  );
  if (process.argv.includes('--set')) {
    const file = join(BENCH_DIR, 'size-budget.json');
    const was = budget.gzipBytes;
    writeFileSync(file, JSON.stringify({ ...budget, gzipBytes: total.gzip }, null, 2) + '\n');
    console.log(`\nsize budget set: ${fmtBytes(was)} B -> ${fmtBytes(total.gzip)} B`);
    process.exit(0);
  }
  const left = budget.gzipBytes - total.gzip;
  if (left < 0) {
    console.error(
      `\nsize budget exceeded: gzip total ${fmtBytes(total.gzip)} B > budget ${fmtBytes(budget.gzipBytes)} B ` +
        `(+${fmtBytes(-left)} B). Shrink the build, or raise bench/size-budget.json with a note saying why.`,
    );
    process.exit(1);
  }
  console.log(`\nsize budget ok: gzip total ${fmtBytes(total.gzip)} B <= ${fmtBytes(budget.gzipBytes)} B (${fmtBytes(left)} B left)`);
} catch (err) {
  console.error(`size-budget: ${err.message}`);
  process.exit(2);
}
