// What the SDK leaves behind in the browser. After a consumer SMS login, a
// step-up, a sign-out and a B2B e-mail + SMS MFA flow (with wrong codes and
// other failures on the way), every cookie (context.cookies()) and every
// localStorage and sessionStorage key and value is scanned: no OTP code is
// stored anywhere, tokens sit only under their own names, the intermediate
// session token cookie (MFA pending) has SameSite=Lax, no Secure on a
// loopback host and a ~10 minute expiry. The page logs every result and error
// to the console as an app would; neither the console nor String()/JSON of
// any SdkError carries a token or a code.
// Run: node --test tests/e2e/   (after scripts/build.sh has copied the SDK into www/sdk/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, launchBrowser, wrongCode, SEED, makeTestRoot } from './harness.mjs';

const NAMES = {
  session: 'stytch_session',
  jwt: 'stytch_session_jwt',
  ist: 'stytch_intermediate_session_token',
  state: 'sms_mfa_state',
};

let emu;
let browser;
let www;
const totals = { scans: 0, cookies: 0, storageItems: 0, codes: new Set(), tokens: new Set(), errors: 0, consoleLines: 0 };

before(async () => {
  www = makeTestRoot();
  emu = await startEmulator({ www });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emu?.stop();
  if (www) rmSync(www, { recursive: true, force: true });
  console.log(`security scan: ${totals.scans} scans of ${totals.cookies} cookies and ${totals.storageItems} localStorage/sessionStorage items, `
    + `${totals.codes.size} distinct codes (sent and typed) and ${totals.tokens.size} distinct tokens looked for; `
    + `${totals.errors} SdkErrors stringified, ${totals.consoleLines} console lines checked`);
});

/** `code` as a whole number inside `text` (not a run of digits within a longer one). */
const hasCode = (text, code) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text);

/**
 * One browser context with one page running a client of `storage`, and the
 * bookkeeping of everything secret seen on the wire.
 */
async function session(storage, { count = true } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleLines = [];
  const pageErrors = [];
  const secrets = { codes: new Set(), tokens: new Set() };
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Every token the server hands out (read from the responses themselves).
  page.on('response', async (r) => {
    if (!new URL(r.url()).pathname.startsWith('/sdk/v1/')) return;
    let body;
    try { body = await r.json(); } catch { return; }
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (typeof x === 'string' && x.length >= 16 && /(_token|_jwt)$/.test(k)) secrets.tokens.add(x);
          else walk(x);
        }
      }
    };
    walk(body);
  });
  await page.goto(`${emu.url}/sdk.html`);
  await page.waitForSelector('html[data-ready]', { timeout: 15_000 });
  assert.equal(await page.getAttribute('html', 'data-ready'), 'true', await page.evaluate(() => window.sdkLoadError));
  await page.evaluate((st) => {
    window.client = window.sdk.createClient({ publicToken: 'public-token-test-emulator', baseUrl: location.origin, storage: st });
    window.errors = [];
    // An app that logs everything it gets back.
    window.client.onChange((s) => console.log('state', JSON.stringify(s)));
    window.run = async (method, input) => {
      try {
        const v = await window.client[method](input);
        console.log(method, 'ok', JSON.stringify(v));
        return { ok: true, value: v };
      } catch (e) {
        console.error(e);
        console.warn(method, 'failed', String(e), JSON.stringify(e));
        const fields = {};
        for (const k of Object.getOwnPropertyNames(e)) fields[k] = e[k];
        window.errors.push({ method, string: String(e), json: JSON.stringify(e), stack: String(e.stack), fields: JSON.stringify(fields), isSdkError: window.sdk.isSdkError(e) });
        return { ok: false, errorType: e.errorType, statusCode: e.statusCode, isSdkError: window.sdk.isSdkError(e) };
      }
    };
  }, storage);
  const run = async (method, input, expectOk = true) => {
    const r = await page.evaluate(([m, i]) => window.run(m, i), [method, input]);
    if (expectOk) assert.ok(r.ok, `${method}: ${JSON.stringify(r)}`);
    else assert.ok(!r.ok && r.isSdkError, `${method} fails with a typed SdkError: ${JSON.stringify(r)}`);
    return r;
  };

  /** Scans every cookie and Web Storage item of the origin; returns them. */
  const scan = async (when) => {
    const cookies = await context.cookies();
    const webStorage = await page.evaluate(() => {
      const dump = (s, source) => Array.from({ length: s.length }, (_, i) => s.key(i)).map((key) => ({ source, key, value: s.getItem(key) }));
      return [...dump(localStorage, 'localStorage'), ...dump(sessionStorage, 'sessionStorage')];
    });
    const items = [
      ...cookies.map((c) => ({ source: 'cookie', key: c.name, value: decodeURIComponent(c.value) })),
      ...webStorage,
    ];
    if (count) {
      totals.scans += 1;
      totals.cookies += cookies.length;
      totals.storageItems += webStorage.length;
    }
    for (const { source, key, value } of items) {
      const where = `${when}: ${source} ${key}`;
      for (const code of secrets.codes) {
        assert.ok(!hasCode(key, code), `${where}: an OTP code in the name`);
        // Tokens are the server's own strings (checked below); anything else must not hold a code.
        if (!secrets.tokens.has(value)) assert.ok(!hasCode(value, code), `${where}: an OTP code is stored`);
      }
      if (secrets.tokens.has(value)) {
        assert.ok([NAMES.session, NAMES.jwt, NAMES.ist].includes(key), `${where}: a token stored under an unexpected name`);
      } else {
        for (const t of secrets.tokens) assert.ok(!value.includes(t), `${where}: a token inside another value`);
      }
    }
    return { cookies, items };
  };
  return { context, page, run, scan, secrets, consoleLines, pageErrors };
}

