#!/usr/bin/env node
// Where a client spends its time in the per-call benchmark: runs the SMS
// login flow in one page with the V8 CPU profiler on and lists the functions
// with the most self time (JS and wasm), grouped by script.
//
//   node bench/profile-calls.mjs [--client ours|theirs|raw] [--flows 300] [--top 25]
//
// Needs what bench/run.mjs needs, and its generated pages: run
// `node bench/run.mjs --only size` (or any run) once first.
import { parseArgs } from 'node:util';
import { DEFAULT_CHROMIUM, startFlowBench, table } from './lib.mjs';

const { values: opt } = parseArgs({
  options: {
    client: { type: 'string', default: 'ours' },
    flows: { type: 'string', default: '300' },
    top: { type: 'string', default: '25' },
    // ours only: another storage kind than the default
    storage: { type: 'string' },
    chromium: { type: 'string', default: DEFAULT_CHROMIUM },
  },
});
const { emu, browser } = await startFlowBench('profile-calls', opt.chromium);
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${emu.origin}/flow.html?sdk=${opt.client}${opt.storage ? `&storage=${opt.storage}` : ''}`);
  await page.waitForFunction(() => window.__ready || window.__error);
  const err = await page.evaluate(() => window.__error);
  if (err) throw new Error(err);
  let n = 0;
  const phones = (k) => Array.from({ length: k }, () => `+1202${4000000 + n++}`);
  await page.evaluate((p) => window.bench.run(p), phones(20)); // warm-up
  await fetch(`${emu.origin}/emulator/v1/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const t = await page.evaluate((p) => window.bench.run(p), phones(Number(opt.flows)));
  const { profile } = await cdp.send('Profiler.stop');

  const dt = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) dt.set(samples[i], (dt.get(samples[i]) || 0) + (timeDeltas[i] || 0));
  const totalUs = timeDeltas.reduce((a, b) => a + b, 0);
  const byFn = new Map();
  const byScript = new Map();
  for (const node of profile.nodes) {
    const us = dt.get(node.id) || 0;
    if (!us) continue;
    const cf = node.callFrame;
    const script = cf.url ? cf.url.replace(emu.origin, '') : `(${cf.functionName || 'native'})`;
    const key = `${cf.functionName || '(anonymous)'}  ${script}${cf.url ? `:${cf.lineNumber + 1}:${cf.columnNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) || 0) + us);
    byScript.set(script, (byScript.get(script) || 0) + us);
  }
  const flows = t.total.length;
  const fmt = (us) => (us / 1000 / flows).toFixed(3);
  const pct = (us) => `${((100 * us) / totalUs).toFixed(1)}%`;
  const wall = t.total.reduce((a, b) => a + b, 0);
  console.log(`\n${opt.client}: ${flows} flows, ${(wall / flows).toFixed(2)} ms per flow (mean, timed part); profile ${(totalUs / 1000 / flows).toFixed(2)} ms per flow incl. idle`);
  console.log('\nSelf time by script (ms per flow):');
  console.log(table(['script', 'ms/flow', 'share'], [...byScript].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, fmt(v), pct(v)])));
  console.log('\nSelf time by function (ms per flow):');
  console.log(table(['function', 'ms/flow', 'share'], [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top)).map(([k, v]) => [k.length > 110 ? k.slice(0, 107) + '...' : k, fmt(v), pct(v)])));
} finally {
  await browser.close();
  await emu.stop();
}
