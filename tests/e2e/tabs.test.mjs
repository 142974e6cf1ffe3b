// Two pages of one origin in one browser context (one cookie jar, one
// localStorage, one BroadcastChannel namespace), each with its own client:
// a code sent, an MFA completed and a sign-out in page A are seen by page B's
// getMfaState() and onChange (the delay is measured and printed); concurrent
// authenticate calls from both pages consume the code once; two concurrent
// calls in one page make one request.
// Run: node --test tests/e2e/   (after scripts/build.sh has copied the SDK into www/sdk/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, launchBrowser, SEED, makeTestRoot } from './harness.mjs';

const AUTH_PATH = '/sdk/v1/otps/authenticate'; // consumer SMS (Stytch's wire path)
const TIMEOUT = 10_000;

let emu;
let browser;
let www;
const delays = []; // { storage, event, onChange, getMfaState } in ms

before(async () => {
  www = makeTestRoot();
  emu = await startEmulator({ www });
  browser = await launchBrowser();
  await emu.admin.reset();
});

after(async () => {
  await browser?.close();
  await emu?.stop();
  if (www) rmSync(www, { recursive: true, force: true });
  if (delays.length) {
    const fmt = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);
    for (const d of delays) {
      console.log(`tab propagation (${d.storage}) ${d.event}: onChange in B ${fmt(d.onChange)}, getMfaState() in B ${fmt(d.getMfaState)} after A's change`);
    }
    const worst = Math.max(...delays.map((d) => Math.max(d.onChange ?? 0, d.getMfaState ?? 0)));
    console.log(`tab propagation: ${delays.length} measurements, worst ${fmt(worst)}`);
  }
});

/** Opens a page of the test origin with a client of `config` and an onChange log. */
async function openTab(context, config, errors) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${emu.url}/sdk.html`);
  await page.waitForSelector('html[data-ready]', { timeout: 15_000 });
  assert.equal(await page.getAttribute('html', 'data-ready'), 'true', await page.evaluate(() => window.sdkLoadError));
  await page.evaluate((cfg) => {
    const now = () => performance.timeOrigin + performance.now();
    window.t = { now, events: [] };
    window.t.client = window.sdk.createClient({ ...cfg, baseUrl: location.origin });
    window.t.client.onChange((s) => window.t.events.push({ status: s.status, at: now(), state: s }));
    // Polls getMfaState() and notes when it first reports each status.
    window.t.firstSeen = {};
    const poll = () => {
      const s = window.t.client.getMfaState().status;
      if (!(s in window.t.firstSeen)) window.t.firstSeen[s] = now();
      window.t.poller = setTimeout(poll, 0);
    };
    poll();
  }, config);
  return page;
}

async function twoTabs(config) {
  const context = await browser.newContext();
  const errors = [];
  const a = await openTab(context, config, errors);
  const b = await openTab(context, config, errors);
  return { context, a, b, errors };
}

/** Calls a client method in the page; resolves to {ok, value} or {ok:false, error fields}. */
function call(page, method, input) {
  return page.evaluate(async ([m, i]) => {
    try {
      const value = await window.t.client[m](i);
      return { ok: true, value, at: window.t.now() };
    } catch (e) {
      return {
        ok: false, at: window.t.now(), isSdkError: window.sdk.isSdkError(e), errorType: e && e.errorType,
        statusCode: e && e.statusCode, message: String(e),
      };
    }
  }, [method, input]);
}

const state = (page) => page.evaluate(() => window.t.client.getMfaState());

/** Clears the per-page marks so the next event is measured afresh. */
const mark = (page) => page.evaluate(() => { window.t.events.length = 0; window.t.firstSeen = {}; });

/**
 * Waits until page B's onChange fired and its getMfaState() showed `status`;
 * returns the first event (its time), the last event (its payload) and when
 * the poll first saw the status.
 */
async function seenIn(page, status) {
  try {
    await page.waitForFunction((s) => window.t.events.length > 0 && s in window.t.firstSeen,
      status, { timeout: TIMEOUT, polling: 10 });
  } catch (e) {
    const seen = await page.evaluate(() => ({
      events: window.t.events.map((x) => x.status), firstSeen: Object.keys(window.t.firstSeen), now: window.t.client.getMfaState().status,
    }));
    throw new Error(`${status} not seen in time: ${JSON.stringify(seen)}`);
  }
  await new Promise((r) => setTimeout(r, 50)); // a second event, if any, arrives
  // Through JSON: `event` and `last` are often the same object, which WebDriver
  // BiDi (Firefox) would send once, as a reference the driver does not resolve.
  return page.evaluate((s) => JSON.parse(JSON.stringify({
    event: window.t.events[0], last: window.t.events[window.t.events.length - 1], polled: window.t.firstSeen[s],
  })), status);
}

/** When page A's own onChange reported `status`. */
const changedAt = (page, status) => page.evaluate((s) => {
  const e = window.t.events.find((x) => x.status === s);
  return e ? e.at : null;
}, status);

/** onChange deliveries in page B whose payload was not the new state: { storage, event, got }. */
const stale = [];

async function measure(storage, event, a, b, status) {
  const seen = await seenIn(b, status);
  const from = await changedAt(a, status);
  assert.ok(from, `A's own onChange reported ${status}`);
  const d = { storage, event, onChange: seen.event.at - from, getMfaState: seen.polled - from };
  seen.stale = seen.last.status !== status || seen.event.status !== status;
  if (seen.stale) stale.push({ storage, event, got: seen.last.status });
  assert.equal(seen.last.status, status, `B's onChange payload after ${event}`);
  assert.equal(seen.event.status, status, `B's first onChange payload after ${event} (no stale one before it)`);
  delays.push(d);
  assert.ok(d.onChange < 2000 && d.getMfaState < 2000, `B sees ${status} within 2 s: ${JSON.stringify(d)}`);
  return seen;
}

