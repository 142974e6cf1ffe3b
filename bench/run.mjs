#!/usr/bin/env node
// Side-by-side benchmark: sms-mfa-sdk vs Stytch's @stytch/vanilla-js headless
// client, in one run. Prints a table and writes bench/results.json.
//
//   node bench/run.mjs [--cold 30] [--iterations 300] [--rounds 10] [--warmup 10]
//                      [--memory-flows 1000] [--only size,cold,calls,memory]
//                      [--quick] [--no-build] [--out bench/results.json]
//                      [--clients ours,theirs,raw] [--emulator PATH] [--chromium PATH]
//                      [--ours-storage memory|localStorage|sessionStorage]
//
// See bench/README.md for what each figure means.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BENCH_DIR,
  OUR_FILES,
  OUT_DIR,
  PEER_PACKAGE,
  PEER_REFERENCE,
  ROOT,
  DEFAULT_CHROMIUM,
  bundlePeer,
  launchChromium,
  ensureBuilt,
  ourFiles,
  fmtBytes,
  ourSizes,
  ratio,
  resolvePeer,
  round,
  sizesOf,
  startEmulator,
  summary,
  table,
} from './lib.mjs';
import { fixTableExport, inspectTableExport } from './wasm-table-export.mjs';

const { values: opt } = parseArgs({
  options: {
    cold: { type: 'string', default: '30' },
    iterations: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    'memory-flows': { type: 'string', default: '1000' },
    only: { type: 'string', default: 'size,cold,calls,memory' },
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: join(BENCH_DIR, 'results.json') },
    chromium: { type: 'string', default: DEFAULT_CHROMIUM },
    emulator: { type: 'string' },
    clients: { type: 'string', default: 'ours,theirs,raw' },
    // diagnosis: run our client with another storage than its default (cookie)
    'ours-storage': { type: 'string' },
  },
});
const int = (s, name) => {
  const n = Number.parseInt(s, 10);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};
const cfg = {
  cold: int(opt.cold, 'cold'),
  iterations: int(opt.iterations, 'iterations'),
  rounds: Math.max(1, int(opt.rounds, 'rounds')),
  warmup: int(opt.warmup, 'warmup'),
  memoryFlows: int(opt['memory-flows'], 'memory-flows'),
  only: new Set(opt.only.split(',').map((s) => s.trim())),
};
if (opt.quick) Object.assign(cfg, { cold: 5, iterations: 20, rounds: 2, warmup: 3, memoryFlows: 100 });

const log = (...a) => console.error('[bench]', ...a);
const TOKEN = 'public-token-test-emulator';
const SDKS = ['ours', 'theirs', 'raw'].filter((c) => opt.clients.split(',').includes(c));
const HAS_OURS = SDKS.includes('ours');

// Distinct, well-formed US numbers (+1 202 3xx xxxx); the emulator allows 5
// sends per phone per minute and the state is reset between phases anyway.
let phoneCounter = 0;
const nextPhones = (n) => Array.from({ length: n }, () => `+1202${3000000 + phoneCounter++}`);

let tableExportPatched = false;
const snapshot = { builtAt: null, sha256: null };
const results = {
  schema: 1,
  generatedAt: new Date().toISOString(),
  config: { ...cfg, only: [...cfg.only], oursStorage: opt['ours-storage'] || 'default (cookie)' },
  env: {},
};

function environment(browserVersion) {
  let commit = null;
  let dirty = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src', 'js', 'Cargo.toml', 'Cargo.lock'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim().length > 0;
  } catch {
    /* not a git checkout */
  }
  const cpus = os.cpus();
  return {
    node: process.version,
    chromium: browserVersion,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: cpus[0] ? cpus[0].model.trim() : null,
    cpus: cpus.length,
    loadavg1: round(os.loadavg()[0], 2),
    commit,
    sdkSourcesDirty: dirty,
    wasmBuiltAt: snapshot.builtAt,
    wasmSha256: snapshot.sha256,
    peer: `${PEER_PACKAGE}@${resolvePeer().version}`,
    // true when pkg/ had the binaryen < 110 table-export bug and a patched copy was served
    wasmTableExportPatched: tableExportPatched,
  };
}

