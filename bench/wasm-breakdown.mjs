#!/usr/bin/env node
// What costs bytes in our .wasm, without twiggy.
//
//   node bench/wasm-breakdown.mjs [--wasm pkg/sms_mfa_sdk_bg.wasm] [--no-names | --named FILE] [--top 30] [--json FILE]
//
// 1. Sections of the shipped (stripped) .wasm, parsed here, and `wasm-opt --metrics` when available.
// 2. Unless --no-names: a second build of the same crate with the same profile
//    but symbols kept (CARGO_PROFILE_RELEASE_STRIP=false, separate target dir
//    target/bench-names so the shipped build is untouched), run through the
//    same wasm-bindgen and `wasm-opt` flags as wasm-pack with `-g`, so that the
//    name section survives. Its code section is then listed per function and
//    per crate/module. The function bodies are the same as in the shipped
//    binary up to the name section; the script prints both code sizes so the
//    match can be checked. wasm-opt is binaryen from npm (node_modules/.bin,
//    as scripts/build.sh uses) when present, with the flags read from
//    scripts/build.sh (or Cargo.toml's wasm-pack metadata).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ROOT, fmtBytes, table } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    wasm: { type: 'string', default: join(ROOT, 'pkg', 'sms_mfa_sdk_bg.wasm') },
    names: { type: 'boolean', default: true },
    'no-names': { type: 'boolean', default: false },
    top: { type: 'string', default: '30' },
    json: { type: 'string' },
    // analyse this already-built wasm (with a name section) instead of building one
    named: { type: 'string' },
  },
});
const TOP = Number.parseInt(opt.top, 10) || 30;
const log = (...a) => console.error('[wasm-breakdown]', ...a);

// ---------------------------------------------------------------- wasm parsing

const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'datacount', 'tag',
];

function reader(buf) {
  let pos = 0;
  const r = {
    get pos() {
      return pos;
    },
    set pos(p) {
      pos = p;
    },
    u8: () => buf[pos++],
    leb() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = buf[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return result;
        shift += 7;
      }
    },
    bytes(n) {
      const s = buf.subarray(pos, pos + n);
      pos += n;
      return s;
    },
    str() {
      const n = r.leb();
      return Buffer.from(r.bytes(n)).toString('utf8');
    },
  };
  return r;
}

/** Parses what this breakdown needs: sections, function bodies, names, data segments. */
export function parseWasm(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm binary');
  const r = reader(buf);
  r.pos = 8;
  const sections = [];
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  const dataSegments = [];
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    const end = start + size;
    let name = SECTION_NAMES[id] || `unknown(${id})`;
    if (id === 0) {
      const cname = r.str();
      name = `custom "${cname}"`;
      if (cname === 'name') parseNames(r, end, names);
    } else if (id === 2) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        r.str();
        r.str();
        const kind = r.u8();
        if (kind === 0) {
          r.leb();
          importedFuncs++;
        } else if (kind === 1) {
          r.u8();
          limits(r);
        } else if (kind === 2) {
          limits(r);
        } else if (kind === 3) {
          r.u8();
          r.u8();
        } else if (kind === 4) {
          r.u8();
          r.leb();
        }
      }
    } else if (id === 10) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        const bstart = r.pos;
        const bsize = r.leb();
        r.pos += bsize;
        bodies.push({ index: importedFuncs + i, size: r.pos - bstart });
      }
    } else if (id === 11) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        const sstart = r.pos;
        const flags = r.leb();
        if (flags === 2) r.leb();
        if (flags === 0 || flags === 2) skipConstExpr(r);
        const len = r.leb();
        const content = r.bytes(len);
        dataSegments.push({ bytes: len, encoded: r.pos - sstart, content });
      }
    }
    sections.push({ id, name, size: end - start + 1 + lebLen(size) });
    r.pos = end;
  }
  for (const b of bodies) b.name = names.get(b.index) || null;
  return { sections, importedFuncs, bodies, names, dataSegments, total: buf.length };
}

function limits(r) {
  const flags = r.u8();
  r.leb();
  if (flags & 1) r.leb();
}

function skipConstExpr(r) {
  // i32.const / i64.const / global.get ... end
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0x23) r.leb();
    else if (op === 0x44) r.pos += 8;
    else if (op === 0x43) r.pos += 4;
  }
}

function lebLen(n) {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function parseNames(r, end, names) {
  while (r.pos < end) {
    const sub = r.u8();
    const size = r.leb();
    const subEnd = r.pos + size;
    if (sub === 1) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        const idx = r.leb();
        names.set(idx, r.str());
      }
    }
    r.pos = subEnd;
  }
}

