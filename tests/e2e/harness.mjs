// Shared helpers for the browser tests: start the emulator, launch Debian's
// Chromium or Firefox ESR through puppeteer-core (never a downloaded browser),
// talk to the emulator's admin API, and save screenshots.
//
// The page tests run in both browsers with one driver: puppeteer-core speaks
// CDP to Chromium and WebDriver BiDi to Firefox. `BROWSER=chromium|firefox`
// picks one (default chromium). Tests see a small page API (./browser.mjs):
// goto, fill, click, waitForSelector, evaluate, waitForFunction, cookies, ...
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

import { CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { CHROMIUM, CHROMIUM_ARGS };

export const SEED = {
  publicToken: 'public-token-test-emulator',
  consumerPhone: '+12025550100',
  orgId: 'organization-test-emulator-acme',
  alice: { id: 'member-test-emulator-alice', email: 'alice@acme.test', phone: '+12025550162' },
  bob: { id: 'member-test-emulator-bob', email: 'bob@acme.test' },
};

/**
 * Starts `stytch-emulator --port 0 [--www DIR]` and resolves once it prints
 * `listening on http://HOST:PORT`. The release binary is used when present;
 * otherwise `cargo run --release` builds it first.
 */
export async function startEmulator({ www, extraArgs = [] } = {}) {
  // EMULATOR_BIN overrides the binary (e.g. a debug build).
  const bin = process.env.EMULATOR_BIN || join(repoRoot, 'target', 'release', 'stytch-emulator');
  const args = ['--port', '0', ...(www ? ['--www', www] : []), ...extraArgs];
  const [cmd, argv] = existsSync(bin) && !process.env.EMULATOR_USE_CARGO
    ? [bin, args]
    : ['cargo', ['run', '--quiet', '-p', 'stytch-emulator', '--release', '--', ...args]];
  const child = spawn(cmd, argv, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const rl = createInterface({ input: child.stdout });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start in time\n${stderr}`)), 600_000);
    rl.on('line', (line) => {
      const m = /^listening on (http:\/\/\S+)/.exec(line);
      if (m) { clearTimeout(timer); resolveUrl(m[1].replace(/\/$/, '')); }
      // Other lines are the outbox ("sent" SMS/email with codes): not echoed.
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited with ${code}\n${stderr}`)); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  child.removeAllListeners('exit');
  return {
    url,
    admin: adminClient(url),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** The emulator's admin API (`/emulator/v1`). */
export function adminClient(base) {
  // Every call that changes something sends a JSON body ({} when it has no
  // parameters) with its Content-Type, as the admin API asks of mutations.
  async function call(method, path, body) {
    const mutates = method !== 'GET';
    const res = await fetch(base + path, {
      method,
      headers: mutates ? { 'content-type': 'application/json' } : {},
      body: mutates ? JSON.stringify(body || {}) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    reset: () => call('POST', '/emulator/v1/reset'),
    project: () => call('GET', '/emulator/v1/project'),
    clock: () => call('GET', '/emulator/v1/clock'),
    advance: (seconds) => call('POST', '/emulator/v1/clock/advance', { seconds }),
    fault: (f) => call('POST', '/emulator/v1/faults', f),
    faults: () => call('GET', '/emulator/v1/faults'),
    clearFaults: () => call('DELETE', '/emulator/v1/faults'),
    sms: async (phone) => (await call('GET', `/emulator/v1/sms?phone_number=${encodeURIComponent(phone)}`)).messages,
    email: async (addr) => (await call('GET', `/emulator/v1/email?email_address=${encodeURIComponent(addr)}`)).messages,
    /** Waits for the count of messages to reach `atLeast`, returns the newest code. */
    async latestSmsCode(phone, atLeast = 1, timeoutMs = 10_000) {
      return waitForCode(() => this.sms(phone), atLeast, timeoutMs, `SMS to ${phone}`);
    },
    async latestEmailCode(addr, atLeast = 1, timeoutMs = 10_000) {
      return waitForCode(() => this.email(addr), atLeast, timeoutMs, `email to ${addr}`);
    },
  };
}

async function waitForCode(list, atLeast, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const msgs = await list();
    if (msgs.length >= atLeast) {
      const code = msgs[msgs.length - 1].code;
      if (!/^\d{6}$/.test(code)) throw new Error(`${what}: newest message has no 6-digit code`);
      return code;
    }
    if (Date.now() > end) throw new Error(`${what}: expected ${atLeast} message(s), saw ${msgs.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A wrong code that is certainly not `code`. */
export function wrongCode(code) {
  return code.split('').map((d) => String((Number(d) + 5) % 10)).join('');
}

export { BROWSER, FIREFOX, launchBrowser } from './browser.mjs';

/**
 * Headless Debian Chromium through playwright-core, for the benchmark
 * (bench/ reads CDP sessions through it); the tests use launchBrowser().
 */
export async function launchChromium(executablePath = CHROMIUM) {
  if (!existsSync(executablePath)) throw new Error(`${executablePath} not found (run scripts/setup.sh)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export const screenshotDir = join(repoRoot, 'tests', 'e2e', 'screenshots');

/** Saves a full-page screenshot under screenshots/<browser>/; returns its path. */
export async function screenshot(page, name) {
  const dir = join(screenshotDir, page.browserName || 'chromium');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects Content-Security-Policy violations and uncaught errors of a page. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // 4xx answers (a wrong code) log "Failed to load resource": expected, not a problem.
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`csp: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

/**
 * A temporary static root for `startEmulator({ www })`: the built SDK under
 * `sdk/` and the test pages of `tests/e2e/pages/`. The caller removes it.
 */
export function makeTestRoot() {
  const sdk = join(repoRoot, 'www', 'sdk');
  if (!existsSync(join(sdk, 'pkg', 'sms_mfa_sdk.js')) || !existsSync(join(sdk, 'pkg', 'sms_mfa_sdk_bg.wasm'))) {
    throw new Error('www/sdk/ is missing: run `bash scripts/build.sh` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'sms-mfa-e2e-'));
  cpSync(sdk, join(dir, 'sdk'), { recursive: true });
  cpSync(join(repoRoot, 'tests', 'e2e', 'pages'), dir, { recursive: true });
  return dir;
}
