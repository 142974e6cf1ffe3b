// The README's Frameworks recipes, run as written: every recipe is copied out
// of README.md (the code block whose first line names the file) into a
// fixture installed from the packed tarball.
//
// - React: `sms-mfa-sdk/react` and the README's SmsLogin component in a Vite
//   app, driven in headless Chromium against the emulator: a consumer login,
//   a B2B email + SMS MFA sign-in, another tab signing in and out, a pending
//   code that expires, unmounting; and server rendering in Node.
// - Vue: the README's composable in a Vite app (render functions, no SFC
//   compiler), driven in Chromium.
// - Svelte: the README's store, checked against Svelte's store contract in
//   Node on a client with memory storage.
// - No bundler: the README's page next to the no-bundler fixture, which signs
//   in from another tab.
// Run: node --test tests/packaging/   (after scripts/build.sh has built pkg/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startEmulator, launchBrowser, SEED, wrongCode } from '../e2e/harness.mjs';
import { serveStatic } from './static-server.mjs';
import { bin, run, pack, installTarball } from './lib.mjs';

const here = join(repoRoot, 'tests', 'packaging');
// Not packaging.test.mjs's .work/, which that file empties when it starts.
const work = join(here, '.work-frameworks');
const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');

let tarball;
let emu;
let browser;

/** The README code block whose first line is `// <file>` or `<!-- <file> -->`. */
function recipe(file) {
  const blocks = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const found = blocks.filter((b) => {
    const first = b.split('\n')[0].trim();
    return first === `// ${file}` || first === `<!-- ${file} -->`;
  });
  assert.equal(found.length, 1, `README.md has one code block that starts by naming ${file}`);
  return found[0];
}

async function fixture(name) {
  const dir = join(work, name);
  cpSync(join(here, 'fixtures', name), dir, { recursive: true });
  await installTarball(dir, tarball);
  return dir;
}

async function viteBuild(dir) {
  const t0 = Date.now();
  await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: dir });
  console.log(`# vite build of ${dir.split('/').pop()} ${Date.now() - t0} ms`);
  return serveStatic(join(dir, 'dist'));
}