// ---------------------------------------------------------------- names

/** Legacy Rust mangling (`_ZN3foo3bar17h0123456789abcdefE`) to `foo::bar`. */
function demangle(name) {
  let s = name;
  if (s.startsWith('_ZN')) {
    const parts = [];
    let i = 3;
    while (i < s.length && s[i] !== 'E') {
      let j = i;
      while (/[0-9]/.test(s[j])) j++;
      const n = Number.parseInt(s.slice(i, j), 10);
      if (!Number.isFinite(n)) break;
      parts.push(s.slice(j, j + n));
      i = j + n;
    }
    s = parts
      .join('::')
      .replace(/\$LT\$/g, '<')
      .replace(/\$GT\$/g, '>')
      .replace(/\$u20\$/g, ' ')
      .replace(/\$RF\$/g, '&')
      .replace(/\$BP\$/g, '*')
      .replace(/\$C\$/g, ',')
      .replace(/\$u7b\$/g, '{')
      .replace(/\$u7d\$/g, '}')
      .replace(/\$u5b\$/g, '[')
      .replace(/\$u5d\$/g, ']')
      .replace(/\.\./g, '::');
  }
  return s
    .replace(/::h[0-9a-f]{16}$/, '')
    .replace(/\.llvm\.\d+$/, '')
    .replace(/\[[0-9a-f]{8,}\]/g, ''); // v0 crate disambiguators: core[c5930c85a12de822]
}

/**
 * The crate/module a function is charged to: the first path of the name, or
 * of the `Self` type for `<Type as Trait>::method`. Generic instances are
 * charged to the crate that defines the function (e.g. `core::ptr::drop_in_place<..>`
 * to `core::ptr`), as twiggy does.
 */
function owner(name, depth) {
  let s = name.startsWith('<') ? name.slice(1) : name;
  s = s.replace(/^&(mut )?/, '').replace(/^(dyn |impl )/, '');
  let path = s.split(/[<> ,;()[\]]/)[0];
  // `<T as core::fmt::Debug>::fmt`, `<str as ..>`, `<'a ..>`: charge the trait
  if (name.startsWith('<') && !path.includes('::')) {
    const t = / as ([A-Za-z_][\w:]*)/.exec(name);
    if (t) path = t[1];
  }
  const segs = path.split('::').filter(Boolean);
  if (segs.length <= 1) return runtimeGroup(name) || segs[0] || '(unnamed)';
  // our own crate one level deeper: sms_mfa_sdk::core::{json,api,state,phone,..}
  const d = depth > 1 && segs[0] === 'sms_mfa_sdk' ? depth + 1 : depth;
  return segs.slice(0, d).join('::');
}

/** Top-level symbols without a Rust path, by where they come from. */
function runtimeGroup(name) {
  // `core_call multivalue shim`, `createClient externref shim`: the exported
  // entry points; after wasm-opt they also hold whatever was inlined into them
  if (/ shim$/.test(name)) return '(exports: wasm-bindgen shims + inlined callees)';
  if (/^__(wbg|wbindgen|externref)/.test(name)) return '(wasm-bindgen runtime)';
  if (/^(mem(cpy|set|move|cmp)|__rust|__rdl|__rg|__rustc|rust_)/.test(name)) return '(compiler builtins, alloc shims)';
  return null;
}

function groupBy(bodies, depth) {
  const m = new Map();
  for (const b of bodies) {
    const key = b.name ? owner(b.demangled, depth) : '(no name)';
    const e = m.get(key) || { key, bytes: 0, count: 0 };
    e.bytes += b.size;
    e.count += 1;
    m.set(key, e);
  }
  return [...m.values()].sort((a, b) => b.bytes - a.bytes);
}

// ---------------------------------------------------------------- tools