// ---------------------------------------------------------------- size

async function measureSize(peerDir, oursDir) {
  // the snapshot the browser phases serve, so all figures describe one build
  const ours = ourSizes(oursDir);
  const headless = await bundlePeer('headless', peerDir);
  const b2b = await bundlePeer('b2b', peerDir);
  const theirs = { headless: sizesOf(headless.bytes), b2b: sizesOf(b2b.bytes) };

  // Informational: ours as a page would ship it after a bundler (minified
  // wrapper + glue in one file) plus the .wasm.
  const esbuild = await import('esbuild');
  const entry = join(peerDir, 'ours-page.entry.js');
  writeFileSync(
    entry,
    [
      `import init, { createClient } from ${JSON.stringify(join(oursDir, 'pkg', 'sms_mfa_sdk.js'))};`,
      'await init();',
      `window.sdk = createClient({ publicToken: 'public-token-test-00000000-0000-0000-0000-000000000000' });`,
    ].join('\n'),
  );
  const bundled = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  const js = sizesOf(Buffer.from(bundled.outputFiles[0].contents));
  const wasm = ours.files[OUR_FILES[0]];
  const oursBundled = {
    js,
    total: { raw: js.raw + wasm.raw, gzip: js.gzip + wasm.gzip, brotli: js.brotli + wasm.brotli },
  };

  const r = (a, b) => ({ raw: ratio(a.raw, b.raw), gzip: ratio(a.gzip, b.gzip), brotli: ratio(a.brotli, b.brotli) });
  return {
    ours,
    oursBundled,
    theirs,
    peerReference: PEER_REFERENCE,
    ratios: {
      oursVsHeadless: r(ours.total, theirs.headless),
      oursVsB2b: r(ours.total, theirs.b2b),
      oursBundledVsHeadless: r(oursBundled.total, theirs.headless),
    },
  };
}

// ---------------------------------------------------------------- browser

const launch = () => launchChromium(opt.chromium);