before(async () => {
  for (const f of ['js/react.js', 'pkg/sms_mfa_sdk.js', 'pkg/sms_mfa_sdk_bg.wasm']) {
    assert.ok(existsSync(join(repoRoot, f)), `${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  tarball = join(work, (await pack(work)).filename);
  emu = await startEmulator();
  browser = await launchBrowser('chromium');
});

after(async () => {
  await browser?.close();
  await emu?.stop();
});

test('the main entry does not import React; sms-mfa-sdk/react is a subpath export with types', () => {
  const main = readFileSync(join(repoRoot, 'pkg', 'sms_mfa_sdk.js'), 'utf8');
  assert.doesNotMatch(main, /from\s*["']react|import\(\s*["']react/, 'pkg/sms_mfa_sdk.js imports no React');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.exports['./react'], { types: './js/react.d.ts', import: './js/react.js', default: './js/react.js' });
  assert.equal(pkg.peerDependencies.react, '>=18');
  assert.equal(pkg.peerDependenciesMeta.react.optional, true);
  assert.doesNotMatch(readFileSync(join(repoRoot, 'js', 'react.d.ts'), 'utf8'), /\bany\b/, 'no `any` in react.d.ts');
});

// ---------------------------------------------------------------- React

let reactApp; // { url, close } once built

async function reactServer() {
  if (!reactApp) {
    reactApp = (async () => {
      const dir = await fixture('vite-react');
      writeFileSync(join(dir, 'src', 'SmsLogin.jsx'), recipe('SmsLogin.jsx'));
      return viteBuild(dir);
    })();
  }
  return reactApp;
}

after(async () => { if (reactApp) await (await reactApp).close(); });

/** Opens the React app in `context` (a new one by default); waits until React rendered. */
async function openReact(context, { clock = false } = {}) {
  const server = await reactServer();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (clock) await page.clock.install();
  await page.goto(`${server.url}/?api=${encodeURIComponent(emu.url)}`);
  await page.waitForSelector('#boot[data-status="ready"]', { timeout: 15_000 }).catch(async (e) => {
    throw new Error(`React app did not start: ${await page.textContent('#boot')} ${errors.join('; ')}\n${e.message}`);
  });
  await page.waitForSelector('#status', { timeout: 5000 }).catch((e) => {
    throw new Error(`React rendered nothing: ${errors.join('; ') || 'no page error'}\n${e.message}`);
  });
  page.errors = errors;
  return page;
}

const statusOf = (page) => page.getAttribute('#status', 'data-status');
// Polled every 100 ms rather than per animation frame: a page in the
// background (the first tab, once a second one opened) runs no frames.
const waitStatus = (page, status, timeout = 10_000) =>
  page.waitForFunction((s) => document.getElementById('status')?.dataset.status === s, status, { timeout, polling: 100 }).catch(async (e) => {
    throw new Error(`expected status ${status}, page shows ${await statusOf(page)} (${await page.textContent('#state')})\n${e.message}`);
  });
const stateOf = async (page) => JSON.parse(await page.textContent('#state'));
const probe = (page) => page.evaluate(() => ({ ...window.probe }));

/** React renders a bounded number of times: a snapshot that is not cached would loop. */
async function assertSettled(page, what) {
  const a = (await probe(page)).renders;
  await new Promise((r) => setTimeout(r, 300));
  const b = (await probe(page)).renders;
  assert.equal(b, a, `${what}: no renders while nothing changes (${a} then ${b})`);
  assert.ok(b < 40, `${what}: ${b} renders in all`);
  assert.deepEqual(page.errors, [], `${what}: no page errors`);
}

async function consumerLogin(page) {
  await page.fill('#phone', SEED.consumerPhone);
  await page.click('#send');
  await waitStatus(page, 'code_sent');
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await page.fill('#code', code);
  await page.click('#verify');
  await waitStatus(page, 'authenticated');
}

test('React: consumer SMS login through the README SmsLogin (pending, a wrong code in error, then signed in)', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  try {
    const page = await openReact(context);
    assert.equal(await statusOf(page), 'none');
    assert.equal(await page.textContent('#status'), 'none');
    const first = await probe(page);
    assert.equal(first.subscriptions, 3, 'SmsLogin, EmailStep and Probe each subscribed once');

    // A slow send: the button is disabled while the call runs (pending).
    await emu.admin.fault({ path: '/sdk/v1/otps/sms/login_or_create', count: 1, kind: 'latency', delay_ms: 1500 });
    await page.fill('#phone', SEED.consumerPhone);
    await page.click('#send');
    await page.waitForFunction(() => document.getElementById('send')?.disabled === true, undefined, { timeout: 1000 });
    await waitStatus(page, 'code_sent');
    const sent = await stateOf(page);
    assert.equal(sent.flow, 'login');
    assert.match(sent.phoneMasked, /0100$/);
    assert.equal(await page.isDisabled('#verify'), false, 'not pending once the send resolved');

    const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
    await page.fill('#code', wrongCode(code));
    await page.click('#verify');
    await page.waitForSelector('#error');
    assert.equal(await page.textContent('#error'), 'otp_code_not_found', 'the SdkError is in error');
    assert.equal(await statusOf(page), 'code_sent', 'a wrong code changes nothing');

    await page.fill('#code', code);
    await page.click('#verify');
    await waitStatus(page, 'authenticated');
    assert.equal(await page.count('#error'), 0, 'the error is cleared by the next call');
    const session = await stateOf(page);
    assert.match(session.userId, /^user-/);
    assert.ok(session.expiresAt > Date.now());
    await assertSettled(page, 'consumer login');
  } finally {
    await context.close();
  }
});

test('React: B2B email OTP then SMS MFA, each step rendered', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  try {
    const page = await openReact(context);
    await page.fill('#org', SEED.orgId);
    await page.fill('#email', SEED.alice.email);
    await page.click('#email-submit');
    await page.waitForSelector('#email-step[data-step="sent"]', { state: 'attached' });
    const emailCode = await emu.admin.latestEmailCode(SEED.alice.email);
    await page.fill('#email-code', emailCode);
    await page.click('#email-submit');
    await waitStatus(page, 'mfa_required');
    const mfa = await stateOf(page);
    assert.equal(mfa.organizationId, SEED.orgId);
    assert.equal(mfa.memberId, SEED.alice.id);
    assert.equal(await page.count('#email-form'), 0, 'the email step is gone');

    const before = (await emu.admin.sms(SEED.alice.phone)).length;
    if (mfa.smsAlreadySent) {
      assert.ok(before >= 1, 'the code sent at primary login is in the outbox');
    } else {
      assert.equal(await page.count('#code'), 0, 'no code field before a code is sent');
      await page.click('#send-mfa');
      await waitStatus(page, 'code_sent');
      const sent = await stateOf(page);
      assert.equal(sent.flow, 'mfa');
      assert.equal(sent.memberId, SEED.alice.id);
    }
    const smsCode = await emu.admin.latestSmsCode(SEED.alice.phone, mfa.smsAlreadySent ? before : before + 1);
    await page.fill('#code', smsCode);
    await page.click('#verify');
    await waitStatus(page, 'authenticated');
    const session = await stateOf(page);
    assert.equal(session.memberId, SEED.alice.id);
    assert.equal(session.organizationId, SEED.orgId);
    console.log(`# B2B MFA in React: smsAlreadySent ${mfa.smsAlreadySent}, factors ${session.factors.map((f) => f.type ?? f.deliveryMethod ?? JSON.stringify(f)).join(', ')}`);
    await assertSettled(page, 'B2B MFA');
  } finally {
    await context.close();
  }
});

test('React: another tab signing out and in re-renders the first tab without touching it', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  try {
    const a = await openReact(context);
    await consumerLogin(a);
    const rendersA = (await probe(a)).renders;

    const b = await openReact(context);
    await waitStatus(b, 'authenticated', 5000); // B reads the shared cookies
    await b.click('#sign-out');
    await waitStatus(b, 'none');
    await waitStatus(a, 'none', 5000);
    assert.equal(await a.textContent('#state'), '{"status":"none"}');
    assert.ok((await probe(a)).renders > rendersA, 'A rendered again');

    await consumerLogin(b);
    await waitStatus(a, 'authenticated', 5000);
    assert.equal((await stateOf(a)).sessionId, (await stateOf(b)).sessionId, 'A shows the session B opened');
    await assertSettled(a, 'tab A');
    await assertSettled(b, 'tab B');
  } finally {
    await context.close();
  }
});

