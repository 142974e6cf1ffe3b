// Stytch's own headless browser client (@stytch/vanilla-js 6.3.0) against the emulator,
// in headless Chromium: a consumer SMS login, and a B2B email OTP + SMS MFA sign-in.
// The page is served from a different origin (http://localhost:<A>) than the emulator
// (http://127.0.0.1:<B>), so CORS with credentials is exercised for real.
//
// Run: node --test emulator/tests/vanilla/   (needs `npm install`, Debian's chromium and a
// built emulator: target/release or target/debug, or EMULATOR_BIN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(join(root, 'package.json'));
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');

const PUBLIC = 'public-token-test-emulator';
const ORG = 'organization-test-emulator-acme';
const ALICE = 'member-test-emulator-alice';

function emulatorBin() {
  if (process.env.EMULATOR_BIN) return process.env.EMULATOR_BIN;
  for (const p of ['release', 'debug']) {
    const b = join(root, 'target', p, 'stytch-emulator');
    if (existsSync(b)) return b;
  }
  throw new Error('build the emulator first: cargo build -p stytch-emulator');
}

async function startEmulator() {
  const child = spawn(emulatorBin(), ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout });
  const url = await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('emulator did not start')), 30_000);
    rl.on('line', (l) => {
      const m = /^listening on (http:\/\/\S+)/.exec(l);
      if (m) { clearTimeout(t); res(m[1]); }
    });
    child.on('exit', (c) => rej(new Error(`emulator exited ${c}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function bundle(dir) {
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, `
    import { StytchHeadlessClient } from '@stytch/vanilla-js/headless';
    import { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';
    window.StytchHeadlessClient = StytchHeadlessClient;
    window.StytchB2BHeadlessClient = StytchB2BHeadlessClient;
  `);
  await esbuild.build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser',
    outfile: join(dir, 'stytch.js'), nodePaths: [join(root, 'node_modules')], logLevel: 'error',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/stytch.js"></script><title>vanilla</title>');
}

function serve(dir) {
  const server = createServer((req, res) => {
    const file = req.url === '/' ? 'index.html' : req.url.slice(1).split('?')[0];
    if (!['index.html', 'stytch.js'].includes(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(join(dir, file)));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

let emu, server, browser, dir, pageOrigin;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stytch-vanilla-'));
  await bundle(dir);
  server = await serve(dir);
  pageOrigin = `http://localhost:${server.address().port}`;
  emu = await startEmulator();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

test.after(async () => {
  await browser?.close();
  emu?.stop();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage() {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const failures = [];
  page.on('requestfailed', (r) => failures.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(pageOrigin + '/');
  await page.waitForFunction(() => window.StytchHeadlessClient && window.StytchB2BHeadlessClient);
  return { page, ctx, failures };
}

test('consumer SMS login with StytchHeadlessClient', async () => {
  const { page, ctx, failures } = await newPage();
  const out = await page.evaluate(async ({ api, token }) => {
    const lastCode = async (phone) => {
      const r = await fetch(`${api}/emulator/v1/sms?phone_number=${encodeURIComponent(phone)}`);
      const m = (await r.json()).messages;
      return m[m.length - 1].code;
    };
    const client = new window.StytchHeadlessClient(token, { endpoints: { testAPIURL: api, liveAPIURL: api } });
    const sent = await client.otps.sms.loginOrCreate('+12025550100', { expiration_minutes: 5 });
    const code = await lastCode('+12025550100');
    let wrong;
    try { await client.otps.authenticate(code === '000001' ? '000002' : '000001', sent.method_id, { session_duration_minutes: 60 }); }
    catch (e) { wrong = { name: e.name, error_type: e.error_type, status_code: e.status_code }; }
    const auth = await client.otps.authenticate(code, sent.method_id, { session_duration_minutes: 60 });
    const cookie = document.cookie;
    const session = client.session.getSync();
    const user = client.user.getSync();
    const refreshed = await client.session.authenticate({ session_duration_minutes: 60 });
    await client.session.revoke();
    return {
      method_id: sent.method_id, wrong, cookie,
      factor: auth.session.authentication_factors[0],
      session_id: session && session.session_id, user_id: user && user.user_id,
      refreshed: refreshed.session.session_id, after_revoke: client.session.getSync(), cookie_after: document.cookie,
    };
  }, { api: emu.url, token: PUBLIC });
  assert.equal(out.method_id, 'phone-number-test-emulator-consumer');
  assert.deepEqual(out.wrong, { name: 'StytchAPIError', error_type: 'otp_code_not_found', status_code: 404 });
  assert.equal(out.factor.type, 'otp');
  assert.equal(out.factor.delivery_method, 'sms');
  assert.equal(out.factor.phone_number_factor.phone_number, '+12025550100');
  assert.match(out.session_id, /^session-test-/);
  assert.equal(out.user_id, 'user-test-emulator-consumer');
  assert.equal(out.refreshed, out.session_id);
  assert.match(out.cookie, /stytch_session=/);
  assert.equal(out.after_revoke, null);
  assert.doesNotMatch(out.cookie_after, /stytch_session=/);
  assert.deepEqual(failures, []);
  await ctx.close();
});

test('B2B email OTP + SMS MFA with StytchB2BHeadlessClient', async () => {
  const { page, ctx, failures } = await newPage();
  const out = await page.evaluate(async ({ api, token, org, alice }) => {
    const last = async (kind, key, value) => {
      const r = await fetch(`${api}/emulator/v1/${kind}?${key}=${encodeURIComponent(value)}`);
      const m = (await r.json()).messages;
      return m[m.length - 1].code;
    };
    const client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: api, liveAPIURL: api } });
    await client.otps.email.loginOrSignup({ organization_id: org, email_address: 'alice@acme.test' });
    const emailCode = await last('email', 'email_address', 'alice@acme.test');
    const primary = await client.otps.email.authenticate({
      code: emailCode, email_address: 'alice@acme.test', organization_id: org, session_duration_minutes: 60,
    });
    const istCookie = document.cookie.includes('stytch_intermediate_session_token=');
    const smsCode = await last('sms', 'phone_number', '+12025550162');
    const mfa = await client.otps.sms.authenticate({
      organization_id: org, member_id: alice, code: smsCode, session_duration_minutes: 60,
    });
    const session = client.session.getSync();
    const refreshed = await client.session.authenticate();
    return {
      member_authenticated: primary.member_authenticated, initiated: primary.mfa_required?.secondary_auth_initiated,
      istCookie, member_session: !!mfa.member_session, factors: mfa.member_session.authentication_factors.length,
      session_member: session && session.member_id, istAfter: document.cookie.includes('stytch_intermediate_session_token='),
      cookie: document.cookie, refreshed: refreshed.member_session.member_session_id === session.member_session_id,
    };
  }, { api: emu.url, token: PUBLIC, org: ORG, alice: ALICE });
  assert.equal(out.member_authenticated, false);
  assert.equal(out.initiated, 'sms_otp');
  assert.equal(out.istCookie, true);
  assert.equal(out.member_session, true);
  assert.equal(out.factors, 2);
  assert.equal(out.session_member, ALICE);
  assert.equal(out.istAfter, false);
  assert.match(out.cookie, /stytch_session=/);
  assert.equal(out.refreshed, true);
  assert.deepEqual(failures, []);
  await ctx.close();
});