function have(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** binaryen from npm (what scripts/build.sh uses) when installed, else the one on PATH. */
function wasmOptBin() {
  const local = join(ROOT, 'node_modules', '.bin', 'wasm-opt');
  if (existsSync(local) && have(local)) return local;
  return have('wasm-opt') ? 'wasm-opt' : null;
}

/**
 * The flags the shipped build passes to wasm-opt: read from the wasm-opt
 * command in scripts/build.sh, else from Cargo.toml's wasm-pack metadata.
 * Flags that drop names (--strip-*) are left out: this copy keeps them.
 */
function wasmOptFlags() {
  const build = join(ROOT, 'scripts', 'build.sh');
  if (existsSync(build)) {
    const text = readFileSync(build, 'utf8').replace(/\\\n/g, ' ');
    const line = text.split('\n').find((l) => /^\s*(\S*\/)?wasm-opt\s/.test(l));
    if (line) {
      const words = line.trim().split(/\s+/).slice(1);
      const flags = [];
      for (let i = 0; i < words.length; i++) {
        if (words[i] === '-o') {
          i++;
          continue;
        }
        if (words[i].startsWith('-') && !words[i].startsWith('--strip')) flags.push(words[i]);
      }
      if (flags.length) return { flags, from: 'scripts/build.sh' };
    }
  }
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const m = /\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt\s*=\s*\[([^\]]*)\]/s.exec(toml);
  if (m) return { flags: [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]), from: 'Cargo.toml' };
  return { flags: ['-Oz'], from: 'default' };
}

