// The emulator's dashboard (/emulator/) in headless Chromium, served by an
// emulator started WITHOUT --www (the page is compiled into the binary). The
// key elements are checked in the DOM and a screenshot is saved: the outbox
// with a superseded code, users, organizations and members, a live session
// and an IST with their expiry, the clock (advance, reset) and the faults
// (arm, list, clear), under the page's strict CSP with no violation.
// Run: node --test tests/e2e/dashboard.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { BROWSER, startEmulator, launchChromium, screenshot, watchConsole, SEED } from './harness.mjs';

let emu;
let browser;

// The dashboard is a developer tool: its page test drives Chromium through
// Playwright's locators, and runs once, in the Chromium pass.
const chromiumOnly = BROWSER !== 'chromium' && 'the dashboard page test runs in the Chromium pass only';

before(async () => {
  if (chromiumOnly) return;
  emu = await startEmulator();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await emu?.stop();
});

const auth = 'Basic ' + Buffer.from(`${SEED.publicToken}:${SEED.publicToken}`).toString('base64');
async function sdk(path, body) {
  const r = await fetch(`${emu.url}/sdk/v1${path}`, {
    method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const j = await r.json();
  assert.equal(r.status, 200, JSON.stringify(j));
  return j.data;
}

test('the dashboard shows the outbox, records, sessions, clock and faults, and drives them', { skip: chromiumOnly }, async () => {
  await emu.admin.reset();
  // State to show: a consumer login (a superseded code, then a session), a B2B
  // email login whose authenticate leaves an IST and sends the SMS.
  await sdk('/otps/sms/login_or_create', { phone_number: SEED.consumerPhone });
  await sdk('/otps/sms/login_or_create', { phone_number: SEED.consumerPhone });
  const msgs = await emu.admin.sms(SEED.consumerPhone);
  const [old, live] = [msgs[0].code, msgs[1].code];
  const m = await sdk('/otps/sms/login_or_create', { phone_number: '+12025550177' });
  const c = await emu.admin.latestSmsCode('+12025550177');
  await sdk('/otps/authenticate', { method_id: m.method_id, token: c, session_duration_minutes: 30 });
  await sdk('/b2b/otps/email/login_or_signup', { organization_id: SEED.orgId, email_address: SEED.alice.email });
  const ec = await emu.admin.latestEmailCode(SEED.alice.email);
  await sdk('/b2b/otps/email/authenticate', { organization_id: SEED.orgId, email_address: SEED.alice.email, code: ec });

  const res = await fetch(`${emu.url}/emulator/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal((await fetch(`${emu.url}/emulator`, { redirect: 'manual' })).headers.get('location'), '/emulator/');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  try {
    await page.goto(`${emu.url}/emulator/`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    assert.match(await page.locator('#status-text').innerText(), /Connected/);
    assert.match(await page.locator('#project').innerText(), /project-test-emulator/);

    // Outbox: newest first, the replaced code marked superseded, the live one live.
    const rows = page.locator('#outbox tbody tr');
    assert.ok(await rows.count() >= 5, 'three consumer SMS, one email, one B2B SMS');
    const oldRow = page.locator('#outbox tbody tr', { has: page.locator(`.code:text-is("${old}")`) });
    const liveRow = page.locator('#outbox tbody tr', { has: page.locator(`.code:text-is("${live}")`) });
    assert.equal(await oldRow.getAttribute('data-status'), 'superseded');
    assert.equal(await liveRow.getAttribute('data-status'), 'live');
    assert.match(await page.locator('#outbox tbody tr').first().innerText(), /\+12025550162/, 'newest first: the B2B SMS');
    assert.match(await page.locator('#outbox tbody tr').last().innerText(), new RegExp(old), 'oldest last');
    assert.match(await page.locator('#outbox tbody tr[data-kind="email"]').innerText(), /alice@acme\.test/);
    assert.match(await liveRow.innerText(), new RegExp(`@localhost #${live}`), 'the WebOTP line is shown');
    const usedRow = page.locator('#outbox tbody tr', { has: page.locator(`.code:text-is("${c}")`) });
    assert.equal(await usedRow.getAttribute('data-status'), 'used');

    // Users, organizations and members.
    assert.match(await page.locator('#users').innerText(), /user-test-emulator-consumer[\s\S]*\+12025550100/);
    assert.match(await page.locator('#users').innerText(), /\+12025550177/);
    const orgs = await page.locator('#orgs').innerText();
    assert.match(orgs, /Acme Inc/);
    assert.match(orgs, /Alice[\s\S]*alice@acme\.test[\s\S]*\+12025550162/);
    assert.match(orgs, /Bob[\s\S]*bob@acme\.test/);

    // A live session and an IST with their expiry.
    assert.equal(await page.locator('#sessions tbody tr[data-kind="session"]').count(), 1);
    assert.equal(await page.locator('#sessions tbody tr[data-kind="ist"]').count(), 1);
    assert.match(await page.locator('#sessions tbody tr[data-kind="ist"]').innerText(), /member-test-emulator-alice[\s\S]*\d+ min/);
    assert.match(await page.locator('#sessions tbody tr[data-kind="session"]').innerText(), /sms[\s\S]*(30 min 0 s|2\d min)/, "a 30 min session: at most 30 min left");

    // Faults: arm through the form, see it listed, clear.
    await page.selectOption('#fault-path', '/sdk/v1/otps/authenticate');
    await page.selectOption('#fault-kind', 'status');
    await page.selectOption('#fault-status', '503');
    await page.fill('#fault-count', '2');
    await page.fill('#fault-retry', '5');
    await page.click('#fault-form button[type="submit"]');
    await page.waitForSelector('#faults li');
    assert.match(await page.locator('#faults').innerText(), /status[\s\S]*\/sdk\/v1\/otps\/authenticate[\s\S]*×2[\s\S]*503[\s\S]*Retry-After 5/);
    assert.deepEqual((await emu.admin.faults()).faults, [{ path: '/sdk/v1/otps/authenticate', count: 2, kind: 'status', status: 503, retry_after: 5 }]);
    await page.selectOption('#fault-kind', 'latency');
    assert.ok(await page.isVisible('#fault-delay'));
    const shot = await screenshot(page, 'dashboard');
    assert.ok(statSync(shot).size > 20_000, 'a real screenshot');
    await page.click('#faults-clear');
    await page.waitForSelector('#faults-empty', { state: 'visible' });
    assert.deepEqual((await emu.admin.faults()).faults, []);

    // Clock: advance by 3 minutes (the IST and the codes expire later, the SMS
    // codes now), then reset.
    await page.click('button[data-advance="180"]');
    await page.waitForFunction(() => /\+180 s/.test(document.querySelector('#clock-offset').textContent));
    assert.equal((await emu.admin.clock()).offset_seconds, 180);
    await page.waitForSelector(`#outbox tbody tr[data-status="expired"]`);
    await page.click('#clock-reset');
    await page.waitForFunction(() => /real time/.test(document.querySelector('#clock-offset').textContent));
    assert.equal((await emu.admin.clock()).offset_seconds, 0);

    // Reset: back to the seed.
    await page.click('#reset');
    await page.waitForSelector('#outbox-empty', { state: 'visible' });
    await page.waitForSelector('#sessions-empty', { state: 'visible' });
    assert.deepEqual(await emu.admin.sms(SEED.consumerPhone), []);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'no CSP violations or uncaught errors');
});
