// The `drop` and `truncate` faults as a browser sees them. Each fault is armed
// for ONE request, on a page whose earlier calls left a kept-alive connection
// to the emulator (the case where Chromium silently re-sends a POST whose
// reused connection closes without an answer). What each fault promises:
//   drop      -> the SDK call fails with `network_error` (status 0, retryable)
//   truncate  -> the SDK call fails with `invalid_response` (status 200, not retryable)
// and in both cases the fault is used exactly once, the state and storage are
// unchanged, no code was sent or consumed, and the next call succeeds.
// Firefox runs the same promises through the wasm suite (tests/web_faults.rs).
// Run: node --test tests/e2e/faults.test.mjs   (after scripts/build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startEmulator, launchBrowser, makeTestRoot, SEED } from './harness.mjs';

let emu;
let browser;
let www;
const verified = [];

before(async () => {
  www = makeTestRoot();
  emu = await startEmulator({ www });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emu?.stop();
  if (www) rmSync(www, { recursive: true, force: true });
  console.log(`faults verified in Chromium: ${verified.length} (${verified.join(', ')})`);
});

const PROMISES = {
  drop: { errorType: 'network_error', statusCode: 0, retryable: true },
  truncate: { errorType: 'invalid_response', statusCode: 200, retryable: false },
};

const OPS = {
  consumerSend: '/sdk/v1/otps/sms/login_or_create',
  consumerAuth: '/sdk/v1/otps/authenticate',
  mfaSend: '/sdk/v1/b2b/otps/sms/send',
  mfaAuth: '/sdk/v1/b2b/otps/sms/authenticate',
};

async function openPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${emu.url}/sdk.html`);
  await page.waitForSelector('html[data-ready]', { timeout: 15_000 });
  await page.evaluate(() => {
    window.client = window.sdk.createClient({ publicToken: 'public-token-test-emulator', baseUrl: location.origin, storage: 'localStorage' });
    window.call = async (method, input) => {
      try {
        return { ok: true, value: await window.client[method](input) };
      } catch (e) {
        return { ok: false, errorType: e.errorType, statusCode: e.statusCode, retryable: e.retryable };
      }
    };
    window.dump = () => JSON.stringify({ state: window.client.getMfaState(), local: { ...localStorage } });
  });
  const call = (method, input) => page.evaluate(([m, i]) => window.call(m, i), [method, input]);
  return { context, page, call };
}

/** Brings the page to the call that will be faulted; returns that call. */
async function setup(op, call) {
  const phone = SEED.consumerPhone;
  const mustOk = async (m, i) => { const r = await call(m, i); assert.ok(r.ok, `${m}: ${JSON.stringify(r)}`); return r; };
  // A first call on the page, so that the faulted one reuses a kept-alive connection.
  if (op === 'consumerSend') {
    await mustOk('sendSms', { phoneNumber: phone });
    await mustOk('authenticate', { code: await emu.admin.latestSmsCode(phone) });
    await call('signOut');
    return { method: 'sendSms', input: { phoneNumber: phone } };
  }
  if (op === 'consumerAuth') {
    await mustOk('sendSms', { phoneNumber: phone });
    return { method: 'authenticate', input: { code: await emu.admin.latestSmsCode(phone) } };
  }
  await mustOk('emailLoginOrSignup', { organizationId: SEED.orgId, emailAddress: SEED.alice.email });
  const emailCode = await emu.admin.latestEmailCode(SEED.alice.email);
  await mustOk('emailAuthenticate', { organizationId: SEED.orgId, emailAddress: SEED.alice.email, code: emailCode });
  if (op === 'mfaSend') return { method: 'sendSms', input: { organizationId: SEED.orgId, memberId: SEED.alice.id } };
  return { method: 'authenticate', input: { code: await emu.admin.latestSmsCode(SEED.alice.phone) } };
}

for (const kind of Object.keys(PROMISES)) {
  for (const [op, path] of Object.entries(OPS)) {
    test(`${kind} on ${op}: one armed fault fails the call with ${PROMISES[kind].errorType}`, async () => {
      await emu.admin.reset();
      const { context, page, call } = await openPage();
      try {
        const { method, input } = await setup(op, call);
        const before = await page.evaluate(() => window.dump());
        const smsBefore = (await emu.admin.sms(op.startsWith('mfa') ? SEED.alice.phone : SEED.consumerPhone)).length;
        await emu.admin.fault({ path, kind, count: 1 });
        const r = await call(method, input);
        assert.equal(r.ok, false, `the faulted ${method} succeeded (a browser re-send used the fault up?)`);
        assert.deepEqual({ errorType: r.errorType, statusCode: r.statusCode, retryable: r.retryable }, PROMISES[kind]);
        // Used exactly once, nothing changed, no code sent or consumed.
        assert.deepEqual((await emu.admin.faults()).faults, [], 'the fault was used up by this one request');
        assert.equal(await page.evaluate(() => window.dump()), before, 'state and storage unchanged');
        const smsAfter = (await emu.admin.sms(op.startsWith('mfa') ? SEED.alice.phone : SEED.consumerPhone)).length;
        assert.equal(smsAfter, smsBefore, 'no SMS was sent by the faulted call');
        // The same call now succeeds (for authenticate: the code was not consumed).
        const again = await call(method, input);
        assert.ok(again.ok, `after the fault: ${JSON.stringify(again)}`);
        const status = await page.evaluate(() => window.client.getMfaState().status);
        assert.equal(status, method === 'sendSms' ? 'code_sent' : 'authenticated');
        verified.push(`${kind}/${op}`);
      } finally {
        await context.close();
      }
    });
  }
}