for (const [storage, phone] of [['cookie', '+12025550141'], ['localStorage', '+12025550142']]) {
  test(`${storage}: a code sent, a login and a sign-out in page A reach page B`, async () => {
    const { context, a, b, errors } = await twoTabs({ publicToken: SEED.publicToken, storage });
    try {
      assert.equal((await state(b)).status, 'none');
      // (a) a code sent in A: B's state is code_sent (masked phone, same expiry) and its onChange fired.
      await mark(a); await mark(b);
      const sent = await call(a, 'sendSms', { phoneNumber: phone });
      assert.ok(sent.ok, `sendSms: ${sent.message}`);
      const seen = await measure(storage, 'code sent', a, b, 'code_sent');
      const sb = await state(b);
      assert.equal(sb.status, 'code_sent');
      assert.equal(sb.flow, 'login');
      assert.equal(sb.phoneMasked, sent.value.phoneMasked);
      assert.equal(sb.codeExpiresAt, sent.value.codeExpiresAt);
      assert.deepEqual(seen.last.state, sb, 'the onChange payload is the state');
      // Login completed in A: B is authenticated with the same session.
      const code = await emu.admin.latestSmsCode(phone);
      await mark(a); await mark(b);
      const auth = await call(a, 'authenticate', { code });
      assert.ok(auth.ok, `authenticate: ${auth.message}`);
      await measure(storage, 'login completed', a, b, 'authenticated');
      const ab = await state(b);
      assert.equal(ab.status, 'authenticated');
      assert.equal(ab.sessionId, auth.value.sessionId);
      // (c) sign-out in A: B is signed out too.
      await mark(a); await mark(b);
      await a.evaluate(() => window.t.client.signOut());
      await measure(storage, 'sign-out', a, b, 'none');
      assert.equal((await state(b)).status, 'none');
      assert.equal((await state(a)).status, 'none');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${storage}: a B2B MFA completed in page A is authenticated in page B`, async () => {
    const { context, a, b, errors } = await twoTabs({ publicToken: SEED.publicToken, storage });
    try {
      const before = (await emu.admin.sms(SEED.alice.phone)).length;
      const beforeEmail = (await emu.admin.email(SEED.alice.email)).length;
      const login = await call(a, 'emailLoginOrSignup', { organizationId: SEED.orgId, emailAddress: SEED.alice.email });
      assert.ok(login.ok, `emailLoginOrSignup: ${login.message}`);
      const emailCode = await emu.admin.latestEmailCode(SEED.alice.email, beforeEmail + 1);
      await mark(a); await mark(b);
      const primary = await call(a, 'emailAuthenticate', { organizationId: SEED.orgId, emailAddress: SEED.alice.email, code: emailCode });
      assert.ok(primary.ok, `emailAuthenticate: ${primary.message}`);
      assert.equal(primary.value.status, 'mfa_required');
      // The pending MFA step reaches B.
      await measure(storage, 'MFA required', a, b, 'mfa_required');
      const pending = await state(b);
      assert.equal(pending.memberId, SEED.alice.id);
      assert.equal(pending.organizationId, SEED.orgId);
      // A completes the MFA with the code sent at primary login.
      const code = await emu.admin.latestSmsCode(SEED.alice.phone, before + 1);
      await mark(a); await mark(b);
      const auth = await call(a, 'authenticate', { code });
      assert.ok(auth.ok, `authenticate: ${auth.message}`);
      await measure(storage, 'MFA completed', a, b, 'authenticated');
      const sb = await state(b);
      assert.equal(sb.status, 'authenticated');
      assert.equal(sb.sessionId, auth.value.sessionId);
      assert.equal(sb.memberId, SEED.alice.id);
      assert.equal(sb.organizationId, SEED.orgId);
      await a.evaluate(() => window.t.client.signOut());
      await seenIn(b, 'none');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const [storage, phone] of [['cookie', '+12025550143'], ['localStorage', '+12025550144']]) {
  test(`${storage}: a code sent from page A is entered in page B, and A sees the session`, async () => {
    const { context, a, b, errors } = await twoTabs({ publicToken: SEED.publicToken, storage });
    try {
      const sent = await call(a, 'sendSms', { phoneNumber: phone });
      assert.ok(sent.ok, `sendSms: ${sent.message}`);
      await seenIn(b, 'code_sent');
      const code = await emu.admin.latestSmsCode(phone);
      await mark(a); await mark(b);
      const auth = await call(b, 'authenticate', { code });
      assert.ok(auth.ok, `authenticate in B: ${auth.message}`);
      await seenIn(a, 'authenticated');
      const sa = await state(a);
      assert.equal(sa.status, 'authenticated');
      assert.equal(sa.sessionId, auth.value.sessionId);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('concurrent authenticate with one code from two pages: the server accepts it once, both pages end authenticated', async () => {
  const rounds = 5;
  const tally = { bothCalled: 0, winnerA: 0, winnerB: 0, loserErrors: {} };
  for (let round = 0; round < rounds; round++) {
    const phone = `+120255501${50 + round}`;
    const { context, a, b, errors } = await twoTabs({ publicToken: SEED.publicToken });
    const answers = [];
    context.on('response', (r) => {
      if (new URL(r.url()).pathname === AUTH_PATH) answers.push({ page: r.page === a ? 'A' : 'B', status: r.status() });
    });
    try {
      const sent = await call(a, 'sendSms', { phoneNumber: phone });
      assert.ok(sent.ok, `sendSms: ${sent.message}`);
      await seenIn(b, 'code_sent');
      const code = await emu.admin.latestSmsCode(phone);
      // Both pages start authenticate in the same turn of the test.
      const [ra, rb] = await Promise.all([call(a, 'authenticate', { code }), call(b, 'authenticate', { code })]);
      const results = { A: ra, B: rb };
      const ok = Object.entries(results).filter(([, r]) => r.ok);
      const failed = Object.entries(results).filter(([, r]) => !r.ok);
      assert.equal(ok.length, 1, `exactly one page succeeds: ${JSON.stringify(results)}`);
      assert.equal(failed.length, 1);
      const [loser, err] = failed[0];
      assert.ok(err.isSdkError, `the other page gets a typed SdkError: ${err.message}`);
      assert.ok(['unable_to_auth_otp_code', 'otp_code_not_found', 'no_pending_challenge'].includes(err.errorType),
        `loser's error type: ${err.errorType}`);
      assert.doesNotMatch(err.message, new RegExp(code), 'the error does not echo the code');
      tally.loserErrors[err.errorType] = (tally.loserErrors[err.errorType] || 0) + 1;
      if (ok[0][0] === 'A') tally.winnerA += 1; else tally.winnerB += 1;
      // The server's side: exactly one 200 for the code.
      await new Promise((r) => setTimeout(r, 100));
      const accepted = answers.filter((x) => x.status === 200);
      assert.equal(accepted.length, 1, `one authenticate accepted by the server: ${JSON.stringify(answers)}`);
      assert.equal(accepted[0].page, ok[0][0], 'the page that succeeded is the one the server accepted');
      assert.ok(answers.every((x) => x.status === 200 || (x.status >= 400 && x.status < 500)), JSON.stringify(answers));
      if (answers.length === 2) {
        tally.bothCalled += 1;
        assert.equal(err.statusCode, answers.find((x) => x.page === loser).status);
      }
      // Both pages agree: authenticated with the winner's session.
      const session = ok[0][1].value;
      await seenIn(loser === 'A' ? a : b, 'authenticated');
      for (const p of [a, b]) {
        const s = await state(p);
        assert.equal(s.status, 'authenticated');
        assert.equal(s.sessionId, session.sessionId);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  console.log(`concurrent authenticate from two pages: ${rounds} rounds, both pages reached the server in ${tally.bothCalled}, `
    + `winner A ${tally.winnerA} / B ${tally.winnerB}, loser errors ${JSON.stringify(tally.loserErrors)}`);
});

test('two concurrent authenticate calls in one page make one request and share its outcome', async () => {
  const context = await browser.newContext();
  const errors = [];
  try {
    const page = await openTab(context, { publicToken: SEED.publicToken, storage: 'memory' }, errors);
    const requests = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === AUTH_PATH) requests.push(r.method()); });
    const phone = '+12025550160';
    const sent = await call(page, 'sendSms', { phoneNumber: phone });
    assert.ok(sent.ok, sent.message);
    const code = await emu.admin.latestSmsCode(phone);
    const r = await page.evaluate(async (c) => {
      const p1 = window.t.client.authenticate({ code: c });
      const p2 = window.t.client.authenticate({ code: c });
      const [s1, s2] = await Promise.allSettled([p1, p2]);
      return { same: p1 === p2, s1: s1.status, s2: s2.status, id1: s1.value && s1.value.sessionId, id2: s2.value && s2.value.sessionId };
    }, code);
    await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(requests.filter((m) => m === 'POST'), ['POST'], `one authenticate request: ${JSON.stringify(requests)}`);
    assert.equal(r.s1, 'fulfilled');
    assert.equal(r.s2, 'fulfilled');
    assert.ok(r.id1 && r.id1 === r.id2, 'both calls get the same session');
    assert.equal((await state(page)).status, 'authenticated');
    // Same with a wrong code: one request, both calls rejected alike, state unchanged.
    requests.length = 0;
    const sent2 = await call(page, 'sendSms', { phoneNumber: phone });
    assert.ok(sent2.ok, sent2.message);
    const code2 = await emu.admin.latestSmsCode(phone, 2);
    const wrong = code2.split('').map((d) => String((Number(d) + 5) % 10)).join('');
    const w = await page.evaluate(async (c) => {
      const rs = await Promise.allSettled([window.t.client.authenticate({ code: c }), window.t.client.authenticate({ code: c })]);
      return rs.map((x) => (x.status === 'rejected' ? `${x.reason.name}:${x.reason.errorType}` : 'fulfilled'));
    }, wrong);
    await new Promise((res) => setTimeout(res, 100));
    assert.equal(requests.filter((m) => m === 'POST').length, 1, 'one request for two calls');
    assert.deepEqual(w, ['SdkError:otp_code_not_found', 'SdkError:otp_code_not_found']);
    const st = await state(page);
    assert.equal(st.status, 'code_sent');
    assert.equal(st.flow, 'step_up');
    assert.deepEqual(errors, []);
    console.log('one page, two concurrent authenticate calls: 1 request (right code and wrong code)');
  } finally {
    await context.close();
  }
});

