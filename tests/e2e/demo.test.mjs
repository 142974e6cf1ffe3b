// End-to-end tests of the demo page (www/) in headless Chromium, served by the
// emulator itself (`--www www`), so the SDK talks to it same-origin.
// Run: node --test tests/e2e/   (after scripts/build.sh has copied the SDK into www/sdk/)
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  repoRoot, startEmulator, launchBrowser, screenshot, watchConsole, wrongCode, SEED,
} from './harness.mjs';

const www = join(repoRoot, 'www');
let emu;
let browser;
let context;
let page;
let problems;

before(async () => {
  assert.ok(existsSync(join(www, 'sdk', 'pkg', 'sms_mfa_sdk.js')) && existsSync(join(www, 'sdk', 'pkg', 'sms_mfa_sdk_bg.wasm')),
    'www/sdk/ is missing: run `bash scripts/build.sh` first');
  emu = await startEmulator({ www });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emu?.stop();
});

beforeEach(async () => {
  await emu.admin.reset();
  context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  page = await context.newPage();
  problems = watchConsole(page);
});

afterEach(async () => {
  await context?.close();
  assert.deepEqual(problems, [], 'no CSP violations or uncaught errors');
});

async function open(hash = '') {
  await page.goto(`${emu.url}/${hash}`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
}

const visible = (sel) => page.waitForSelector(sel, { state: 'visible', timeout: 10_000 });
const text = (sel) => page.innerText(sel);
const activeId = () => page.evaluate(() => document.activeElement && document.activeElement.id);

async function consumerSend(phoneTyped = '202 555 0100') {
  await visible('#c-phone-form');
  await page.selectOption('#c-country', 'US');
  await page.fill('#c-phone', phoneTyped);
  await page.click('#c-phone-form [data-submit]');
  await visible('#c-code-form');
}

async function b2bPrimary(member) {
  await page.click('#tab-b2b');
  await visible('#b-email-form');
  await page.selectOption('#b-org', SEED.orgId);
  await page.fill('#b-email', member.email);
  await page.click('#b-email-form [data-submit]');
  await visible('#b-email-code-form');
  const emailCode = await emu.admin.latestEmailCode(member.email);
  await page.fill('#b-email-code', emailCode); // 6 digits auto-submit
}

/** After the email code: reach the SMS code step (sending if the server did not already). */
async function reachMfaCode() {
  const which = await Promise.race([
    visible('#b-code-form').then(() => 'code'),
    visible('#b-send-form').then(() => 'send'),
  ]);
  if (which === 'send') {
    await page.click('#b-send-form [data-submit]');
    await visible('#b-code-form');
  }
}

test('page loads under the strict CSP with both tabs, labels and the outbox panel', async () => {
  await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(await page.count('script:not([src])'), 0, 'no inline script');
  assert.equal(await page.getAttribute('#tab-consumer', 'aria-selected'), 'true');
  assert.equal(await page.count('[role=tab]'), 2);
  assert.equal(await text('label[for="c-phone"]'), 'Mobile number');
  assert.match(await text('#env-text'), /project-test-emulator/);
  assert.ok(await page.isVisible('#dev-panel'));
  for (const id of ['c-code', 'b-code', 'b-email-code']) {
    assert.equal(await page.getAttribute(`#${id}`, 'autocomplete'), 'one-time-code');
    assert.equal(await page.getAttribute(`#${id}`, 'inputmode'), 'numeric');
  }
  // Live E.164 feedback from the SDK's normaliser, with the country hint.
  await page.selectOption('#c-country', 'US');
  await page.fill('#c-phone', '(202) 555-0100');
  assert.match(await text('#c-phone-hint'), /\+1 202 555 0100/);
  assert.equal(await page.getAttribute('#c-phone-hint', 'data-e164'), SEED.consumerPhone);
  await page.fill('#c-phone', '+44 7700 900123');
  assert.match(await text('#c-phone-hint'), /\+44 .*United Kingdom/);
  await page.fill('#c-phone', '+1 242 555 0100'); // Bahamas: unsupported
  assert.match(await text('#c-phone-hint'), /cannot text|Not a valid/);
  await screenshot(page, '01-start');
});

test('consumer SMS login end to end, code read from the outbox panel', async () => {
  await open();
  await consumerSend();
  assert.equal(await activeId(), 'c-code', 'focus moves to the passcode field');
  assert.match(await text('#c-code-form [data-phone-masked]'), /0100/);
  assert.doesNotMatch(await text('#c-code-form [data-phone-masked]'), /202555/, 'phone is masked');
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  // The development panel shows the same code.
  await page.waitForFunction((c) => [...document.querySelectorAll('#outbox li[data-kind="sms"] .msg-code')].some((e) => e.textContent === c), code, { timeout: 10_000 });
  await screenshot(page, '02-consumer-code');
  await page.click('#outbox li[data-kind="sms"] [data-use-code]');
  await visible('[data-view="c-done"]');
  assert.match(await text('[data-view="c-done"]'), /You are signed in/);
  assert.match(await text('[data-view="c-done"] .session'), /Session/);
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === 'stytch_session' && c.value), 'session cookie written');
  assert.equal(await page.getAttribute('html', 'data-status'), 'authenticated');
  await screenshot(page, '03-consumer-done');
  // Sign out returns to the phone step.
  await page.click('[data-view="c-done"] [data-sign-out]');
  await visible('#c-phone-form');
  assert.equal(await page.getAttribute('html', 'data-status'), 'none');
});

