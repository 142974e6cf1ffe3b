// One driver for both browsers: puppeteer-core drives Debian's Chromium over
// CDP and Debian's Firefox ESR over WebDriver BiDi. It never downloads a
// browser (puppeteer-core has no download step; the executables are Debian's).
//
// The tests use the small API below and nothing of puppeteer directly, so a
// test reads the same in both browsers:
//
//   const browser = await launchBrowser();             // BROWSER=chromium|firefox
//   const context = await browser.newContext({ viewport: { width, height } });
//   const page = await context.newPage();
//   await page.goto(url); await page.fill('#phone', '...'); await page.click('#send');
//   await page.waitForSelector(sel, { state: 'visible' | 'hidden' | 'attached' });
//   page.getAttribute / innerText / textContent / isVisible / isDisabled / count(sel), page.locator(sel).same()
//   page.evaluate(fn, arg); page.waitForFunction(fn, arg, { timeout, polling });
//   page.selectOption(sel, value); page.focus(sel); page.paste(sel, text); page.keyboard.press/type
//   page.on('console' | 'pageerror' | 'request' | 'response', fn) (a response: url, status, headers, json, page); context.on('response', fn)
//   page.clock.install() / fastForward(ms): Date (and so the SDK's clock) moves, and timers of more than 10 s with it
//   page.emulateMedia({ colorScheme }); page.setViewport({ width, height }); page.screenshot(opts)
//   context.cookies(); context.close(); browser.close()
import { existsSync } from 'node:fs';

export const BROWSER = (process.env.BROWSER || 'chromium').toLowerCase();
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Quiet, offline Firefox: no updates, telemetry, captive portal or first-run pages.
const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const DEFAULT_TIMEOUT = 30_000;

/**
 * Launches headless Chromium or Firefox (`name`, default $BROWSER) through
 * puppeteer-core. `colorScheme` ('light' | 'dark') is the scheme of every
 * page: Chromium emulates it per page (CDP), Firefox over BiDi cannot, so
 * there it is a preference of the browser, fixed at launch.
 */
export async function launchBrowser(name = BROWSER, { colorScheme } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  let raw;
  if (name === 'firefox') {
    if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found (run scripts/setup.sh)`);
    raw = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: true, defaultViewport: null,
      extraPrefsFirefox: {
        ...FIREFOX_PREFS,
        // 0 dark, 1 light, 2 follow the system.
        'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : colorScheme === 'light' ? 1 : 2,
      },
    });
  } else if (name === 'chromium') {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (run scripts/setup.sh)`);
    raw = await puppeteer.launch({
      browser: 'chrome', executablePath: CHROMIUM, headless: true, defaultViewport: null, args: CHROMIUM_ARGS,
    });
  } else {
    throw new Error(`BROWSER=${name}: expected chromium or firefox`);
  }
  return {
    name,
    raw,
    version: () => raw.version(),
    async newContext(opts = {}) {
      const o = { colorScheme, ...opts };
      if (name === 'firefox' && o.colorScheme !== colorScheme) {
        throw new Error(`Firefox: the colour scheme is fixed at launch (launchBrowser('firefox', { colorScheme: '${o.colorScheme}' }))`);
      }
      return wrapContext(name, await raw.createBrowserContext(), name === 'firefox' ? { ...o, colorScheme: undefined } : o);
    },
    /** A page in a fresh context of its own. */
    async newPage(opts = {}) {
      const context = await this.newContext(opts);
      const page = await context.newPage();
      page.context = context;
      return page;
    },
    close: () => raw.close(),
  };
}

function wrapContext(browserName, raw, opts) {
  const responseListeners = [];
  const pages = [];
  return {
    raw,
    async newPage() {
      const page = wrapPage(browserName, await raw.newPage(), this);
      await page.setViewport(opts.viewport || DEFAULT_VIEWPORT);
      if (opts.colorScheme) await page.emulateMedia({ colorScheme: opts.colorScheme });
      for (const fn of responseListeners) page.on('response', fn);
      pages.push(page);
      return page;
    },
    on(event, fn) {
      if (event !== 'response') throw new Error(`context.on(${event}) is not supported`);
      responseListeners.push(fn);
      for (const p of pages) p.on('response', fn);
    },
    /** Cookies of every origin of the context: { name, value, domain, path, expires, secure, sameSite }. */
    async cookies() {
      const list = typeof raw.cookies === 'function' ? await raw.cookies() : await pages[0].raw.cookies();
      return list.map((c) => ({ ...c, sameSite: c.sameSite || 'None' }));
    },
    close: () => raw.close(),
  };
}

// A fake clock for page.clock: Date.now() and `new Date()` follow an offset
// that fastForward moves. Timers of more than 10 s (the SDK's expiry and
// session-refresh timers) wait for the fake clock and fire as fastForward
// passes them; shorter ones keep real time (the demo re-renders every
// second, fetch timeouts). Installed before the page's scripts.
const CLOCK_SCRIPT = `(() => {
  const Real = Date;
  const realNow = Real.now.bind(Real);
  const realSet = globalThis.setTimeout.bind(globalThis);
  const realClear = globalThis.clearTimeout.bind(globalThis);
  let offset = 0;
  let nextId = 1e9;
  const pending = new Map();
  function FakeDate(...a) {
    if (!new.target) return new Real(realNow() + offset).toString();
    return a.length ? new Real(...a) : new Real(realNow() + offset);
  }
  FakeDate.prototype = Real.prototype;
  FakeDate.now = () => realNow() + offset;
  FakeDate.parse = Real.parse;
  FakeDate.UTC = Real.UTC;
  Object.defineProperty(globalThis, 'Date', { value: FakeDate, writable: true, configurable: true });
  globalThis.setTimeout = (f, ms, ...args) => {
    if (!(ms > 10000)) return realSet(f, ms, ...args);
    const id = nextId++;
    pending.set(id, { f, args, due: FakeDate.now() + ms });
    return id;
  };
  globalThis.clearTimeout = (id) => { if (!pending.delete(id)) realClear(id); };
  const advance = (ms) => {
    offset += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].due - b[1].due)) {
      if (t.due <= FakeDate.now() && pending.delete(id)) t.f(...t.args);
    }
  };
  Object.defineProperty(globalThis, '__testClock', { value: { advance } });
})();`;