/** Flips page A between mfa_required (setPrimaryAuth, local only) and none (signOut) `n` times; counts B's stale onChange payloads. */
async function flips(storage, n) {
  const { context, a, b, errors } = await twoTabs({ publicToken: SEED.publicToken, storage });
  try {
    let staleCount = 0;
    let repeated = 0;
    let converged = 0;
    for (let i = 0; i < n; i++) {
      const want = i % 2 === 0 ? 'mfa_required' : 'none';
      await mark(b);
      await a.evaluate((w) => {
        if (w === 'none') window.t.client.signOut();
        else {
          window.t.client.setPrimaryAuth({
            intermediateSessionToken: `ist-flip-${crypto.randomUUID()}`, organizationId: 'organization-test-emulator-acme', memberId: 'member-test-emulator-alice',
          });
        }
      }, want);
      const seen = await seenIn(b, want);
      if (seen.last.status !== want || seen.event.status !== want) staleCount += 1;
      if ((await b.evaluate(() => window.t.events.length)) !== 1) repeated += 1;
      if ((await state(b)).status === want) converged += 1;
    }
    assert.deepEqual(errors, []);
    return { staleCount, converged, repeated };
  } finally {
    await context.close();
  }
}

const FLIPS = 40;
const flipResults = {};

test(`page B's getMfaState() follows ${FLIPS} state flips in page A (cookie, localStorage)`, async () => {
  for (const storage of ['cookie', 'localStorage']) {
    flipResults[storage] = await flips(storage, FLIPS);
    assert.equal(flipResults[storage].converged, FLIPS, `${storage}: B's state after every flip`);
    assert.equal(flipResults[storage].repeated, 0, `${storage}: B's onChange is called once per change`);
    console.log(`state flips (${storage}): ${FLIPS}, B's getMfaState() right ${flipResults[storage].converged}, `
      + `B's onChange payload stale ${flipResults[storage].staleCount}, called more than once ${flipResults[storage].repeated}`);
  }
  assert.equal(flipResults.cookie.staleCount, 0, 'cookie: every onChange in B carries the new state');
});

// The channel message can arrive before the page sees the other page's
// localStorage write: the client reads the state again on the storage event
// and calls onChange only with a state that changed.
test('localStorage: the onChange payload in another page is the new state', () => {
  const seenStale = stale.filter((x) => x.storage === 'localStorage');
  assert.equal(flipResults.localStorage.staleCount + seenStale.length, 0,
    `stale payloads: ${flipResults.localStorage.staleCount} of ${FLIPS} flips, ${seenStale.length} in the flows ${JSON.stringify(seenStale)}`);
});