async function emulatorPost(origin, path, body) {
  const r = await fetch(origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '{}' : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
}

async function coldLoad(browser, origin, who) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/cold-${who}.html`);
    await page.waitForFunction(() => window.__result, null, { timeout: 30000 });
    const res = await page.evaluate(() => window.__result);
    if (!res.ok) throw new Error(`cold start ${who}: ${res.error || 'client not ready'}`);
    return res;
  } finally {
    await context.close();
  }
}

async function measureCold(browser, origin) {
  const warm = 2; // first loads of a fresh browser pay one-off costs; discarded
  const who2 = ['ours', 'theirs'].filter((c) => SDKS.includes(c));
  const samples = Object.fromEntries(who2.map((w) => [w, { importToReady: [], navToReady: [] }]));
  for (let i = 0; i < cfg.cold + warm; i++) {
    const order = i % 2 === 0 ? who2 : [...who2].reverse();
    for (const who of order) {
      const r = await coldLoad(browser, origin, who);
      if (i >= warm) {
        samples[who].importToReady.push(r.importToReady);
        samples[who].navToReady.push(r.navToReady);
      }
    }
    if ((i + 1) % 10 === 0) log(`cold start: ${i + 1}/${cfg.cold + warm} pairs`);
  }
  const out = {};
  for (const who of who2) {
    out[who] = { importToReady: summary(samples[who].importToReady), navToReady: summary(samples[who].navToReady) };
  }
  out.ratio = {
    importToReady: ratio(out.ours?.importToReady.median, out.theirs?.importToReady.median),
    navToReady: ratio(out.ours?.navToReady.median, out.theirs?.navToReady.median),
  };
  out.warmupDiscarded = warm;
  return out;
}

async function openFlowPage(browser, origin, sdk) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const extra = sdk === 'ours' && opt['ours-storage'] ? `&storage=${encodeURIComponent(opt['ours-storage'])}` : '';
  await page.goto(`${origin}/flow.html?sdk=${sdk}${extra}`);
  try {
    await page.waitForFunction(() => window.__ready || window.__error, null, { timeout: 30000 });
  } catch {
    /* reported below */
  }
  const err = await page.evaluate(() => window.__error || (window.__ready ? null : 'bench page not ready'));
  if (err) {
    await context.close();
    throw new Error(`flow page (${sdk}): ${err}${errors.length ? ` / ${errors.join(' / ')}` : ''}`);
  }
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

async function runFlows(page, n) {
  return page.evaluate((phones) => window.bench.run(phones), nextPhones(n));
}

async function measureCalls(browser, origin) {
  const perRound = Math.ceil(cfg.iterations / cfg.rounds);
  const raw = {};
  const roundMedians = {};
  for (const s of SDKS) {
    raw[s] = { total: [], send: [], outbox: [], auth: [] };
    roundMedians[s] = [];
  }
  for (let round = 0; round < cfg.rounds; round++) {
    // Rotate the order so that drift in machine load hits every client alike.
    const order = SDKS.map((_, i) => SDKS[(i + round) % SDKS.length]);
    for (const sdk of order) {
      await emulatorPost(origin, '/emulator/v1/reset');
      const { context, page } = await openFlowPage(browser, origin, sdk);
      try {
        if (cfg.warmup) await runFlows(page, cfg.warmup);
        const r = await runFlows(page, perRound);
        for (const k of Object.keys(r)) raw[sdk][k].push(...r[k]);
        roundMedians[sdk].push(summary(r.total).median);
      } finally {
        await context.close();
      }
    }
    log(`per-call: round ${round + 1}/${cfg.rounds} done`);
  }
  const out = { iterationsPerClient: perRound * cfg.rounds, rounds: cfg.rounds, warmupPerRound: cfg.warmup };
  for (const s of SDKS) {
    out[s] = {};
    for (const k of Object.keys(raw[s])) out[s][k] = summary(raw[s][k]);
    // send + authenticate only: what the client itself adds, without the outbox read
    out[s].sdkCalls = summary(raw[s].send.map((x, i) => x + raw[s].auth[i]));
  }
  const rr = (a, b, metric, stat) => ratio(out[a]?.[metric][stat], out[b]?.[metric][stat]);
  out.ratios = {
    oursVsRaw: { median: rr('ours', 'raw', 'total', 'median'), p95: rr('ours', 'raw', 'total', 'p95') },
    oursVsTheirs: { median: rr('ours', 'theirs', 'total', 'median'), p95: rr('ours', 'theirs', 'total', 'p95') },
    theirsVsRaw: { median: rr('theirs', 'raw', 'total', 'median'), p95: rr('theirs', 'raw', 'total', 'p95') },
    sdkCallsOursVsRaw: { median: rr('ours', 'raw', 'sdkCalls', 'median'), p95: rr('ours', 'raw', 'sdkCalls', 'p95') },
    sdkCallsOursVsTheirs: {
      median: rr('ours', 'theirs', 'sdkCalls', 'median'),
      p95: rr('ours', 'theirs', 'sdkCalls', 'p95'),
    },
  };
  // The ratio of each round's medians (same page lifetime, adjacent in time):
  // its spread is this run's own measure of the noise.
  const spread = (a, b) => {
    const rs = roundMedians[a].map((m, i) => ratio(m, roundMedians[b][i])).filter((v) => v != null);
    return rs.length ? { min: Math.min(...rs), median: summary(rs).median, max: Math.max(...rs), perRound: rs } : null;
  };
  out.roundRatios = { oursVsRaw: spread('ours', 'raw'), oursVsTheirs: spread('ours', 'theirs'), theirsVsRaw: spread('theirs', 'raw') };
  out.overheadMs = {
    oursMinusRaw: out.ours && out.raw ? round(out.ours.total.median - out.raw.total.median) : null,
    theirsMinusRaw: out.theirs && out.raw ? round(out.theirs.total.median - out.raw.total.median) : null,
  };
  return out;
}

async function heapSnapshot(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasmBytes = await page.evaluate(() => window.bench.wasmBytes());
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasmBytes };
}

async function measureMemory(browser, origin) {
  const out = {};
  const checkpoints = 4;
  for (const sdk of SDKS) {
    await emulatorPost(origin, '/emulator/v1/reset');
    const { context, page, cdp } = await openFlowPage(browser, origin, sdk);
    try {
      const series = [{ flows: 0, ...(await heapSnapshot(cdp, page)) }];
      let done = 0;
      for (let c = 1; c <= checkpoints; c++) {
        const target = Math.round((cfg.memoryFlows * c) / checkpoints);
        // at most 5 sends per phone per minute: phones are distinct, and the
        // reset keeps the emulator's own state small between checkpoints
        await runFlows(page, target - done);
        await emulatorPost(origin, '/emulator/v1/reset');
        done = target;
        series.push({ flows: done, ...(await heapSnapshot(cdp, page)) });
      }
      const first = series[0];
      const last = series[series.length - 1];
      out[sdk] = {
        afterInit: first,
        afterFlows: last,
        flows: done,
        series,
        jsHeapGrowth: last.jsHeapUsed - first.jsHeapUsed,
        wasmGrowth: first.wasmMemory === null ? null : last.wasmMemory - first.wasmMemory,
      };
      log(`memory: ${sdk} done (${done} flows)`);
    } finally {
      await context.close();
    }
  }
  out.ratio = {
    jsHeapAfterInitOursVsTheirs: ratio(out.ours?.afterInit.jsHeapUsed, out.theirs?.afterInit.jsHeapUsed),
    jsHeapAfterFlowsOursVsTheirs: ratio(out.ours?.afterFlows.jsHeapUsed, out.theirs?.afterFlows.jsHeapUsed),
  };
  return out;
}

// ---------------------------------------------------------------- output

const ms = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const kib = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(1)} KiB` : '-');
const x = (r) => (r === null || r === undefined ? '-' : `${r.toFixed(3)}x`);
const range = (s) => (s ? `${x(s.min)} - ${x(s.max)}` : '-');