test('wrong code shows an announced error and keeps the step; the right code then works', async () => {
  await open();
  await consumerSend();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await page.fill('#c-code', wrongCode(code));
  await page.waitForFunction(() => document.querySelector('#c-code-error').textContent.length > 0);
  assert.match(await text('#c-code-error'), /not right/);
  assert.equal(await page.getAttribute('#c-code-error', 'role'), 'alert');
  assert.equal(await page.getAttribute('#c-code', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#c-code-error', 'data-error-type'), 'otp_code_not_found');
  assert.ok(await page.isVisible('#c-code-form'), 'still on the passcode step');
  assert.equal(await activeId(), 'c-code', 'focus returns to the field');
  await screenshot(page, '04-wrong-code');
  // Paste the whole SMS text (a real paste, Ctrl+V): the code is extracted.
  await page.paste('#c-code', `Your verification code is ${code}. It expires in 2 minutes.`);
  await visible('[data-view="c-done"]');
});

test('expired code (emulator clock advanced) gives the expiry message', async () => {
  await open();
  await consumerSend();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await emu.admin.advance(180);
  await page.fill('#c-code', code);
  await page.waitForFunction(() => document.querySelector('#c-code-error').textContent.length > 0);
  assert.equal(await page.getAttribute('#c-code-error', 'data-error-type'), 'unable_to_auth_otp_code');
  assert.match(await text('#c-code-error'), /expired/);
  assert.ok(await page.isVisible('#c-code-form'));
  await screenshot(page, '05-expired-code');
});

test('resend countdown follows resendAllowedAt, then a resend sends a new code', async () => {
  await page.clock.install();
  await open();
  await consumerSend();
  const first = await emu.admin.latestSmsCode(SEED.consumerPhone, 1);
  const resend = page.locator('#c-code-form [data-resend]');
  assert.ok(await resend.isDisabled(), 'resend disabled right after sending');
  assert.match(await resend.innerText(), /Resend in \d+:\d\d/);
  const allowedAt = await page.evaluate(() => window.smsMfaDemo.getMfaState().resendAllowedAt);
  const w1 = Number(await resend.getAttribute('data-wait'));
  assert.ok(w1 > 0, 'a wait is shown');
  assert.ok(allowedAt > 0, 'state has resendAllowedAt');
  assert.ok(Math.abs(allowedAt - (await page.evaluate(() => Date.now())) - w1 * 1000) < 2000);
  await page.clock.fastForward(2000);
  await page.waitForFunction((w) => Number(document.querySelector('#c-code-form [data-resend]').dataset.wait) < w, w1);
  await screenshot(page, '06-resend-countdown');
  await page.clock.fastForward((w1 + 1) * 1000);
  await page.waitForFunction(() => !document.querySelector('#c-code-form [data-resend]').disabled);
  assert.equal(await resend.innerText(), 'Resend code');
  await resend.click();
  const second = await emu.admin.latestSmsCode(SEED.consumerPhone, 2);
  // The outbox holds the new code before the answer reaches the page, which
  // shows "Sending…" until then: wait for the countdown itself.
  await page.waitForFunction(() => {
    const button = document.querySelector('#c-code-form [data-resend]');
    return button.disabled && /Resend in \d+:\d\d/.test(button.innerText);
  }, null, { timeout: 5000 })
    .catch(() => assert.fail('countdown restarts after a resend'));
  if (second !== first) {
    // The first code was invalidated by the new send.
    await page.fill('#c-code', first);
    await page.waitForFunction(() => document.querySelector('#c-code-error').textContent.length > 0);
  }
  await page.fill('#c-code', second);
  await visible('[data-view="c-done"]');
});

test('B2B: email code then SMS MFA for alice (phone enrolled)', async () => {
  await open();
  await b2bPrimary(SEED.alice);
  await reachMfaCode();
  assert.equal(await page.getAttribute('#tab-b2b', 'aria-selected'), 'true');
  assert.match(await text('#b-code-form [data-phone-masked]'), /0162/);
  assert.equal(await activeId(), 'b-code');
  await screenshot(page, '07-b2b-mfa-code');
  const code = await emu.admin.latestSmsCode(SEED.alice.phone);
  await page.fill('#b-code', code);
  await visible('[data-view="b-done"]');
  assert.match(await text('[data-view="b-done"]'), /Signed in to Acme Inc/);
  assert.match(await text('[data-view="b-done"] .session'), /alice@acme\.test/);
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === 'stytch_session' && c.value), 'member session cookie');
  assert.ok(!cookies.some((c) => c.name === 'stytch_intermediate_session_token' && c.value), 'IST removed');
  await screenshot(page, '08-b2b-done');
});