/** Adds the newest code of `phone` to the secrets and returns it. */
async function smsCode(s, phone, atLeast) {
  const code = await emu.admin.latestSmsCode(phone, atLeast);
  s.secrets.codes.add(code);
  return code;
}

/** A wrong code for `code`; typed codes are secrets too. */
function typo(s, code) {
  const w = wrongCode(code);
  s.secrets.codes.add(w);
  return w;
}

/** Checks the console and every SdkError of the session for secrets; records the totals. */
async function checkLeaks(s) {
  const errors = await s.page.evaluate(() => window.errors);
  assert.ok(errors.length >= 5, `errors were produced (${errors.length})`);
  for (const e of errors) {
    assert.ok(e.isSdkError, `${e.method}: typed SdkError: ${e.string}`);
    const text = [e.string, e.json, e.stack, e.fields].join('\n');
    for (const code of s.secrets.codes) assert.ok(!hasCode(text, code), `${e.method}: the error ${e.string} carries a code`);
    for (const t of s.secrets.tokens) assert.ok(!text.includes(t), `${e.method}: the error ${e.string} carries a token`);
  }
  assert.ok(s.consoleLines.length > 10, 'the page logged its results');
  const logged = s.consoleLines.join('\n');
  for (const code of s.secrets.codes) assert.ok(!hasCode(logged, code), 'an OTP code in the console');
  for (const t of s.secrets.tokens) assert.ok(!logged.includes(t), 'a token in the console');
  assert.deepEqual(s.pageErrors, [], 'no uncaught errors');
  for (const c of s.secrets.codes) totals.codes.add(c);
  for (const t of s.secrets.tokens) totals.tokens.add(t);
  totals.errors += errors.length;
  totals.consoleLines += s.consoleLines.length;
}

const byName = (cookies, name) => cookies.find((c) => c.name === name);

