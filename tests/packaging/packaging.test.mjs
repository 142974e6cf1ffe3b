// Packaging test: `npm pack` the repo, install the tarball into three fixture
// apps (Vite, webpack 5, no bundler with an import map), build and serve each,
// and drive a full SMS login in headless Chromium against the emulator. Also:
// importing in Node (SSR) must not throw, and a typed usage example must
// compile with `tsc --noEmit` against the shipped `.d.ts` (the main entry's
// and `sms-mfa-sdk/react`'s). The framework recipes are frameworks.test.mjs's.
// Run: node --test tests/packaging/   (after scripts/build.sh has built pkg/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { repoRoot, startEmulator, launchBrowser, SEED } from '../e2e/harness.mjs';
import { serveStatic } from './static-server.mjs';
import { bin, run, pack, installTarball as installTarballInto } from './lib.mjs';

const here = join(repoRoot, 'tests', 'packaging');
const work = join(here, '.work');

let tarball;
let packInfo;
let emu;
let browser;

async function installTarball(dir) {
  await installTarballInto(dir, tarball);
}

before(async () => {
  for (const f of ['js/index.d.ts', 'pkg/sms_mfa_sdk.js', 'pkg/sms_mfa_sdk_bg.wasm']) {
    assert.ok(existsSync(join(repoRoot, f)), `${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  packInfo = await pack(work);
  tarball = join(work, packInfo.filename);
  emu = await startEmulator();
  browser = await launchBrowser('chromium');
});

after(async () => {
  await browser?.close();
  await emu?.stop();
});

test('the tarball ships the entry point, types and wasm, and nothing else', () => {
  const files = packInfo.files.map((f) => f.path).sort();
  for (const f of ['package.json', 'js/index.d.ts', 'js/react.js', 'js/react.d.ts', 'pkg/sms_mfa_sdk.js', 'pkg/sms_mfa_sdk.d.ts', 'pkg/sms_mfa_sdk_bg.wasm']) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  assert.deepEqual(files, [
    'LICENSE', 'README.md', 'docs/demo.webp', 'js/index.d.ts', 'js/react.d.ts', 'js/react.js', 'package.json',
    'pkg/sms_mfa_sdk.d.ts', 'pkg/sms_mfa_sdk.js', 'pkg/sms_mfa_sdk_bg.wasm', 'pkg/sms_mfa_sdk_bg.wasm.d.ts',
  ], 'exactly these files');
  // Every target of package.json's exports ships.
  const { exports } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
  for (const t of targets(exports)) assert.ok(files.includes(t.replace(/^\.\//, '')), `exports target ${t} is in the tarball`);
  // Every relative import of the shipped JS resolves inside the tarball.
  for (const f of files.filter((p) => p.endsWith('.js'))) {
    const src = readFileSync(join(repoRoot, f), 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const target = join(f, '..', m[1] || m[2]).split('\\').join('/');
      assert.ok(files.includes(target), `${f} imports ${m[1] || m[2]}, which must ship (${target})`);
    }
  }
  for (const p of files) {
    assert.ok(!/^(src|emulator|www|tests|bench|scripts|target|node_modules)\//.test(p), `${p} must not ship`);
  }
  console.log(`# tarball ${packInfo.filename}: ${files.length} files, ${packInfo.size} bytes packed, ${packInfo.unpackedSize} unpacked`);
});

test('the tarball carries the licence, and the README image resolves on the registry page', () => {
  const files = packInfo.files.map((f) => f.path);
  assert.ok(files.includes('LICENSE'), 'LICENSE is in the tarball');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.match(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'), new RegExp(`^${pkg.license} License`), 'LICENSE is the licence package.json names');
  // The registry renders the README without the repository's files (there is
  // no repository field), so images point at the published tarball's own copy.
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'the README has its screenshot');
  for (const src of images) {
    const m = /^https:\/\/cdn\.jsdelivr\.net\/npm\/([^@/]+)@([^/]+)\/(.+)$/.exec(src);
    assert.ok(m, `${src}: an absolute URL of the published package (a relative one is broken on the registry page)`);
    assert.equal(m[1], pkg.name, `${src}: this package`);
    assert.equal(m[2], pkg.version, `${src}: the version being packed`);
    assert.ok(files.includes(m[3]), `${src}: ${m[3]} is in the tarball`);
  }
});

test('the shipped files name no path of the machine that built them', () => {
  const local = [repoRoot, homedir()].filter((p) => p.length > 1);
  for (const f of packInfo.files.map((x) => x.path)) {
    const text = readFileSync(join(repoRoot, f), 'latin1');
    for (const p of local) assert.ok(!text.includes(p), `${f} contains the local path ${p}`);
  }
});

/** Loads a served fixture and completes an SMS login in it. */
async function driveLogin(name, url) {
  await emu.admin.reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const wasm = [];
  const errors = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}/?api=${encodeURIComponent(emu.url)}`);
    await page.waitForSelector('#status[data-status="none"]', { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${name}: app did not become ready: ${await page.textContent('#status')} ${errors.join('; ')}\n${e.message}`);
    });
    await page.fill('#phone', SEED.consumerPhone);
    await page.click('#send');
    await page.waitForFunction(() => /^(sent|error)/.test(document.getElementById('status').textContent));
    assert.match(await page.textContent('#status'), /^sent to .*0100/, `${name}: code sent`);
    assert.equal(await page.getAttribute('#status', 'data-status'), 'code_sent');
    const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
    await page.fill('#code', code);
    await page.click('#verify');
    await page.waitForFunction(() => /^(authenticated|error)/.test(document.getElementById('status').textContent));
    assert.match(await page.textContent('#status'), /^authenticated user-/, `${name}: signed in`);
    assert.equal(await page.getAttribute('#status', 'data-status'), 'authenticated');
    assert.equal(wasm.length, 1, `${name}: one .wasm fetched`);
    assert.ok(wasm[0].url.startsWith(url), `${name}: .wasm served by the app itself`);
    assert.equal(wasm[0].status, 200);
    assert.deepEqual(errors, []);
    mkdirSync(join(work, 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(work, 'screenshots', `${name}.png`) });
  } finally {
    await context.close();
  }
}

