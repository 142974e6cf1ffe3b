#!/usr/bin/env node
// Makes pkg/sms_mfa_sdk.d.ts describe the shipped module (js/index.js
// bundled with the glue): the types wasm-bindgen generates from the Rust
// sources, without the glue's own loader (`initSync`, `InitOutput`, its
// default export), which the module does not export, and with the entry
// points of js/index.js (js/entry.d.ts). `[Symbol.dispose]` is left out of
// the class: it needs TypeScript's esnext.disposable lib, which most apps do
// not load (the method still exists where the runtime has `Symbol.dispose`).
//
//   node scripts/shape-dts.mjs pkg/sms_mfa_sdk.d.ts js/entry.d.ts
import { readFileSync, writeFileSync } from 'node:fs';

const [dtsPath, entryPath] = process.argv.slice(2);
const dts = readFileSync(dtsPath, 'utf8');
const loader = dts.indexOf('\nexport type InitInput');
if (loader < 0) {
  console.error('shape-dts: the glue loader (export type InitInput) was not found in ' + dtsPath);
  process.exit(1);
}
const header = '/* tslint:disable */\n/* eslint-disable */\n';
const body = dts.slice(0, loader).replace(header, '').replace(/^ *\[Symbol\.dispose\]\(\): void;\n/m, '').trimEnd();
writeFileSync(dtsPath, body + '\n' + readFileSync(entryPath, 'utf8'));
