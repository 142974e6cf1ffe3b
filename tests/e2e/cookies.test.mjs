// Session cookies are written at Path=/, as Stytch's own cookie library
// writes them: signed in on a page at /app/signin/, the session cookies are
// sent to (and readable at) any path of the origin, e.g. a backend under /api/.
// Run: node --test tests/e2e/   (after scripts/build.sh has copied the SDK into www/sdk/)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startEmulator, launchBrowser, makeTestRoot } from './harness.mjs';

let emu;
let browser;
let www;

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
});

async function signInAt(page, path, config) {
  await page.goto(`${emu.url}${path}`);
  await page.waitForSelector('html[data-ready]', { timeout: 15_000 });
  assert.equal(await page.getAttribute('html', 'data-ready'), 'true', await page.evaluate(() => window.sdkLoadError));
  const phone = '+12025550450';
  await page.evaluate(async ([cfg, p]) => {
    window.client = window.sdk.createClient({ ...cfg, baseUrl: location.origin, publicToken: 'public-token-test-emulator' });
    await window.client.sendSms({ phoneNumber: p });
  }, [config, phone]);
  const code = await emu.admin.latestSmsCode(phone);
  await page.evaluate((c) => window.client.authenticate({ code: c }), code);
}

test('signed in at /app/signin/, the session cookies reach every path of the origin', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAt(page, '/app/signin/', {});
  await page.goto(`${emu.url}/blank.html`);
  const cookies = await page.evaluate(() => document.cookie);
  for (const name of ['stytch_session', 'stytch_session_jwt']) {
    assert.match(cookies, new RegExp(`(^|; )${name}=`), `${name} at /: ${cookies}`);
  }
  await context.close();
});

test('cookieOptions.path still overrides the default', async () => {
  await emu.admin.reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAt(page, '/app/signin/', { cookieOptions: { path: '/app/' } });
  assert.match(await page.evaluate(() => document.cookie), /(^|; )stytch_session=/);
  await page.goto(`${emu.url}/blank.html`);
  assert.doesNotMatch(await page.evaluate(() => document.cookie), /stytch_session=/, 'not at /');
  await context.close();
});