/** Consumer login, step-up and sign-out, with failures on the way; scans after each step. */
async function consumerFlows(s, phone, storage) {
  await s.run('sendSms', { phoneNumber: '+1 242 555 0100' }, false); // unsupported country
  await s.run('authenticate', { code: '000000' }, false); // nothing pending
  const sent = await s.run('sendSms', { phoneNumber: phone });
  assert.equal(sent.value.flow, 'login');
  const code = await smsCode(s, phone, 1);
  await s.scan('login code sent');
  await s.run('authenticate', { code: typo(s, code) }, false);
  await s.run('authenticate', { code: `${code.slice(0, 3)}.${code.slice(3)}` }, false); // malformed: a dot is not a separator
  await s.scan('wrong codes tried');
  const first = await s.run('authenticate', { code });
  await s.run('authenticate', { code }, false); // used
  const afterLogin = await s.scan('logged in');
  if (storage === 'cookie') {
    const sess = byName(afterLogin.cookies, NAMES.session);
    assert.ok(sess && s.secrets.tokens.has(decodeURIComponent(sess.value)), 'the session token cookie holds the server\'s token');
    assert.ok(byName(afterLogin.cookies, NAMES.jwt), 'the JWT cookie is set');
    for (const c of afterLogin.cookies) {
      assert.equal(c.sameSite, 'Lax', `${c.name}: SameSite`);
      assert.equal(c.secure, false, `${c.name}: no Secure on a loopback host`);
    }
    // The session cookie lives as long as the session (default 60 min), not longer.
    const expires = sess.expires * 1000;
    assert.ok(Math.abs(expires - first.value.expiresAt) < 5_000, `session cookie expiry ${expires} vs session ${first.value.expiresAt}`);
  }
  // Step-up on the same session.
  const up = await s.run('sendSms', { phoneNumber: phone });
  assert.equal(up.value.flow, 'step_up');
  const code2 = await smsCode(s, phone, 2);
  await s.scan('step-up code sent');
  await s.run('authenticate', { code: typo(s, code2) }, false);
  await s.run('authenticate', { code: code2 });
  await s.scan('stepped up');
  await s.page.evaluate(() => window.client.signOut());
  const out = await s.scan('signed out');
  assert.deepEqual(out.items.filter((i) => Object.values(NAMES).includes(i.key)).map((i) => `${i.source} ${i.key}`), [],
    'nothing of the SDK left after sign-out');
}