function wrapPage(browserName, raw, context) {
  raw.setDefaultTimeout(DEFAULT_TIMEOUT);
  const waitVisible = (sel, timeout) => raw.waitForSelector(sel, { visible: true, timeout });
  const chord = async (key) => {
    await raw.keyboard.down('Control');
    await raw.keyboard.press(key);
    await raw.keyboard.up('Control');
  };
  const page = {
    raw,
    context,
    browserName,
    goto: (url) => raw.goto(url, { waitUntil: 'load' }),
    reload: () => raw.reload({ waitUntil: 'load' }),
    close: () => raw.close(),
    async waitForSelector(sel, { state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
      const o = { timeout };
      if (state === 'visible') o.visible = true;
      else if (state === 'hidden') o.hidden = true;
      return raw.waitForSelector(sel, o);
    },
    /** Sets an input's value the way typing would end: focus, value, `input` and `change` events. */
    async fill(sel, value) {
      await waitVisible(sel);
      await raw.$eval(sel, (el, v) => {
        el.focus();
        el.value = v;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: v }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }, value);
    },
    async click(sel) {
      await waitVisible(sel);
      await raw.click(sel);
    },
    async selectOption(sel, value) {
      await waitVisible(sel);
      await raw.select(sel, value);
    },
    async focus(sel) { await raw.focus(sel); },
    /** A real paste into `sel` (the text is copied from a scratch textarea with Ctrl+C, pasted with Ctrl+V). */
    async paste(sel, text) {
      await raw.evaluate((t) => {
        const area = document.createElement('textarea');
        area.id = '__paste-source';
        area.value = t;
        document.body.append(area);
        area.select();
      }, text);
      await raw.focus('#__paste-source');
      await raw.evaluate(() => document.querySelector('#__paste-source').select());
      await chord('c');
      await raw.evaluate(() => document.querySelector('#__paste-source').remove());
      await raw.focus(sel);
      await chord('v');
    },
    getAttribute: (sel, name) => raw.$eval(sel, (el, n) => el.getAttribute(n), name),
    innerText: (sel) => raw.$eval(sel, (el) => el.innerText),
    textContent: (sel) => raw.$eval(sel, (el) => el.textContent),
    count: (sel) => raw.$$eval(sel, (els) => els.length),
    isDisabled: (sel) => raw.$eval(sel, (el) => el.disabled === true),
    async isVisible(sel) {
      const el = await raw.$(sel);
      return el ? el.isVisible() : false;
    },
    /** The same queries bound to one selector. */
    locator: (sel) => ({
      click: () => page.click(sel),
      fill: (v) => page.fill(sel, v),
      innerText: () => page.innerText(sel),
      textContent: () => page.textContent(sel),
      getAttribute: (n) => page.getAttribute(sel, n),
      isDisabled: () => page.isDisabled(sel),
      isVisible: () => page.isVisible(sel),
      count: () => page.count(sel),
    }),
    evaluate: (fn, arg) => raw.evaluate(fn, arg),
    waitForFunction: (fn, arg, { timeout = DEFAULT_TIMEOUT, polling = 'raf' } = {}) =>
      raw.waitForFunction(fn, { timeout, polling }, arg),
    keyboard: raw.keyboard,
    on(event, fn) {
      if (event === 'console') raw.on('console', (m) => fn({ text: () => m.text(), type: () => m.type() }));
      else if (event === 'pageerror') {
        raw.on('pageerror', (e) => {
          const err = e instanceof Error ? e : new Error(String(e));
          // Firefox reports a cookie it refuses (the config corpus tries bad domains on
          // purpose) as an error-level log entry, which BiDi delivers like an uncaught
          // error; Chromium refuses such cookies silently. Not an error of the page.
          if (browserName === 'firefox' && /^Cookie “[^”]*” has been rejected/.test(err.message)) return;
          // Likewise a request that found no server: a client made with the default
          // baseUrl reads Stytch's bootstrap at creation, and this machine has no network.
          // The call that made it fails (or, for the bootstrap, counts as none), which is
          // what the tests check.
          if (browserName === 'firefox' && /^Cross-Origin Request Blocked: .*\(Reason: CORS request did not succeed\)/.test(err.message)) return;
          fn(err);
        });
      }
      else if (event === 'request') raw.on('request', (r) => fn({ url: () => r.url(), method: () => r.method() }));
      else if (event === 'response') {
        raw.on('response', (r) => fn({ url: () => r.url(), status: () => r.status(), headers: () => r.headers(), json: () => r.json(), page }));
      } else throw new Error(`page.on(${event}) is not supported`);
    },
    clock: {
      install: () => raw.evaluateOnNewDocument(CLOCK_SCRIPT),
      fastForward: (ms) => raw.evaluate((m) => globalThis.__testClock.advance(m), ms),
    },
    /** Chromium only (CDP); Firefox takes the scheme at launch. */
    async emulateMedia({ colorScheme }) {
      await raw.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
    },
    setViewport: ({ width, height }) => raw.setViewport({ width, height }),
    screenshot: (opts) => raw.screenshot(opts),
  };
  return page;
}