test('React: a code that expires re-renders as expired by itself (the client\'s expiry timer)', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  try {
    const page = await openReact(context, { clock: true });
    await page.fill('#phone', SEED.consumerPhone);
    await page.click('#send');
    await waitStatus(page, 'code_sent');
    const { codeExpiresAt } = await stateOf(page);
    assert.equal((await stateOf(page)).codeExpired, false);
    await emu.admin.latestSmsCode(SEED.consumerPhone);
    // Past the code's expiry on the page's clock (and the emulator's); no render is asked for.
    const now = await page.evaluate(() => Date.now());
    await emu.admin.advance(Math.ceil((codeExpiresAt - now) / 1000) + 1);
    await page.clock.fastForward(codeExpiresAt - now + 1000);
    await page.waitForFunction(() => JSON.parse(document.getElementById('state').textContent).codeExpired === true, null, { timeout: 2000 });
    assert.equal(await page.evaluate(() => window.client.getMfaState().codeExpired), true);
    // Past the 10 minutes an expired code is reported: the phone form is back, again by itself.
    await page.clock.fastForward(10 * 60_000);
    await waitStatus(page, 'none', 2000);
    assert.ok(await page.isVisible('#phone'), 'the phone form is back');
    await assertSettled(page, 'after expiry');
  } finally {
    await context.close();
  }
});