/** B2B: e-mail primary factor, MFA pending (IST cookie checked), wrong codes, MFA completed. */
async function b2bFlow(s, storage) {
  const member = SEED.alice;
  const emails = (await emu.admin.email(member.email)).length;
  const smsBefore = (await emu.admin.sms(member.phone)).length;
  await s.run('emailLoginOrSignup', { organizationId: SEED.orgId, emailAddress: member.email });
  const emailCode = await emu.admin.latestEmailCode(member.email, emails + 1);
  s.secrets.codes.add(emailCode);
  await s.run('emailAuthenticate', { organizationId: SEED.orgId, emailAddress: member.email, code: typo(s, emailCode) }, false);
  const primary = await s.run('emailAuthenticate', { organizationId: SEED.orgId, emailAddress: member.email, code: emailCode });
  assert.equal(primary.value.status, 'mfa_required');
  const code = await smsCode(s, member.phone, smsBefore + 1);
  const pending = await s.scan('MFA pending');
  const stored = pending.items.find((i) => i.key === NAMES.ist);
  assert.ok(stored && s.secrets.tokens.has(stored.value), `the IST is stored (${storage}) and is the server's token`);
  if (storage === 'cookie') {
    const ist = byName(pending.cookies, NAMES.ist);
    const now = Date.now();
    assert.equal(ist.sameSite, 'Lax', 'IST cookie SameSite=Lax');
    assert.equal(ist.secure, false, 'IST cookie without Secure on 127.0.0.1');
    assert.equal(ist.path, '/', 'IST cookie Path=/');
    assert.ok(ist.expires > 0, 'IST cookie is persistent with an expiry');
    const ttl = ist.expires * 1000 - now;
    assert.ok(ttl > 570_000 && ttl <= 601_000, `IST cookie expires in ~10 min (${Math.round(ttl / 1000)} s)`);
    assert.ok(Math.abs(ist.expires * 1000 - primary.value.istExpiresAt) < 2_000, 'IST cookie expiry = istExpiresAt');
    istChecks.push({ storage, ttlSeconds: Math.round(ttl / 1000), sameSite: ist.sameSite, secure: ist.secure });
  }
  await s.run('authenticate', { code: typo(s, code) }, false);
  await s.scan('wrong MFA code');
  await s.run('sendSms', { organizationId: SEED.orgId, memberId: 'member-test-emulator-nobody' }, false);
  // An answer the SDK cannot read (fault, before the server looks at the code): the
  // typed code is not echoed and the pending step is kept.
  await emu.admin.fault({ path: '/sdk/v1/b2b/otps/sms/authenticate', count: 1, kind: 'malformed_json' });
  const bad = await s.run('authenticate', { code }, false);
  assert.equal(bad.errorType, 'invalid_response');
  await emu.admin.clearFaults();
  await s.scan('unreadable answer');
  const done = await s.run('authenticate', { code });
  assert.equal(done.value.memberId, member.id);
  const after = await s.scan('MFA completed');
  assert.ok(!after.items.some((i) => i.key === NAMES.ist), 'the IST is removed once the MFA is done');
  // A forged intermediate session: the server refuses it, the error does not echo it.
  await s.page.evaluate(() => window.client.signOut());
  const forged = `intermediate-session-token-forged-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  s.secrets.tokens.add(forged);
  await s.page.evaluate((t) => window.client.setPrimaryAuth({ intermediateSessionToken: t, organizationId: 'organization-test-emulator-acme', memberId: 'member-test-emulator-alice' }), forged);
  const r = await s.run('sendSms', { organizationId: SEED.orgId, memberId: member.id }, false);
  assert.equal(r.statusCode, 404, JSON.stringify(r));
  await s.page.evaluate(() => window.client.signOut());
  const out = await s.scan('signed out (B2B)');
  assert.deepEqual(out.items.filter((i) => Object.values(NAMES).includes(i.key)).map((i) => `${i.source} ${i.key}`), []);
}

const istChecks = [];

for (const [storage, phone] of [['cookie', '+12025550171'], ['localStorage', '+12025550172'], ['sessionStorage', '+12025550173']]) {
  test(`${storage}: no code stored, tokens only under their names, nothing in the console or in errors`, async () => {
    await emu.admin.reset();
    const s = await session(storage);
    try {
      await consumerFlows(s, phone, storage);
      await b2bFlow(s, storage);
      assert.ok(s.secrets.tokens.size >= 5, `tokens seen on the wire: ${s.secrets.tokens.size}`);
      assert.ok(s.secrets.codes.size >= 8, `codes: ${s.secrets.codes.size}`);
      await checkLeaks(s);
      if (storage === 'cookie') {
        assert.equal(istChecks.length, 1);
        console.log(`IST cookie while MFA pending: SameSite=${istChecks[0].sameSite}, Secure=${istChecks[0].secure}, expires in ${istChecks[0].ttlSeconds} s`);
      }
    } finally {
      await s.context.close();
    }
  });
}

test('the scan itself catches a stored code and a token under another name', async () => {
  const s = await session('memory', { count: false });
  try {
    const code = '135790';
    const token = `session-token-planted-${'x'.repeat(24)}`;
    s.secrets.codes.add(code);
    s.secrets.tokens.add(token);
    await s.scan('clean page');
    await s.page.evaluate((c) => localStorage.setItem('note', `your code is ${c}`), code);
    await assert.rejects(s.scan('planted code'), /an OTP code is stored/);
    await s.page.evaluate(() => localStorage.clear());
    await s.page.evaluate((t) => { document.cookie = `other=${t}; Path=/`; }, token);
    await assert.rejects(s.scan('planted token'), /a token stored under an unexpected name/);
    await s.page.evaluate(() => { document.cookie = 'other=; Path=/; Max-Age=0'; });
    await s.scan('clean again');
  } finally {
    await s.context.close();
  }
});