test('B2B: bob enrolls a phone during MFA, with a resend', async () => {
  await page.clock.install();
  await open('#b2b');
  await b2bPrimary(SEED.bob);
  await visible('#b-enroll-form');
  assert.equal(await activeId(), 'b-phone', 'focus on the phone field');
  assert.match(await text('#b-enroll-form h2'), /Add a phone/);
  await page.selectOption('#b-country', 'US');
  await page.fill('#b-phone', '202-555-0199');
  assert.match(await text('#b-phone-hint'), /\+1 202 555 0199/);
  await screenshot(page, '09-b2b-enroll');
  await page.click('#b-enroll-form [data-submit]');
  await visible('#b-code-form');
  await emu.admin.latestSmsCode('+12025550199', 1);
  const resend = page.locator('#b-code-form [data-resend]');
  assert.ok(await resend.isDisabled(), 'resend waits for its countdown');
  await page.clock.fastForward((Number(await resend.getAttribute('data-wait')) + 1) * 1000);
  await page.waitForFunction(() => !document.querySelector('#b-code-form [data-resend]').disabled);
  await resend.click();
  const code = await emu.admin.latestSmsCode('+12025550199', 2);
  await page.fill('#b-code', code);
  await visible('[data-view="b-done"]');
  assert.match(await text('[data-view="b-done"] .session'), /bob@acme\.test/);
});

test('reload in the middle of MFA resumes at the SMS code step', async () => {
  await open();
  await b2bPrimary(SEED.alice);
  await reachMfaCode();
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await visible('#b-code-form');
  assert.equal(await page.getAttribute('#tab-b2b', 'aria-selected'), 'true');
  assert.match(await text('#b-code-form [data-phone-masked]'), /0162/);
  assert.equal(await activeId(), 'b-code', 'focus on the code field after resuming');
  await screenshot(page, '10-mfa-after-reload');
  const code = await emu.admin.latestSmsCode(SEED.alice.phone);
  await page.fill('#b-code', code);
  await visible('[data-view="b-done"]');
});

test('reload in the middle of a consumer login resumes at the passcode step', async () => {
  await open();
  await consumerSend();
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await visible('#c-code-form');
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await page.fill('#c-code', code);
  await visible('[data-view="c-done"]');
});

test('phone errors: unsupported country and malformed number', async () => {
  await open();
  await page.fill('#c-phone', '+1 242 555 0100'); // Bahamas shares +1 but is unsupported
  await page.click('#c-phone-form [data-submit]');
  await page.waitForFunction(() => document.querySelector('#c-phone-error').textContent.length > 0);
  assert.match(await text('#c-phone-error'), /cannot send text messages to that country|not look like a valid/);
  assert.equal(await page.getAttribute('#c-phone', 'aria-invalid'), 'true');
  await page.fill('#c-phone', '+1 12');
  await page.click('#c-phone-form [data-submit]');
  await page.waitForFunction(() => document.querySelector('#c-phone-error').dataset.errorType === 'invalid_phone_number');
  assert.match(await text('#c-phone-error'), /valid mobile number/);
  assert.ok(await page.isVisible('#c-phone-form'));
  await screenshot(page, '11-phone-error');
});