function printReport(res) {
  const p = (s) => console.log(s);
  p(`\nsms-mfa-sdk vs ${res.env.peer}  (chromium ${res.env.chromium}, node ${res.env.node}, ${res.env.cpus} cpu, load ${res.env.loadavg1})`);
  if (res.env.wasmTableExportPatched) {
    p('WARNING: the shipped .wasm has the wasm-opt < 110 table-export bug; browser figures use a patched copy (same bytes count).');
  }
  if (res.size) {
    const s = res.size;
    p('\n1. Size (bytes; gzip -9, brotli q11; each file compressed on its own)');
    const rows = [];
    for (const f of Object.keys(s.ours.files)) {
      const v = s.ours.files[f];
      rows.push([`  ours ${f}`, fmtBytes(v.raw), fmtBytes(v.gzip), fmtBytes(v.brotli)]);
    }
    rows.push(['ours total (wasm + glue + snippets + wrapper)', fmtBytes(s.ours.total.raw), fmtBytes(s.ours.total.gzip), fmtBytes(s.ours.total.brotli)]);
    rows.push(['ours, bundled page (esbuild) + wasm', fmtBytes(s.oursBundled.total.raw), fmtBytes(s.oursBundled.total.gzip), fmtBytes(s.oursBundled.total.brotli)]);
    rows.push(['theirs headless (esbuild page)', fmtBytes(s.theirs.headless.raw), fmtBytes(s.theirs.headless.gzip), fmtBytes(s.theirs.headless.brotli)]);
    rows.push(['theirs B2B headless (esbuild page)', fmtBytes(s.theirs.b2b.raw), fmtBytes(s.theirs.b2b.gzip), fmtBytes(s.theirs.b2b.brotli)]);
    rows.push(['ratio ours / theirs headless', x(s.ratios.oursVsHeadless.raw), x(s.ratios.oursVsHeadless.gzip), x(s.ratios.oursVsHeadless.brotli)]);
    rows.push(['ratio ours / theirs B2B', x(s.ratios.oursVsB2b.raw), x(s.ratios.oursVsB2b.gzip), x(s.ratios.oursVsB2b.brotli)]);
    p(table(['', 'raw', 'gzip -9', 'brotli'], rows));
    p(`  (peer reference from the issue: headless ${fmtBytes(PEER_REFERENCE.headless.raw)} raw / ${fmtBytes(PEER_REFERENCE.headless.gzip)} gzip, B2B ${fmtBytes(PEER_REFERENCE.b2b.gzip)} gzip)`);
  }
  if (res.cold) {
    const c = res.cold;
    const who = ['ours', 'theirs'].filter((w) => c[w]);
    p(`\n2. Cold start in headless Chromium (ms, ${c[who[0]].importToReady.n} fresh page loads each, alternated)`);
    const rows = [];
    for (const metric of ['importToReady', 'navToReady']) {
      const label = metric === 'importToReady' ? 'import -> client ready' : 'navigation -> client ready';
      for (const w of who) {
        const v = c[w][metric];
        rows.push([`${w}: ${label}`, ms(v.median), ms(v.p95), ms(v.min), ms(v.max)]);
      }
    }
    rows.push(['ratio ours / theirs (import, median)', x(c.ratio.importToReady), '', '', '']);
    rows.push(['ratio ours / theirs (navigation, median)', x(c.ratio.navToReady), '', '', '']);
    p(table(['', 'median', 'p95', 'min', 'max'], rows));
  }
  if (res.calls) {
    const c = res.calls;
    p(`\n3. Per-call: SMS login against the emulator (ms, ${c.iterationsPerClient} flows each in ${c.rounds} rounds)`);
    const rows = [];
    for (const s of SDKS) {
      const v = c[s];
      rows.push([`${s}: flow total`, ms(v.total.median), ms(v.total.p95), ms(v.send.median), ms(v.outbox.median), ms(v.auth.median), ms(v.sdkCalls.median)]);
    }
    p(table(['', 'median', 'p95', 'send med', 'outbox med', 'auth med', 'send+auth med'], rows));
    p(
      table(
        ['ratio', 'median', 'p95', `per-round medians, min - max of ${c.rounds}`],
        [
          ['ours / raw fetch (flow)', x(c.ratios.oursVsRaw.median), x(c.ratios.oursVsRaw.p95), range(c.roundRatios?.oursVsRaw)],
          ['ours / theirs (flow)', x(c.ratios.oursVsTheirs.median), x(c.ratios.oursVsTheirs.p95), range(c.roundRatios?.oursVsTheirs)],
          ['theirs / raw fetch (flow)', x(c.ratios.theirsVsRaw.median), x(c.ratios.theirsVsRaw.p95), range(c.roundRatios?.theirsVsRaw)],
          ['ours / raw fetch (send+auth)', x(c.ratios.sdkCallsOursVsRaw.median), x(c.ratios.sdkCallsOursVsRaw.p95), ''],
          ['ours / theirs (send+auth)', x(c.ratios.sdkCallsOursVsTheirs.median), x(c.ratios.sdkCallsOursVsTheirs.p95), ''],
        ],
      ),
    );
  }
  if (res.memory) {
    const m = res.memory;
    p(`\n4. Memory (after forced GC; ${m[SDKS[0]].flows} flows)`);
    const rows = [];
    for (const s of SDKS) {
      const v = m[s];
      rows.push([s, kib(v.afterInit.jsHeapUsed), kib(v.afterFlows.jsHeapUsed), kib(v.jsHeapGrowth), kib(v.afterInit.wasmMemory), kib(v.afterFlows.wasmMemory)]);
    }
    p(table(['', 'JS heap init', 'JS heap after', 'JS heap growth', 'wasm mem init', 'wasm mem after'], rows));
    p('  JS heap series (KiB): ' + SDKS.map((s) => `${s} ${m[s].series.map((e) => (e.jsHeapUsed / 1024).toFixed(0)).join(' -> ')}`).join('; '));
    if (m.ours && m.ours.afterInit.wasmMemory !== null) {
      p('  wasm memory series (KiB): ours ' + m.ours.series.map((e) => (e.wasmMemory / 1024).toFixed(0)).join(' -> '));
    }
  }
  p('');
}