async function fixture(name) {
  const dir = join(work, name);
  cpSync(join(here, 'fixtures', name), dir, { recursive: true });
  await installTarball(dir);
  return dir;
}

test('vite: build and SMS login', async () => {
  const dir = await fixture('vite');
  const t0 = Date.now();
  await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: dir });
  console.log(`# vite build ${Date.now() - t0} ms`);
  const server = await serveStatic(join(dir, 'dist'));
  try {
    await driveLogin('vite', server.url);
  } finally {
    await server.close();
  }
});

test('webpack 5: build and SMS login', async () => {
  const dir = await fixture('webpack');
  const t0 = Date.now();
  await run(bin('webpack'), ['--config', 'webpack.config.js'], { cwd: dir });
  console.log(`# webpack build ${Date.now() - t0} ms`);
  cpSync(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
  const server = await serveStatic(join(dir, 'dist'));
  try {
    await driveLogin('webpack', server.url);
  } finally {
    await server.close();
  }
});

test('no bundler (<script type="module"> + import map): SMS login', async () => {
  const dir = await fixture('no-bundler');
  const server = await serveStatic(dir);
  try {
    await driveLogin('no-bundler', server.url);
  } finally {
    await server.close();
  }
});

test('importing the package in Node (SSR, no window) does not throw', async () => {
  const dir = join(work, 'ssr');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-ssr', private: true, type: 'module' }));
  await installTarball(dir);
  writeFileSync(join(dir, 'ssr.js'), `
    import { readFile } from 'node:fs/promises';
    const out = {};
    const m = await import('sms-mfa-sdk');
    out.exports = Object.keys(m).sort();
    out.hasWindow = typeof window !== 'undefined';
    try { m.createClient({ publicToken: 'public-token-test-emulator' }); out.beforeInit = 'no error'; }
    catch (e) { out.beforeInit = { sdk: m.isSdkError(e), name: e.name, errorType: e.errorType }; }
    await m.default(await readFile(new URL('./node_modules/sms-mfa-sdk/pkg/sms_mfa_sdk_bg.wasm', import.meta.url)));
    out.normalized = m.normalizePhoneNumber('+1 (202) 555-0100');
    try { out.memory = m.createClient({ publicToken: 'public-token-test-emulator', storage: 'memory' }).getMfaState().status; }
    catch (e) { out.memory = { error: e.name, errorType: e.errorType }; }
    try { out.cookie = m.createClient({ publicToken: 'public-token-test-emulator' }).getMfaState().status; }
    catch (e) { out.cookie = { sdk: m.isSdkError(e), errorType: e.errorType, message: e.message }; }
    console.log(JSON.stringify(out));
    // Exit explicitly: whether a client keeps Node alive is checked by the next test.
    process.exit(0);
  `);
  const out = JSON.parse((await run(process.execPath, ['ssr.js'], { cwd: dir, timeoutMs: 30_000 })).trim().split('\n').pop());
  assert.equal(out.hasWindow, false);
  for (const name of ['default', 'createClient', 'isSdkError', 'normalizePhoneNumber']) {
    assert.ok(out.exports.includes(name), `exports ${name}`);
  }
  assert.deepEqual(out.beforeInit, { sdk: true, name: 'SdkError', errorType: 'not_initialized' }, 'createClient before init: clear error');
  assert.equal(out.normalized, '+12025550100');
  assert.equal(out.memory, 'none', 'memory storage works without a browser');
  if (typeof out.cookie !== 'string') {
    assert.equal(out.cookie.sdk, true, `browser storage in Node fails with an SdkError, not a crash: ${JSON.stringify(out.cookie)}`);
    assert.ok(out.cookie.message, 'with a message');
  }
});

// The cross-tab BroadcastChannel is unref()'d where that exists (Node), so a
// client made during SSR lets the process exit on its own.
test('a client created in Node does not keep the process alive', async () => {
  const dir = join(work, 'ssr');
  writeFileSync(join(dir, 'alive.js'), `
    import { readFile } from 'node:fs/promises';
    import init, { createClient } from 'sms-mfa-sdk';
    await init(await readFile(new URL('./node_modules/sms-mfa-sdk/pkg/sms_mfa_sdk_bg.wasm', import.meta.url)));
    createClient({ publicToken: 'public-token-test-emulator', storage: 'memory' }).getMfaState();
  `);
  await run(process.execPath, ['alive.js'], { cwd: dir, timeoutMs: 10_000 });
});

for (const resolution of ['bundler', 'nodenext']) {
  test(`tsc --noEmit: typed usage (main entry and sms-mfa-sdk/react) against the shipped .d.ts (moduleResolution ${resolution})`, async () => {
    const dir = join(work, 'types');
    if (!existsSync(join(dir, 'node_modules', 'sms-mfa-sdk'))) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture-types', private: true, type: 'module' }));
      await installTarball(dir);
    }
    for (const f of ['typed-usage.ts', 'typed-react-usage.ts']) cpSync(join(here, f), join(dir, f));
    const config = `tsconfig.${resolution}.json`;
    writeFileSync(join(dir, config), JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022', 'dom'],
        module: resolution === 'bundler' ? 'esnext' : 'nodenext',
        moduleResolution: resolution,
        types: [],
        skipLibCheck: false,
        noUnusedLocals: false,
        exactOptionalPropertyTypes: false,
      },
      files: ['typed-usage.ts', 'typed-react-usage.ts'],
    }, null, 2));
    await run(bin('tsc'), ['-p', config], { cwd: dir });
  });
}
