// Shared helpers for the benchmark scripts: paths, sizes, statistics, the
// emulator process and the esbuild bundles of the peer SDK.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zc, brotliCompressSync, gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/e2e/harness.mjs';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);
export const OUT_DIR = join(BENCH_DIR, '.out');

/** The fixed files a page downloads to use our SDK, relative to the repository root. */
export const OUR_FILES = ['pkg/sms_mfa_sdk_bg.wasm', 'pkg/sms_mfa_sdk.js'];

/**
 * Everything a page downloads to use our SDK: OUR_FILES plus any JS snippet
 * modules wasm-bindgen emits for `inline_js` / `module` imports
 * (pkg/snippets/<crate>-<hash>/*.js), which the glue imports.
 */
export function ourFiles(base = ROOT) {
  const files = [...OUR_FILES];
  const walk = (dir) => {
    const abs = join(base, dir);
    if (!existsSync(abs)) return;
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) files.push(p);
    }
  };
  walk('pkg/snippets');
  return files;
}

export const PEER_PACKAGE = '@stytch/vanilla-js';
export const PEER_VERSION = '6.3.0';

/** Published reference sizes of the peer bundles (issue text), for a sanity check. */
export const PEER_REFERENCE = {
  headless: { raw: 66738, gzip: 18120 },
  b2b: { gzip: 18202 },
};

export const rel = (p) => relative(ROOT, p) || '.';

export function gzip9(buf) {
  return gzipSync(buf, { level: 9 }).length;
}

export function brotliMax(buf) {
  return brotliCompressSync(buf, {
    params: {
      [zc.BROTLI_PARAM_QUALITY]: zc.BROTLI_MAX_QUALITY,
      [zc.BROTLI_PARAM_LGWIN]: zc.BROTLI_MAX_WINDOW_BITS,
      [zc.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
}

/** Raw, gzip -9 and brotli (quality 11, window 24) sizes of one buffer. */
export function sizesOf(buf) {
  return { raw: buf.length, gzip: gzip9(buf), brotli: brotliMax(buf) };
}

/**
 * Sizes of our shipped files (under `base`, default the repository), each
 * compressed on its own (as a server sends them) and summed.
 */
export function ourSizes(base = ROOT) {
  const list = ourFiles(base);
  const missing = OUR_FILES.filter((f) => !existsSync(join(base, f)));
  if (missing.length) {
    throw new Error(
      `missing ${missing.join(', ')}: build the SDK first ` +
        '(`bash scripts/build.sh`)',
    );
  }
  const files = {};
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of list) {
    const s = sizesOf(readFileSync(join(base, f)));
    files[f] = s;
    for (const k of Object.keys(total)) total[k] += s[k];
  }
  return { files, total };
}

export function resolvePeer() {
  const pj = join(ROOT, 'node_modules', PEER_PACKAGE, 'package.json');
  if (!existsSync(pj)) {
    throw new Error(`${PEER_PACKAGE} is not installed: run \`bash scripts/setup.sh\` (npm devDependencies)`);
  }
  const version = JSON.parse(readFileSync(pj, 'utf8')).version;
  return { version };
}

const PEER_ENTRIES = {
  // What a login page needs for the consumer SMS flow.
  headless: [
    "import { StytchHeadlessClient } from '@stytch/vanilla-js/headless';",
    "window.stytch = new StytchHeadlessClient('public-token-test-00000000-0000-0000-0000-000000000000');",
  ].join('\n'),
  // What a login page needs for the B2B SMS MFA flow.
  b2b: [
    "import { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';",
    "window.stytch = new StytchB2BHeadlessClient('public-token-test-00000000-0000-0000-0000-000000000000');",
  ].join('\n'),
  // The bench pages construct the client themselves (with the emulator as
  // endpoint), so this bundle only exports the class.
  headlessLib: "export { StytchHeadlessClient } from '@stytch/vanilla-js/headless';",
};

/**
 * Bundles a peer entry with esbuild the way a production page would be
 * bundled: minified ESM for browsers, NODE_ENV=production, esbuild's default
 * target. (With esbuild 0.28 this gives 64,802 B raw / 17,173 B gzip for the
 * headless page, a little under the issue's reference of 66,738 / 18,120,
 * which came from another esbuild version; `--target es2017` gives 18,109.)
 * Returns the output file path and its bytes.
 */
export async function bundlePeer(kind, outDir) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const entry = join(outDir, `peer-${kind}.entry.js`);
  writeFileSync(entry, PEER_ENTRIES[kind] + '\n');
  const outfile = join(outDir, `peer-${kind}.js`);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // no `target`: esbuild's default (esnext), i.e. a modern production page
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    nodePaths: [join(ROOT, 'node_modules')],
    absWorkingDir: ROOT,
    logLevel: 'error',
  });
  return { file: outfile, bytes: readFileSync(outfile) };
}

