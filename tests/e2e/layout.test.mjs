// The demo's layout at 1280 px and 375 px, light and dark: screenshots of the
// phone step, the passcode step and the signed-in screen, each checked for
// its key elements (visible, inside the viewport), no horizontal scrolling,
// the progress steps and the "development only" badge on one line, touch
// targets of at least 44 px, and no trace of the hidden skip link.
// Run: node --test tests/e2e/layout.test.mjs   (BROWSER=firefox for Firefox)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, startEmulator, launchBrowser, screenshot, watchConsole, SEED, BROWSER } from './harness.mjs';

let emu;
const browsers = {};
const backgrounds = {};

before(async () => {
  emu = await startEmulator({ www: join(repoRoot, 'www') });
});

after(async () => {
  for (const b of Object.values(browsers)) await b.close();
  await emu?.stop();
});

/** Chromium emulates the scheme per page; Firefox needs a browser per scheme. */
async function browserFor(colorScheme) {
  const key = BROWSER === 'firefox' ? colorScheme : 'any';
  if (!browsers[key]) browsers[key] = await launchBrowser(BROWSER, BROWSER === 'firefox' ? { colorScheme } : {});
  return browsers[key];
}

/** Everything a step must show, and the layout rules, checked in the page. */
function inspect(keys) {
  const vw = document.documentElement.clientWidth;
  const out = { problems: [] };
  const box = (el) => el.getBoundingClientRect();
  const shown = (el) => {
    const r = box(el);
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  if (document.documentElement.scrollWidth > vw + 1) out.problems.push(`horizontal scroll: ${document.documentElement.scrollWidth} > ${vw}`);
  for (const sel of keys) {
    const el = document.querySelector(sel);
    if (!el || !shown(el)) { out.problems.push(`${sel} not shown`); continue; }
    const r = box(el);
    if (r.left < -1 || r.right > vw + 1) out.problems.push(`${sel} outside the viewport (${Math.round(r.left)}..${Math.round(r.right)} of ${vw})`);
  }
  // The progress steps of the visible panel: one line.
  const panel = [...document.querySelectorAll('[role=tabpanel]')].find((p) => !p.hidden);
  const tops = new Set([...panel.querySelectorAll('.steps li')].map((li) => Math.round(box(li).top)));
  if (tops.size !== 1) out.problems.push(`progress steps on ${tops.size} lines`);
  const badge = document.querySelector('.dev-badge');
  if (badge.getClientRects().length !== 1 || box(badge).height > 30) out.problems.push(`badge wraps (${Math.round(box(badge).height)} px high)`);
  // Touch targets: every control that is shown.
  for (const el of document.querySelectorAll('button, input, select, a[href]')) {
    if (!shown(el) || el.closest('[hidden]')) continue;
    const h = box(el).height;
    if (h < 44 - 0.5) out.problems.push(`touch target ${el.id || el.className || el.tagName} is ${h.toFixed(1)} px high`);
  }
  // The skip link: invisible, and no shadow, until focused.
  const skip = document.querySelector('.skip-link');
  const cs = getComputedStyle(skip);
  if (cs.visibility !== 'hidden' && box(skip).bottom > 0) out.problems.push('skip link shown without focus');
  if (cs.boxShadow !== 'none' && cs.visibility !== 'hidden') out.problems.push(`skip link casts a shadow: ${cs.boxShadow}`);
  out.background = getComputedStyle(document.body).backgroundColor;
  out.ink = getComputedStyle(document.body).color;
  return out;
}

for (const width of [1280, 375]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`${width} px, ${colorScheme}: phone step, passcode step and signed-in screen`, async () => {
      await emu.admin.reset();
      const context = await (await browserFor(colorScheme)).newContext({ viewport: { width, height: width > 800 ? 860 : 812 }, colorScheme });
      const page = await context.newPage();
      const problems = watchConsole(page);
      try {
        await page.goto(`${emu.url}/`);
        await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
        const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
        assert.equal(dark, colorScheme === 'dark', 'the colour scheme is applied');
        const check = async (name, keys) => {
          const r = await page.evaluate(inspect, keys);
          await screenshot(page, `layout-${width}-${colorScheme}-${name}`);
          assert.deepEqual(r.problems, [], `${name}: layout`);
          return r;
        };
        const first = await check('phone', ['#tab-consumer', '#tab-b2b', '#c-country', '#c-phone', '#c-phone-form [data-submit]', '#dev-panel', '#env-badge']);
        backgrounds[`${width}-${colorScheme}`] = first;
        await page.click('#tab-b2b');
        await page.waitForSelector('#b-email-form');
        await check('business', ['#b-org', '#b-email', '#b-email-form [data-submit]', '#b-members .chip']);
        await page.click('#tab-consumer');
        await page.waitForSelector('#c-phone-form');
        await page.selectOption('#c-country', 'US');
        await page.fill('#c-phone', '202 555 0100');
        await page.click('#c-phone-form [data-submit]');
        await page.waitForSelector('#c-code-form');
        const code = await emu.admin.latestSmsCode(SEED.consumerPhone);
        await page.waitForFunction(() => document.querySelector('#outbox li [data-use-code]:not([hidden])'));
        await check('code', ['#c-code', '#c-code-form [data-submit]', '#c-code-form [data-resend]', '#outbox li [data-use-code]']);
        await page.fill('#c-code', code);
        await page.waitForSelector('[data-view="c-done"]');
        await check('signed-in', ['[data-view="c-done"] .session', '[data-view="c-done"] [data-sign-out]']);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('light and dark differ in background and ink', () => {
  for (const width of [1280, 375]) {
    const light = backgrounds[`${width}-light`];
    const dark = backgrounds[`${width}-dark`];
    if (!light || !dark) continue; // a failed case above already says why
    assert.notEqual(light.ink, dark.ink, `${width} px: ink`);
  }
});
