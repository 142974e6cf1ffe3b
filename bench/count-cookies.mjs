#!/usr/bin/env node
// How often our client touches document.cookie in the per-call flow, and what
// that costs: wraps the getter and setter in the flow page (before the SDK
// loads), runs the flows and prints reads, writes and the reads that follow a
// write (those wait for the browser's cookie store), per flow.
//
//   node bench/count-cookies.mjs [--flows 100]
//
// Needs the pages bench/run.mjs generates: run `node bench/run.mjs --only size` first.
import { parseArgs } from 'node:util';
import { DEFAULT_CHROMIUM, startFlowBench } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    flows: { type: 'string', default: '100' },
    chromium: { type: 'string', default: DEFAULT_CHROMIUM },
  },
});
const { emu, browser } = await startFlowBench('count-cookies', opt.chromium);
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    const c = (window.__cookies = { reads: 0, writes: 0, readMs: 0, writeMs: 0, readsAfterWrite: 0, readAfterWriteMs: 0 });
    let wrote = false;
    Object.defineProperty(Document.prototype, 'cookie', {
      get() {
        const t = performance.now();
        const v = native.get.call(this);
        const dt = performance.now() - t;
        c.reads++;
        c.readMs += dt;
        if (wrote) {
          c.readsAfterWrite++;
          c.readAfterWriteMs += dt;
          wrote = false;
        }
        return v;
      },
      set(v) {
        const t = performance.now();
        native.set.call(this, v);
        c.writes++;
        c.writeMs += performance.now() - t;
        wrote = true;
      },
    });
  });
  await page.goto(`${emu.origin}/flow.html?sdk=ours`);
  await page.waitForFunction(() => window.__ready || window.__error);
  const err = await page.evaluate(() => window.__error);
  if (err) throw new Error(err);
  let n = 0;
  const phones = (k) => Array.from({ length: k }, () => `+1202${5000000 + n++}`);
  await page.evaluate((p) => window.bench.run(p), phones(10)); // warm-up
  await page.evaluate(() => { for (const k in window.__cookies) window.__cookies[k] = 0; });
  const flows = Number(opt.flows);
  await page.evaluate((p) => window.bench.run(p), phones(flows));
  const c = await page.evaluate(() => window.__cookies);
  const per = (x, d = 1) => (x / flows).toFixed(d);
  console.log(`ours, cookie storage, ${flows} flows (sign-out included), per flow:`);
  console.log(`  reads ${per(c.reads)} (${per(c.readMs, 2)} ms), of which after a write ${per(c.readsAfterWrite)} (${per(c.readAfterWriteMs, 2)} ms)`);
  console.log(`  writes ${per(c.writes)} (${per(c.writeMs, 2)} ms)`);
} finally {
  await browser.close();
  await emu.stop();
}
