#!/usr/bin/env node
// Shortens the wasm module's import and export names (wasm-bindgen's are
// long and hashed, e.g. `__wbg_sGet_c2c60db60877def0`, and each appears in
// both the .wasm and the glue) to one or two letters, and rewrites the
// wasm-bindgen glue and its .d.ts to match. Runs on the unminified glue,
// before esbuild.
//
//   node scripts/minify-wasm-names.mjs pkg/sms_mfa_sdk_bg.wasm pkg/sms_mfa_sdk.js pkg/sms_mfa_sdk.d.ts
//
// (pkg/sms_mfa_sdk_bg.wasm.d.ts, next to the .wasm, is rewritten too.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath, dtsPath] = process.argv.slice(2);
const out = execFileSync(
  'node_modules/.bin/wasm-opt',
  [
    // the features the build uses, not --all-features (which changes the encoding)
    ...['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'].map((f) => `--enable-${f}`),
    '--minify-imports-and-exports-and-modules', wasmPath, '-o', wasmPath,
  ],
  { encoding: 'utf8' },
);
const map = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1));
// binaryen numbers the exports after the imports, so its export names move
// whenever an import is added; name them here instead, by the sorted original
// names, so that the .d.ts listing them changes only when the exports do.
const stable = new Map([...map.exports.map((e) => e[0])].sort().map((n, i) => [n, shortName(i)]));
const wasmBytes = renameExports(readFileSync(wasmPath), new Map(map.exports.map(([n, m]) => [m, stable.get(n)])));
writeFileSync(wasmPath, wasmBytes);
map.exports = map.exports.map(([n]) => [n, stable.get(n)]);
const fail = (m) => {
  console.error(`minify-wasm-names: ${m}`);
  process.exit(1);
};
let glue = readFileSync(gluePath, 'utf8');

// Imports: the glue's `return { "module": importN, ... }` names the object of each module.
const ret = /return \{\s*__proto__: null,\s*((?:"[^"]+": import\d+,\s*)+)\};/.exec(glue);
if (!ret) fail('import object not found in the glue');
const moduleVar = new Map([...ret[1].matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));
const mainVar = moduleVar.get('./sms_mfa_sdk_bg.js');
if (!mainVar) fail('no ./sms_mfa_sdk_bg.js import object');
const added = [];
for (const [module, name, short] of map.imports) {
  const v = moduleVar.get(module);
  if (!v) fail(`unknown import module ${module}`);
  if (v === mainVar) {
    const re = new RegExp(`(\\n\\s*)${name}: function`);
    if (!re.test(glue)) fail(`import ${name} not found`);
    glue = glue.replace(re, `$1${short}: function`);
  } else {
    added.push(`${short}: ${v}.${name},`);
  }
}
const moduleName = wasmModuleName(wasmBytes);
glue = glue.replace(ret[0], `Object.assign(${mainVar}, { ${added.join(' ')} });\n    return { ${JSON.stringify(moduleName)}: ${mainVar} };`);

// Exports: every `wasm.name`.
for (const [name, short] of map.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${name}\\b`, 'g'), `wasm.${short}`);
}
if (/\bwasm\.__w/.test(glue)) fail('an export reference was left unrenamed');

// The internal `Core` class is only ever held by the client object, which
// never frees it by hand: the FinalizationRegistry does. Drop `free()` and
// its `Symbol.dispose` alias.
glue = glue
  .replace(/\n    __destroy_into_raw\(\) \{\n[^}]*\}\n    free\(\) \{\n[^}]*\}\n/, '\n')
  .replace(/\nif \(Symbol\.dispose\) Core\.prototype\[Symbol\.dispose\] = Core\.prototype\.free;\n/, '\n');

// wasm-bindgen's developer warnings, shorter (same meaning).
for (const [from, to] of [
  [
    '"`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\\n"',
    '"Wasm not served as application/wasm, using the slower WebAssembly.instantiate:"',
  ],
  ["'using deprecated parameters for `initSync()`; pass a single object instead'", "'initSync: pass an object'"],
  ["'using deprecated parameters for the initialization function; pass a single object instead'", "'init: pass an object'"],
]) {
  glue = glue.replace(from, to);
}
writeFileSync(gluePath, glue);

// The glue's .d.ts (`InitOutput`) and wasm-pack's `_bg.wasm.d.ts` list the exports.
for (const [path, prefix] of [[dtsPath, 'readonly '], [wasmPath + '.d.ts', 'export const ']]) {
  if (!path || !existsSync(path)) continue;
  let dts = readFileSync(path, 'utf8');
  for (const [name, short] of map.exports) {
    dts = dts.replace(new RegExp(`(\\n\\s*${prefix})${name}(:)`), `$1${short}$2`);
  }
  writeFileSync(path, dts);
}

/** a..z, then A..Z, then two letters. */
function shortName(i) {
  const L = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return i < L.length ? L[i] : L[Math.floor(i / L.length) - 1] + L[i % L.length];
}

/** The module with its export section's names replaced through `names`. */
function renameExports(b, names) {
  const leb = (at) => {
    let r = 0, s = 0, x, i = at;
    do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80);
    return [r >>> 0, i];
  };
  const enc = (n) => {
    const o = [];
    do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; o.push(x); } while (n);
    return o;
  };
  let i = 8;
  while (i < b.length) {
    const id = b[i];
    const [size, body] = leb(i + 1);
    const end = body + size;
    if (id === 7) {
      let [count, j] = leb(body);
      const out = [...enc(count)];
      for (; count > 0; count--) {
        const [n, at] = leb(j);
        const old = new TextDecoder().decode(b.subarray(at, at + n));
        const name = new TextEncoder().encode(names.get(old) ?? fail(`unmapped export ${old}`));
        j = at + n;
        const [, after] = leb(j + 1); // kind byte, then the index
        out.push(...enc(name.length), ...name, ...b.subarray(j, after));
        j = after;
      }
      const sec = Uint8Array.from([7, ...enc(out.length), ...out]);
      return Buffer.concat([b.subarray(0, i), sec, b.subarray(end)]);
    }
    i = end;
  }
  fail('no export section');
}

/** The module name of the first import (all imports share it after minification). */
function wasmModuleName(b) {
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80);
    return r >>> 0;
  };
  while (i < b.length) {
    const id = b[i++];
    const size = leb();
    const end = i + size;
    if (id === 2) {
      leb(); // count
      const n = leb();
      return new TextDecoder().decode(b.subarray(i, i + n));
    }
    i = end;
  }
  fail('no import section');
}