test('React: unmounting unsubscribes from the client, mounting again subscribes and renders the current state', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  try {
    const page = await openReact(context);
    assert.equal((await probe(page)).subscriptions, 3);
    await page.click('#toggle');
    await page.waitForFunction(() => !document.getElementById('status'));
    assert.equal((await probe(page)).subscriptions, 0, 'every hook unsubscribed');
    // A change while unmounted, then mounting shows it.
    await page.evaluate(() => window.client.setPrimaryAuth({
      intermediateSessionToken: 'ist-react-remount', organizationId: 'organization-remount', memberId: 'member-remount',
    }));
    await page.click('#toggle');
    await waitStatus(page, 'mfa_required', 2000);
    assert.equal((await probe(page)).subscriptions, 3, 'each hook subscribed again');
    await page.evaluate(() => window.client.signOut());
    await waitStatus(page, 'none', 2000);
    await assertSettled(page, 'remount');
  } finally {
    await context.close();
  }
});

test('React: server rendering uses { status: "none" } and useSmsLogin starts idle', async () => {
  const dir = join(work, 'react-ssr');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), readFileSync(join(here, 'fixtures', 'vite-react', 'package.json'), 'utf8').replace('fixture-vite-react', 'fixture-react-ssr'));
  await installTarball(dir, tarball);
  writeFileSync(join(dir, 'ssr.js'), `
    import { readFile } from 'node:fs/promises';
    import { createElement } from 'react';
    import { renderToString } from 'react-dom/server';
    import init, { createClient } from 'sms-mfa-sdk';
    import { useMfaState, useSmsLogin } from 'sms-mfa-sdk/react';
    await init(await readFile(new URL('./node_modules/sms-mfa-sdk/pkg/sms_mfa_sdk_bg.wasm', import.meta.url)));
    const client = createClient({ publicToken: 'public-token-test-emulator', storage: 'memory' });
    client.setPrimaryAuth({ intermediateSessionToken: 'ist-ssr', organizationId: 'organization-ssr', memberId: 'member-ssr' });
    function View() {
      const state = useMfaState(client);
      const login = useSmsLogin(client);
      return createElement('p', null, JSON.stringify({ state, pending: login.pending, error: login.error, fns: typeof login.sendSms + typeof login.authenticate }));
    }
    const html = renderToString(createElement(View));
    console.log(JSON.stringify({ html, client: client.getMfaState().status }));
    process.exit(0);
  `);
  const out = JSON.parse((await run(process.execPath, ['ssr.js'], { cwd: dir, timeoutMs: 30_000 })).trim().split('\n').pop());
  assert.equal(out.client, 'mfa_required', 'the client has a state');
  const rendered = JSON.parse(out.html.replace(/^<p>|<\/p>$/g, '').replaceAll('&quot;', '"'));
  assert.deepEqual(rendered, { state: { status: 'none' }, pending: false, error: null, fns: 'functionfunction' }, 'the server snapshot, not the client state');
});

// ---------------------------------------------------------------- Vue