test('server errors get a clear message (503 injected by the emulator)', async () => {
  await open();
  await emu.admin.fault({ path: '/sdk/v1/otps/sms/login_or_create', count: 5, kind: 'status', status: 503 });
  await page.fill('#c-phone', '+12025550100');
  await page.click('#c-phone-form [data-submit]');
  await page.waitForFunction(() => document.querySelector('#c-phone-error').textContent.length > 0, null, { timeout: 30_000 });
  assert.match(await text('#c-phone-error'), /server|reach|try again/i);
  assert.ok(await page.isVisible('#c-phone-form'));
  await emu.admin.clearFaults();
});

test('rate limited send (429 with Retry-After) says when to try again', async () => {
  await open();
  await emu.admin.fault({ path: '/sdk/v1/otps/sms/login_or_create', count: 1, kind: 'status', status: 429, retry_after: 42 });
  await page.fill('#c-phone', '+12025550100');
  await page.click('#c-phone-form [data-submit]');
  await page.waitForFunction(() => document.querySelector('#c-phone-error').textContent.length > 0, null, { timeout: 30_000 });
  assert.match(await text('#c-phone-error'), /42 s/);
  assert.ok(await page.isVisible('#c-phone-form'));
  await emu.admin.clearFaults();
});

test('repeated wrong codes lock verification with a clear message', async () => {
  await open();
  await consumerSend();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777']
    .filter((c) => c !== code);
  let type = '';
  for (const w of wrong) {
    await page.fill('#c-code', w);
    await page.waitForFunction(() => {
      const e = document.querySelector('#c-code-error');
      return e.textContent.length > 0 && !document.querySelector('#c-code-form').hasAttribute('aria-busy');
    });
    type = await page.getAttribute('#c-code-error', 'data-error-type');
    if (type === 'user_lock_limit_reached') break;
    assert.equal(type, 'otp_code_not_found');
    await page.fill('#c-code', '');
  }
  assert.equal(type, 'user_lock_limit_reached', 'locked after repeated failures');
  assert.match(await text('#c-code-error'), /locked/);
  assert.doesNotMatch(await text('#c-code-error'), /a few minutes/, 'one statement of how long');
  await screenshot(page, '12-locked');
});

test('keyboard: arrow keys switch tabs, Enter submits', async () => {
  await open();
  await page.focus('#tab-consumer');
  await page.keyboard.press('ArrowRight');
  assert.equal(await activeId(), 'tab-b2b');
  assert.equal(await page.getAttribute('#tab-b2b', 'aria-selected'), 'true');
  assert.ok(await page.isVisible('#b-email-form'));
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getAttribute('#tab-consumer', 'aria-selected'), 'true');
  await page.focus('#c-phone');
  await page.keyboard.type('+12025550100');
  await page.keyboard.press('Enter');
  await visible('#c-code-form');
  assert.equal(await activeId(), 'c-code');
});

// ---------------------------------------------------------------- the first hour (issue points)

const hasClass = (sel, c) => page.evaluate(([s, k]) => document.querySelector(s).classList.contains(k), [sel, c]);
const errorShown = (sel) => page.waitForFunction((s) => document.querySelector(s).textContent.length > 0, sel);

test('the countdowns follow the emulator clock: an advanced clock expires the code and a new one can be sent at once', async () => {
  await open();
  await consumerSend();
  await emu.admin.advance(180);
  // The page reads the emulator's clock with the outbox (every 1.5 s).
  await page.waitForFunction(() => /expired/.test(document.querySelector('#c-code-form [data-expiry]').textContent), null, { timeout: 5000 });
  assert.ok(await hasClass('#c-code-form [data-expiry]', 'expired'));
  assert.doesNotMatch(await text('#c-code-form .lead'), /expires in/);
  const resend = page.locator('#c-code-form [data-resend]');
  assert.equal(await resend.isDisabled(), false, 'a new code can be requested at once');
  assert.equal(await resend.innerText(), 'Send a new code');
  await screenshot(page, '20-code-expired-by-clock');
  await resend.click();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone, 2);
  await page.waitForFunction(() => /expires in 1:5\d|expires in 2:00/.test(document.querySelector('#c-code-form [data-expiry]').textContent));
  await page.fill('#c-code', code);
  await visible('[data-view="c-done"]');
});

