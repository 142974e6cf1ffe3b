#!/usr/bin/env node
// Checks (and with --fix repairs in place) the table export that the
// wasm-bindgen glue relies on.
//
//   node bench/wasm-table-export.mjs [--fix] [pkg/sms_mfa_sdk_bg.wasm]
//
// wasm-bindgen exports its externref table as `__wbindgen_externrefs`. binaryen
// before version 110 writes every table export with index 0 (binaryen #4711,
// fixed by #4736), so after `wasm-opt` the export points at the funcref table
// and instantiation fails in the browser with
// "WebAssembly.Table.set(): Argument 1 is invalid for table: function-typed
// object must be null ...". Debian 12 ships binaryen 108.
// Exit codes: 0 ok (or fixed), 1 broken (without --fix), 2 error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const EXTERNREF = 0x6f;
const EXPORT_NAME = '__wbindgen_externrefs';

/**
 * Returns { ok, exportIndex, externrefTable, patchOffset } for `buf`; `ok` is
 * true when there is no such export or it points at an externref table.
 */
export function inspectTableExport(buf) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 0x7f) * 2 ** s;
      s += 7;
    } while (b & 0x80);
    return r;
  };
  const name = () => {
    const n = leb();
    const s = buf.subarray(p, p + n).toString('utf8');
    p += n;
    return s;
  };
  const limits = () => {
    const f = buf[p++];
    leb();
    if (f & 1) leb();
  };
  const tableTypes = [];
  let exp = null;
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        name();
        name();
        const kind = buf[p++];
        if (kind === 0) leb();
        else if (kind === 1) {
          tableTypes.push(buf[p++]);
          limits();
        } else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else if (kind === 4) {
          p++;
          leb();
        }
      }
    } else if (id === 4) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        tableTypes.push(buf[p++]);
        limits();
      }
    } else if (id === 7) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        const nm = name();
        const kind = buf[p++];
        const at = p;
        const idx = leb();
        if (kind === 1 && nm === EXPORT_NAME) exp = { index: idx, offset: at, width: p - at };
      }
    }
    p = end;
  }
  if (!exp) return { ok: true, exportIndex: null, externrefTable: null };
  const externrefTable = tableTypes.indexOf(EXTERNREF);
  return {
    ok: tableTypes[exp.index] === EXTERNREF,
    exportIndex: exp.index,
    externrefTable: externrefTable < 0 ? null : externrefTable,
    patch: exp,
  };
}

/** Repairs the export in a copy of `buf`; returns null when it cannot. */
export function fixTableExport(buf) {
  const r = inspectTableExport(buf);
  if (r.ok) return buf;
  if (r.externrefTable === null || r.externrefTable > 127 || r.patch.width !== 1) return null;
  const out = Buffer.from(buf);
  out[r.patch.offset] = r.externrefTable;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const fix = args.includes('--fix');
  const file = args.find((a) => !a.startsWith('--')) || join(ROOT, 'pkg', 'sms_mfa_sdk_bg.wasm');
  try {
    const buf = readFileSync(file);
    const r = inspectTableExport(buf);
    if (r.ok) {
      console.log(`${EXPORT_NAME}: ${r.exportIndex === null ? 'not exported' : `table ${r.exportIndex} (externref), ok`}`);
      process.exit(0);
    }
    const msg = `${EXPORT_NAME} exports table ${r.exportIndex}, which is not the externref table (${r.externrefTable}); wasm-opt older than binaryen 110 does this`;
    if (!fix) {
      console.error(`${msg}. Run with --fix, or use binaryen >= 110.`);
      process.exit(1);
    }
    const fixed = fixTableExport(buf);
    if (!fixed) throw new Error(`${msg}, and it cannot be patched in place`);
    writeFileSync(file, fixed);
    console.log(`${msg}: fixed (now table ${r.externrefTable})`);
  } catch (err) {
    console.error(`wasm-table-export: ${err.message}`);
    process.exit(2);
  }
}