test('Vue: the README composable re-renders on a login and on another tab, and unsubscribes on unmount', async () => {
  await emu.admin.reset();
  const dir = await fixture('vite-vue');
  writeFileSync(join(dir, 'src', 'useMfaState.js'), recipe('useMfaState.js'));
  const server = await viteBuild(dir);
  const context = await browser.newContext();
  try {
    const errors = [];
    const open = async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/?api=${encodeURIComponent(emu.url)}`);
      await page.waitForSelector('#status');
      return page;
    };
    const a = await open();
    const status = (p) => p.getAttribute('#status', 'data-status');
    const wait = (p, s) => p.waitForFunction((x) => document.getElementById('status')?.dataset.status === x, s, { timeout: 10_000, polling: 100 });
    assert.equal(await status(a), 'none');
    assert.equal(await a.evaluate(() => window.subscriptions), 1);

    // A consumer login through the client: the component follows each step.
    await a.evaluate((phoneNumber) => window.client.sendSms({ phoneNumber }), SEED.consumerPhone);
    await wait(a, 'code_sent');
    const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
    await a.evaluate((c) => window.client.authenticate({ code: c }), code);
    await wait(a, 'authenticated');

    // Another tab signs out: the first re-renders.
    const b = await open();
    await wait(b, 'authenticated');
    await b.evaluate(() => window.client.signOut());
    await wait(a, 'none');

    // Unmounted, the composable no longer listens; mounted again, it reads the state.
    await a.raw.bringToFront();
    await a.click('#toggle');
    await a.waitForFunction(() => !document.getElementById('status'));
    assert.equal(await a.evaluate(() => window.subscriptions), 0, 'onUnmounted unsubscribed');
    await a.evaluate(() => window.client.setPrimaryAuth({
      intermediateSessionToken: 'ist-vue', organizationId: 'organization-vue', memberId: 'member-vue',
    }));
    await a.click('#toggle');
    await wait(a, 'mfa_required');
    assert.equal(await a.evaluate(() => window.subscriptions), 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

// ---------------------------------------------------------------- Svelte

test("Svelte: the README store keeps Svelte's store contract", async () => {
  const file = join(work, 'mfaStore.mjs');
  mkdirSync(work, { recursive: true });
  writeFileSync(file, recipe('mfaStore.js'));
  const { mfaStore } = await import(file);
  const sdk = await import(join(repoRoot, 'pkg', 'sms_mfa_sdk.js'));
  await sdk.default(readFileSync(join(repoRoot, 'pkg', 'sms_mfa_sdk_bg.wasm')));
  const client = sdk.createClient({ publicToken: SEED.publicToken, storage: 'memory' });
  const store = mfaStore(client);

  // Svelte's `get(store)`: subscribe, which must call run synchronously, then unsubscribe.
  const get = (s) => {
    let value;
    const unsubscribe = s.subscribe((v) => { value = v; });
    assert.equal(typeof unsubscribe, 'function', 'subscribe returns the unsubscribe function');
    unsubscribe();
    return value;
  };
  assert.deepEqual(get(store), { status: 'none' }, 'run is called at once with the current state');

  const a = [];
  const b = [];
  const offA = store.subscribe((v) => a.push(v.status));
  const offB = store.subscribe((v) => b.push(v.status));
  client.setPrimaryAuth({ intermediateSessionToken: 'ist-svelte', organizationId: 'organization-svelte', memberId: 'member-svelte' });
  assert.deepEqual(a, ['none', 'mfa_required']);
  assert.equal(get(store).memberId, 'member-svelte');
  offA();
  client.signOut();
  assert.deepEqual(a, ['none', 'mfa_required'], 'no calls after unsubscribing');
  assert.deepEqual(b, ['none', 'mfa_required', 'none'], 'the other subscriber still hears');
  offB();
  client.close();
});

// ---------------------------------------------------------------- no bundler

test('no bundler: the README page follows a login made in another tab', async () => {
  await emu.admin.reset();
  const dir = await fixture('no-bundler');
  const page = recipe('index.html');
  const fixtureMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))[1];
  const readmeMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)[1];
  assert.deepEqual(JSON.parse(readmeMap), JSON.parse(fixtureMap), "the README's import map is the fixture's");
  // The README's placeholder token is the one thing replaced.
  assert.ok(page.includes("'public-token-test-…'"));
  writeFileSync(join(dir, 'recipe.html'), page.replace("'public-token-test-…'", `'${SEED.publicToken}'`));
  const server = await serveStatic(dir);
  const context = await browser.newContext();
  try {
    const errors = [];
    const recipePage = await context.newPage();
    recipePage.on('pageerror', (e) => errors.push(e.message));
    await recipePage.goto(`${server.url}/recipe.html`);
    await recipePage.waitForFunction(() => document.getElementById('status').textContent === 'none');

    const app = await context.newPage();
    await app.goto(`${server.url}/?api=${encodeURIComponent(emu.url)}`);
    await app.waitForSelector('#status[data-status="none"]');
    await app.fill('#phone', SEED.consumerPhone);
    await app.click('#send');
    await recipePage.waitForFunction(() => document.getElementById('status').textContent === 'code_sent', undefined, { timeout: 10_000, polling: 100 });
    await app.fill('#code', await emu.admin.latestSmsCode(SEED.consumerPhone));
    await app.click('#verify');
    await recipePage.waitForFunction(() => document.getElementById('status').textContent === 'authenticated', undefined, { timeout: 10_000, polling: 100 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});