test('an expired sign-in attempt (IST) returns to the first step with a notice, and no countdown is left', async () => {
  await open();
  await b2bPrimary(SEED.alice);
  await reachMfaCode();
  assert.match(await text('#b-code-form [data-ist-expiry]'), /stays open for (9|10) min/);
  await emu.admin.advance(601);
  await visible('#b-email-form');
  await page.waitForFunction(() => /expired/.test(document.querySelector('#b-email-form [data-notice]').textContent));
  assert.equal(await page.isVisible('[data-ist-expiry]'), false, 'no "stays open" line anywhere');
  await screenshot(page, '21-ist-expired');
});

test('an intermediate session the server refuses ends the sign-in: back to the first step with a notice', async () => {
  await open();
  await b2bPrimary(SEED.alice);
  await reachMfaCode();
  // An intermediate session the server does not know (as after its expiry there).
  await page.evaluate(() => { document.cookie = 'stytch_intermediate_session_token=intermediate-session-token-test-unknown-000000000000; Path=/'; });
  await page.fill('#b-code', '123456');
  // The SDK forgets the refused IST and its MFA step; the page follows.
  await visible('#b-email-form');
  await page.waitForFunction(() => /expired/.test(document.querySelector('#b-email-form [data-notice]').textContent));
  assert.equal(await page.evaluate(() => document.cookie.includes('stytch_intermediate_session_token=')), false, 'the refused IST is gone');
  await screenshot(page, '22-start-again');
  assert.ok(['b-org', 'b-email'].includes(await activeId()), 'focus on the first step');
});

test('after a wrong code and a resend, the code field is no longer marked invalid', async () => {
  await page.clock.install();
  await open();
  await consumerSend();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await page.fill('#c-code', wrongCode(code));
  await errorShown('#c-code-error');
  assert.equal(await page.getAttribute('#c-code', 'aria-invalid'), 'true');
  await page.clock.fastForward(31_000);
  await page.waitForFunction(() => !document.querySelector('#c-code-form [data-resend]').disabled);
  await page.click('#c-code-form [data-resend]');
  await emu.admin.latestSmsCode(SEED.consumerPhone, 2);
  await page.waitForFunction(() => !document.querySelector('#c-code-form').hasAttribute('aria-busy'));
  assert.equal(await page.getAttribute('#c-code', 'aria-invalid'), null);
  assert.equal(await text('#c-code-error'), '');
  const border = await page.evaluate(() => getComputedStyle(document.querySelector('#c-code')).borderTopColor);
  const bad = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bad').trim());
  assert.notEqual(border, bad, 'no red border');
});

test('a 503 with Retry-After counts down and holds Verify until the wait is over', async () => {
  await open();
  await consumerSend();
  const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
  await emu.admin.fault({ path: '/sdk/v1/otps/authenticate', count: 1, kind: 'status', status: 503, retry_after: 3 });
  await page.fill('#c-code', code);
  await errorShown('#c-code-error');
  const first = await text('#c-code-error');
  assert.match(first, /Try again in [123] s\./);
  assert.doesNotMatch(first, /in a moment/, 'one statement of when');
  assert.ok(await page.isDisabled('#c-code-form [data-submit]'), 'Verify waits');
  await page.waitForFunction(() => /try again now/.test(document.querySelector('#c-code-error').textContent), null, { timeout: 6000 });
  assert.equal(await page.isDisabled('#c-code-form [data-submit]'), false);
  await page.click('#c-code-form [data-submit]');
  await visible('[data-view="c-done"]');
});

test('an unsupported country: a neutral hint while typing, then one message, not two', async () => {
  await open();
  await page.fill('#c-phone', '+1 242 555 01');
  assert.equal(await hasClass('#c-phone-hint', 'bad'), false, 'not a warning while typing');
  await page.fill('#c-phone', '+1 242 555 0100');
  assert.equal(await hasClass('#c-phone-hint', 'bad'), false);
  await page.click('#c-phone-form [data-submit]');
  await errorShown('#c-phone-error');
  assert.equal(await page.getAttribute('#c-phone-error', 'data-error-type'), 'invalid_phone_number_country_code');
  assert.equal(await text('#c-phone-hint'), '', 'the hint steps aside for the error');
  await screenshot(page, '23-unsupported-country');
});