// ---------------------------------------------------------------- main

async function main() {
  if (!opt['no-build'] && HAS_OURS && !opt.emulator) ensureBuilt({ log });
  resolvePeer();
  const outDir = OUT_DIR;
  const www = join(outDir, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(join(www, 'ours', 'pkg'), { recursive: true });
  if (HAS_OURS) {
    for (const f of ourFiles()) {
      mkdirSync(dirname(join(www, 'ours', f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(www, 'ours', f));
    }
    snapshot.builtAt = statSync(join(ROOT, OUR_FILES[0])).mtime.toISOString();
    snapshot.sha256 = createHash('sha256').update(readFileSync(join(www, 'ours', OUR_FILES[0]))).digest('hex').slice(0, 16);
    // wasm-opt < binaryen 110 breaks the externref table export; patch the
    // served copy (same size) and say so loudly rather than fail to load.
    const served = join(www, 'ours', OUR_FILES[0]);
    const buf = readFileSync(served);
    if (!inspectTableExport(buf).ok) {
      const fixed = fixTableExport(buf);
      if (!fixed) throw new Error('the shipped .wasm exports the wrong table and cannot be patched');
      writeFileSync(served, fixed);
      tableExportPatched = true;
      log('WARNING: pkg/sms_mfa_sdk_bg.wasm exports the funcref table as __wbindgen_externrefs ' +
        '(wasm-opt < binaryen 110) and fails to load in browsers; the benchmark serves a patched copy. ' +
        'See `node bench/wasm-table-export.mjs`.');
    }
  }
  cpSync(join(BENCH_DIR, 'pages'), www, { recursive: true });
  const peerDir = join(www, 'peer');
  await bundlePeer('headlessLib', peerDir);

  if (cfg.only.has('size') && HAS_OURS) {
    log('measuring sizes');
    results.size = await measureSize(join(outDir, 'size'), join(www, 'ours'));
  }

  const needBrowser = ['cold', 'calls', 'memory'].some((k) => cfg.only.has(k));
  let browser = null;
  let emu = null;
  try {
    if (needBrowser) {
      emu = await startEmulator(www, opt.emulator && resolve(opt.emulator));
      log(`emulator at ${emu.origin}`);
      browser = await launch();
      results.env = environment(browser.version());
      if (cfg.only.has('cold') && cfg.cold > 0) {
        log('cold start');
        results.cold = await measureCold(browser, emu.origin);
      }
      if (cfg.only.has('calls') && cfg.iterations > 0) {
        log('per-call overhead');
        results.calls = await measureCalls(browser, emu.origin);
      }
      if (cfg.only.has('memory') && cfg.memoryFlows > 0) {
        log('memory');
        results.memory = await measureMemory(browser, emu.origin);
      }
    } else {
      results.env = environment(null);
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (emu) await emu.stop();
  }

  printReport(results);
  const outFile = resolve(opt.out);
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${outFile.startsWith(ROOT) ? outFile.slice(ROOT.length + 1) : outFile}`);
}

main().catch((err) => {
  console.error(`bench failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