/** Builds the SDK / emulator when their artifacts are missing. */
export function ensureBuilt({ log = console.error } = {}) {
  const run = (cmd, args) => {
    log(`[bench] ${cmd} ${args.join(' ')}`);
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} failed with status ${r.status}`);
  };
  const missingSdk = OUR_FILES.some((f) => !existsSync(join(ROOT, f)));
  if ((missingSdk || !existsSync(emulatorBinary())) && existsSync(join(ROOT, 'scripts', 'build.sh'))) {
    // the shipped build (wasm-pack, wasm-opt, minified glue) and the emulator
    run('bash', ['scripts/build.sh']);
    return;
  }
  if (missingSdk) run('wasm-pack', ['build', '--release', '--target', 'web', '--out-dir', 'pkg']);
  if (!existsSync(emulatorBinary())) run('cargo', ['build', '-p', 'stytch-emulator', '--release']);
}

export function emulatorBinary() {
  return join(ROOT, 'target', 'release', process.platform === 'win32' ? 'stytch-emulator.exe' : 'stytch-emulator');
}

/**
 * Starts the emulator on a free loopback port serving `wwwDir` at `/`.
 * Resolves to `{ origin, stop() }` once it prints its first line.
 */
export function startEmulator(wwwDir, bin = emulatorBinary()) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--port', '0', '--www', wwwDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let done = false;
    const stderr = [];
    const timer = setTimeout(() => fail(new Error('emulator did not print its address within 20 s')), 20000);
    function fail(err) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${err.message}\n${stderr.join('').slice(-2000)}`));
    }
    child.stderr.on('data', (d) => {
      stderr.push(d.toString());
      if (stderr.length > 200) stderr.shift();
    });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`emulator exited with ${code}`)));
    child.stdout.on('data', (d) => {
      if (done) return; // the emulator logs every SMS; ignore the rest
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const m = /listening on (http:\/\/\S+)/.exec(buf.slice(0, nl));
      if (!m) return fail(new Error(`unexpected first line: ${buf.slice(0, nl)}`));
      done = true;
      clearTimeout(timer);
      // Keep draining stdout so the pipe never fills up and blocks the emulator.
      child.stdout.resume();
      const origin = m[1].replace(/\/$/, '');
      resolve({
        origin,
        pid: child.pid,
        stop: () =>
          new Promise((res) => {
            if (child.exitCode !== null) return res();
            child.removeAllListeners('exit');
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

// ---------- browser ----------

// Debian's Chromium with the page tests' launch flags; `launchChromium(path)`.
export { CHROMIUM as DEFAULT_CHROMIUM, launchChromium } from '../tests/e2e/harness.mjs';

/**
 * For the diagnostic scripts (`tool` names the caller in the message): the
 * emulator serving the flow pages that `run.mjs` generates, and a browser.
 * Exits with 2 when the pages are missing. Resolves to `{ emu, browser }`.
 */
export async function startFlowBench(tool, executablePath) {
  const www = join(OUT_DIR, 'www');
  if (!existsSync(join(www, 'flow.html'))) {
    console.error(`${tool}: run \`node bench/run.mjs --only size\` first (it generates bench/.out/www)`);
    process.exit(2);
  }
  const emu = await startEmulator(www);
  try {
    return { emu, browser: await launchChromium(executablePath) };
  } catch (e) {
    await emu.stop();
    throw e;
  }
}

// ---------- statistics ----------

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  // nearest-rank
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    median: round(median(s)),
    p95: round(quantile(s, 0.95)),
    mean: round(mean),
    min: round(s[0]),
    max: round(s[s.length - 1]),
  };
}

export function round(x, d = 3) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

export function ratio(a, b, d = 3) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? round(a / b, d) : null;
}

// ---------- table printing ----------

export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const fmtBytes = (n) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '-');