test('while a code is being sent the fields are read-only and the button shows progress', async () => {
  await open();
  await emu.admin.fault({ path: '/sdk/v1/otps/sms/login_or_create', count: 1, kind: 'latency', delay_ms: 1500 });
  await page.selectOption('#c-country', 'US');
  await page.fill('#c-phone', '202 555 0100');
  await page.click('#c-phone-form [data-submit]');
  await page.waitForFunction(() => document.querySelector('#c-phone-form').hasAttribute('aria-busy'));
  const busyState = await page.evaluate(() => ({
    readOnly: document.querySelector('#c-phone').readOnly,
    select: document.querySelector('#c-country').disabled,
    spinner: Boolean(document.querySelector('#c-phone-form [data-submit] .spinner')),
    label: document.querySelector('#c-phone-form [data-submit]').textContent.trim(),
  }));
  assert.deepEqual(busyState, { readOnly: true, select: true, spinner: true, label: 'Sending…' });
  await screenshot(page, '24-sending');
  await visible('#c-code-form');
  await emu.admin.clearFaults();
});

test('phone entry: the country sets the placeholder and the grouping, toll-free numbers are refused, every country is listed', async () => {
  await open();
  assert.ok(await page.count('#c-country option') >= 200, 'the full list of regions');
  await page.selectOption('#c-country', 'GB');
  assert.equal(await page.getAttribute('#c-phone', 'placeholder'), '07400 123456');
  await page.fill('#c-phone', '07911 123456');
  assert.match(await text('#c-phone-hint'), /\+44 7911 123456/);
  await page.selectOption('#c-country', 'FR');
  assert.equal(await page.getAttribute('#c-phone', 'placeholder'), '06 12 34 56 78');
  await page.selectOption('#c-country', 'US');
  await page.fill('#c-phone', '+1 800 555 0100');
  assert.match(await text('#c-phone-hint'), /toll-free/);
  const before = (await emu.admin.sms('+18005550100')).length;
  await page.click('#c-phone-form [data-submit]');
  await errorShown('#c-phone-error');
  assert.equal(await page.getAttribute('#c-phone-error', 'data-error-type'), 'toll_free_number');
  assert.equal((await emu.admin.sms('+18005550100')).length, before, 'nothing sent');
});

test('outbox: "Use code" only where the visible step takes that code, and never on a superseded code', async () => {
  await page.clock.install();
  await open();
  await b2bPrimary(SEED.alice);
  await reachMfaCode();
  // SMS step: the email message has no button, the SMS one has.
  await page.waitForFunction(() => document.querySelectorAll('#outbox li').length >= 2);
  await page.waitForFunction(() => {
    const email = document.querySelector('#outbox li[data-kind="email"] [data-use-code]');
    const sms = document.querySelector('#outbox li[data-kind="sms"] [data-use-code]');
    return email && email.hidden && sms && !sms.hidden;
  });
  // A resend supersedes the first SMS.
  await page.clock.fastForward(31_000);
  await page.waitForFunction(() => !document.querySelector('#b-code-form [data-resend]').disabled);
  await page.click('#b-code-form [data-resend]');
  await emu.admin.latestSmsCode(SEED.alice.phone, 2);
  await page.waitForFunction(() => document.querySelectorAll('#outbox li[data-kind="sms"]').length >= 2);
  await page.waitForFunction(() => {
    const [newest, older] = document.querySelectorAll('#outbox li[data-kind="sms"]');
    return !newest.querySelector('[data-use-code]').hidden && older.querySelector('[data-use-code]').hidden
      && /replaced/.test(older.textContent) && older.classList.contains('superseded');
  });
  await screenshot(page, '25-outbox-superseded');
  await page.click('#outbox li[data-kind="sms"] [data-use-code]');
  await visible('[data-view="b-done"]');
  // Signed in: no step takes a code, the panel says so.
  await page.waitForFunction(() => [...document.querySelectorAll('#outbox [data-use-code]')].every((b) => b.hidden)
    && !document.querySelector('#outbox-hint').hidden);
});

test('the signed-in screen names the factor in words, with the number masked', async () => {
  await open();
  await consumerSend();
  await page.fill('#c-code', await emu.admin.latestSmsCode(SEED.consumerPhone));
  await visible('[data-view="c-done"]');
  const shown = await text('[data-view="c-done"] .session');
  assert.match(shown, /SMS passcode to \+1•••••••0100/);
  assert.doesNotMatch(shown, /sms \(/);
});