function buildNamed() {
  const targetDir = join(ROOT, 'target', 'bench-names');
  const env = {
    ...process.env,
    CARGO_PROFILE_RELEASE_STRIP: 'false',
    CARGO_PROFILE_RELEASE_DEBUG: 'false',
  };
  log('building a copy of the release wasm with symbols (target/bench-names)');
  const cargo = spawnSync(
    'cargo',
    ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'sms-mfa-sdk', '--target-dir', targetDir],
    { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (cargo.status !== 0) throw new Error('cargo build of the named copy failed');
  const raw = join(targetDir, 'wasm32-unknown-unknown', 'release', 'sms_mfa_sdk.wasm');
  const bindgenDir = join(targetDir, 'bindgen');
  mkdirSync(bindgenDir, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', bindgenDir, raw], { cwd: ROOT, stdio: 'inherit' });
  const bg = join(bindgenDir, 'sms_mfa_sdk_bg.wasm');
  const out = join(bindgenDir, 'sms_mfa_sdk_bg.named.wasm');
  const bin = wasmOptBin();
  if (bin) {
    const { flags, from } = wasmOptFlags();
    log(`wasm-opt ${flags.join(' ')} -g (flags from ${from})`);
    execFileSync(bin, [...flags, '-g', bg, '-o', out], { cwd: ROOT, stdio: 'inherit' });
    return { file: out, wasmOpt: flags, preOpt: bg };
  }
  log('wasm-opt not found: listing the wasm-bindgen output without wasm-opt');
  return { file: bg, wasmOpt: null, preOpt: null };
}

// ---------------------------------------------------------------- main

const codeSize = (p) => p.sections.filter((s) => s.id === 10).reduce((a, s) => a + s.size, 0);
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`;

function main() {
  const shippedPath = resolve(opt.wasm);
  if (!existsSync(shippedPath)) throw new Error(`${opt.wasm} not found: build the SDK first`);
  const shippedBuf = readFileSync(shippedPath);
  const shipped = parseWasm(shippedBuf);
  const report = {
    shipped: {
      bytes: shipped.total,
      gzip: gzipSync(shippedBuf, { level: 9 }).length,
      sections: shipped.sections,
      definedFunctions: shipped.bodies.length,
      importedFunctions: shipped.importedFuncs,
      dataSegments: shipped.dataSegments.length,
      dataBytes: shipped.dataSegments.reduce((a, d) => a + d.bytes, 0),
      largestBodies: [...shipped.bodies].sort((a, b) => b.size - a.size).slice(0, 10).map((b) => ({ index: b.index, size: b.size })),
    },
  };

  console.log(`\nShipped ${opt.wasm.startsWith(ROOT) ? opt.wasm.slice(ROOT.length + 1) : opt.wasm}: ${fmtBytes(shipped.total)} B (gzip -9 ${fmtBytes(report.shipped.gzip)} B), ${shipped.bodies.length} functions, ${shipped.importedFuncs} imports\n`);
  console.log(
    table(
      ['section', 'bytes', 'share'],
      shipped.sections.map((s) => [s.name, fmtBytes(s.size), pct(s.size, shipped.total)]),
    ),
  );
  console.log(`data: ${shipped.dataSegments.length} segments, ${fmtBytes(report.shipped.dataBytes)} B of static data (strings, tables)`);
  // Static data: printable runs of 6+ bytes are (mostly) string literals.
  const runs = [];
  for (const seg of shipped.dataSegments) {
    const text = Buffer.from(seg.content).toString('latin1');
    for (const m of text.matchAll(/[\x20-\x7e]{6,}/g)) runs.push(m[0]);
  }
  const textBytes = runs.reduce((a, r) => a + r.length, 0);
  report.shipped.dataText = { bytes: textBytes, runs: runs.length, longest: [...runs].sort((a, b) => b.length - a.length).slice(0, 15) };
  console.log(`      of which ${fmtBytes(textBytes)} B in ${runs.length} printable runs (string literals); longest:`);
  for (const t of report.shipped.dataText.longest) {
    console.log(`      ${String(t.length).padStart(5)}  ${JSON.stringify(t.length > 100 ? t.slice(0, 97) + '...' : t)}`);
  }

  const bin = wasmOptBin();
  if (bin) {
    const metrics = spawnSync(bin, ['--all-features', '--metrics', shippedPath], { encoding: 'utf8' });
    if (metrics.status === 0) {
      const text = (metrics.stdout + metrics.stderr).trim();
      report.wasmOptMetrics = text;
      console.log('\nwasm-opt --metrics (instruction mix of the shipped binary):');
      console.log(text.split('\n').map((l) => '  ' + l).join('\n'));
    }
  }

  if (opt.names && !opt['no-names']) {
    const named = opt.named ? { file: resolve(opt.named), wasmOpt: null } : buildNamed();
    const p = parseWasm(readFileSync(named.file));
    for (const b of p.bodies) b.demangled = b.name ? demangle(b.name) : `func[${b.index}]`;
    const code = codeSize(p);
    const shippedCode = codeSize(shipped);
    const top = [...p.bodies].sort((a, b) => b.size - a.size).slice(0, TOP);
    const crates = groupBy(p.bodies, 1);
    const modules = groupBy(p.bodies, 2);
    report.named = {
      wasmOpt: named.wasmOpt,
      codeSectionBytes: code,
      shippedCodeSectionBytes: shippedCode,
      functions: p.bodies.length,
      top: top.map((b) => ({ name: b.demangled, bytes: b.size })),
      byCrate: crates,
      byModule: modules.slice(0, 40),
    };
    console.log(
      `\nNamed copy: code section ${fmtBytes(code)} B in ${p.bodies.length} functions ` +
        `(shipped: ${fmtBytes(shippedCode)} B in ${shipped.bodies.length}; the name section is the only intended difference)`,
    );
    console.log('\nCode bytes by crate:');
    console.log(table(['crate', 'bytes', 'share of code', 'functions'], crates.map((c) => [c.key, fmtBytes(c.bytes), pct(c.bytes, code), c.count])));
    console.log('\nCode bytes by module (top 25):');
    console.log(table(['module', 'bytes', 'share of code', 'functions'], modules.slice(0, 25).map((c) => [c.key, fmtBytes(c.bytes), pct(c.bytes, code), c.count])));
    if (named.preOpt) {
      // Before wasm-opt inlines callees into the exports: per-crate costs as
      // the Rust compiler left them (LTO'd, opt-level z).
      const pre = parseWasm(readFileSync(named.preOpt));
      for (const b of pre.bodies) b.demangled = b.name ? demangle(b.name) : `func[${b.index}]`;
      const preCode = codeSize(pre);
      const preModules = groupBy(pre.bodies, 2);
      report.named.beforeWasmOpt = { codeSectionBytes: preCode, functions: pre.bodies.length, byModule: preModules.slice(0, 40) };
      console.log(`\nBefore wasm-opt (wasm-bindgen output, ${fmtBytes(preCode)} B of code in ${pre.bodies.length} functions), by module (top 20):`);
      console.log(table(['module', 'bytes', 'share of code', 'functions'], preModules.slice(0, 20).map((c) => [c.key, fmtBytes(c.bytes), pct(c.bytes, preCode), c.count])));
    }
    console.log(`\nLargest ${TOP} functions (after wasm-opt):`);
    for (const b of top) {
      const n = b.demangled.length > 150 ? b.demangled.slice(0, 147) + '...' : b.demangled;
      console.log(`  ${fmtBytes(b.size).padStart(8)}  ${pct(b.size, code).padStart(6)}  ${n}`);
    }
  }

  if (report.named && report.named.preOptFile) delete report.named.preOptFile;
  if (opt.json) {
    writeFileSync(resolve(opt.json), JSON.stringify(report, null, 2) + '\n');
    log(`wrote ${opt.json}`);
  }
}

try {
  main();
} catch (err) {
  console.error(`wasm-breakdown: ${err.message}`);
  process.exit(1);
}
