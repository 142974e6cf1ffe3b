// The demo page: consumer SMS login and B2B email code + SMS MFA, rendered
// from the SDK's state (`getMfaState()` + `onChange`), so a reload resumes.

import { describeError, formatClock, formatDuration, retryIn, START_AGAIN } from './lib/errors.js';
import {
  fillCountrySelect, guessRegion, toCandidate, countryOf, prettyE164, examplePhone, isTollFree, COUNTRIES,
} from './lib/phone.js';
import { wireCodeInput, webOtp } from './lib/otp.js';
import { startOutbox } from './lib/outbox.js';

// The emulator's clock decides when codes and sign-ins expire, and its admin
// API moves it ("Advance clock"). This page and the SDK it runs (which reads
// Date.now()) follow that clock: Date.now() is the real time plus the
// emulator's offset, read with the outbox every 1.5 s and after every call.
// Demo only: against real Stytch there is one clock, the real one.
const realNow = Date.now.bind(Date);
let clockOffsetMs = 0;
Date.now = () => realNow() + clockOffsetMs;
function setClockOffset(seconds) {
  const ms = (Number(seconds) || 0) * 1000;
  if (ms === clockOffsetMs) return;
  clockOffsetMs = ms;
  render();
}

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// UI-only memory that the SDK does not keep (none of it is secret): which tab,
// the email of a pending email code, and the last phone typed (for resend).
const UI_KEY = 'sms-mfa-demo:ui';
const ui = loadUi();
function loadUi() {
  try {
    const v = JSON.parse(sessionStorage.getItem(UI_KEY) || '{}');
    return {
      tab: v.tab === 'b2b' ? 'b2b' : 'consumer', b2bEmail: v.b2bEmail || null, lastPhone: v.lastPhone || '',
      enrollPhone: v.enrollPhone || '', sent: v.sent || null, notice: v.notice || '',
    };
  } catch {
    return { tab: 'consumer', b2bEmail: null, lastPhone: '', enrollPhone: '', sent: null, notice: '' };
  }
}
function saveUi() {
  try { sessionStorage.setItem(UI_KEY, JSON.stringify(ui)); } catch { /* private mode: memory only */ }
}

let sdk;
let client;
let project;
let outbox;
let region = 'US';
let lastViews = { consumer: '', b2b: '' };
let lastOwner = '';
let lastResendReady = null;
let otpAbort = null;
let lastState = { status: 'none' };
let signingOut = false;
const busy = new Set();

// ---------------------------------------------------------------- boot

boot();

async function boot() {
  const bootText = $('#boot-text');
  const badge = $('#env-badge');
  wireTabs();
  try {
    const [mod, proj, clk] = await Promise.all([
      import('./sdk/pkg/sms_mfa_sdk.js').catch((e) => { throw Object.assign(new Error('sdk'), { cause: e }); }),
      fetch('/emulator/v1/project', { cache: 'no-store' }).then((r) => {
        if (!r.ok) throw new Error(`project ${r.status}`);
        return r.json();
      }),
      fetch('/emulator/v1/clock', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : null)).catch(() => null),
    ]);
    if (clk) clockOffsetMs = (Number(clk.offset_seconds) || 0) * 1000;
    sdk = mod;
    project = proj;
    bootText.textContent = 'Starting the WebAssembly module…';
    await sdk.default();
    client = sdk.createClient({ publicToken: project.public_token, baseUrl: location.origin });
  } catch (e) {
    console.error('demo: start-up failed', e && e.cause ? e.cause : e);
    badge.dataset.state = 'error';
    const boot = $('#boot');
    boot.setAttribute('role', 'alert');
    boot.classList.add('boot-error');
    $('.spinner', boot)?.remove();
    if (e && e.message === 'sdk') {
      bootText.textContent = 'The SDK is not built yet. Run “npm run build”, then reload this page.';
      $('#env-text').textContent = 'SDK missing';
    } else if (e && String(e.message).startsWith('project')) {
      bootText.textContent = 'This page must be served by the Stytch emulator (stytch-emulator --www www).';
      $('#env-text').textContent = 'Emulator unreachable';
    } else {
      bootText.textContent = `Could not start: ${describeError(e).message} (${e && e.message})`;
      $('#env-text').textContent = 'Error';
    }
    return;
  }

  badge.dataset.state = 'ok';
  $('#env-text').textContent = `Local emulator · ${project.project_id}`;
  $('#boot').hidden = true;
  region = guessRegion();

  setupConsumer();
  setupB2B();
  setupCommon();
  outbox = startOutbox({
    list: $('#outbox'),
    empty: $('#outbox-empty'),
    clock: $('#dev-clock'),
    onUseCode: useCodeFromOutbox,
    onClock: (clk) => setClockOffset(clk.offset_seconds),
    hint: $('#outbox-hint'),
    seeds: {
      phones: [
        ...(project.users || []).map((u) => u.phone_number).filter(Boolean),
        ...(project.organizations || []).flatMap((o) => (o.members || []).map((m) => m.mfa_phone_number)).filter(Boolean),
      ],
      emails: (project.organizations || []).flatMap((o) => (o.members || []).map((m) => m.email_address)).filter(Boolean),
    },
  });
  if (ui.lastPhone) outbox.watchPhone(ui.lastPhone);
  if (ui.enrollPhone) outbox.watchPhone(ui.enrollPhone);

  client.onChange(() => render());
  // Another tab may sign in or out; storage is shared.
  setInterval(render, 1000);
  render({ initial: true });
  // For the browser tests and for poking around in devtools: read-only state.
  window.smsMfaDemo = Object.freeze({ getMfaState: () => safeState() });
  document.documentElement.dataset.ready = 'true';
}

// ---------------------------------------------------------------- state -> view

/** Which tab a state belongs to, or '' when it belongs to neither. */
function ownerOf(state) {
  switch (state.status) {
    case 'code_sent': return state.flow === 'mfa' || state.memberId ? 'b2b' : 'consumer';
    case 'mfa_required': return 'b2b';
    case 'authenticated': return state.memberId ? 'b2b' : 'consumer';
    default: return '';
  }
}

function viewFor(tab, state) {
  const owner = ownerOf(state);
  const expired = expiredCode(state);
  if (tab === 'consumer') {
    if (owner === 'consumer') return state.status === 'authenticated' ? 'c-done' : 'c-code';
    if (expired && expired.tab === 'consumer') return 'c-code';
    if (owner === 'b2b' && state.status === 'authenticated') return 'c-other';
    return 'c-phone';
  }
  if (owner === 'b2b') {
    if (state.status === 'authenticated') return 'b-done';
    if (state.status === 'code_sent') return 'b-code';
    if (expired && expired.tab === 'b2b') return 'b-code';
    if (state.enrollmentRequired) return 'b-enroll';
    return state.smsAlreadySent ? 'b-code' : 'b-send';
  }
  if (owner === 'consumer' && state.status === 'authenticated') return 'b-other';
  return ui.b2bEmail ? 'b-email-code' : 'b-email';
}

/**
 * The code the page sent last, once it has expired (the SDK then forgets it):
 * the passcode step stays, says so, and offers a new code at once.
 */
function expiredCode(state) {
  const sent = ui.sent;
  if (!sent || state.status === 'code_sent' || state.status === 'authenticated') return null;
  if (sent.tab === 'b2b' && state.status !== 'mfa_required') return null;
  if (sent.tab === 'consumer' && state.status !== 'none') return null;
  return sent;
}

function safeState() {
  try {
    return client.getMfaState() || { status: 'none' };
  } catch {
    return { status: 'none' };
  }
}

function render(opts = {}) {
  if (!client) return;
  const state = safeState();
  const owner = ownerOf(state);
  trackState(state);
  if (opts.initial) {
    if (owner) ui.tab = owner;
    else if (location.hash === '#b2b') ui.tab = 'b2b';
  } else if (owner && owner !== lastOwner && state.status !== 'authenticated') {
    ui.tab = owner; // a flow started (here or in another tab): show it
  }
  lastOwner = owner;
  showTab(ui.tab);

  const now = Date.now();
  for (const tab of ['consumer', 'b2b']) {
    const panel = $(`#panel-${tab}`);
    const view = viewFor(tab, state);
    for (const el of $$('[data-view]', panel)) el.hidden = el.dataset.view !== view;
    const viewEl = $(`[data-view="${view}"]`, panel);
    fillView(viewEl, view, state, now);
    markSteps(panel, view);
    if (view !== lastViews[tab]) {
      const wasInitial = lastViews[tab] === '';
      lastViews[tab] = view;
      onEnterView(viewEl, view, tab === ui.tab, wasInitial);
    }
  }
  document.documentElement.dataset.status = state.status;
  if (outbox) outbox.setTarget(outboxTarget());
  saveUi();
}

/** Keeps what the SDK forgets on expiry: the code sent last, and why a sign-in ended. */
function trackState(state) {
  if (state.status === 'code_sent') {
    ui.sent = { tab: ownerOf(state), phoneMasked: state.phoneMasked, codeExpiresAt: state.codeExpiresAt };
    ui.notice = '';
  } else if (state.status === 'authenticated') {
    ui.sent = null;
  }
  const wasB2bPending = lastState.status === 'mfa_required' || (lastState.status === 'code_sent' && ownerOf(lastState) === 'b2b');
  if (wasB2bPending && state.status === 'none' && !signingOut) {
    ui.sent = null;
    ui.notice = 'Your sign-in attempt expired (it stays open for 10 minutes). Start again with your email.';
  }
  lastState = state;
}

/** Signs out on purpose (no "expired" notice follows). */
function signOutHere() {
  signingOut = true;
  try { client.signOut(); } finally { signingOut = false; }
  ui.sent = null;
  ui.notice = '';
}

const STEP_OF = {
  'c-phone': 'phone', 'c-code': 'code', 'c-done': 'done', 'c-other': 'phone',
  'b-email': 'email', 'b-email-code': 'email-code', 'b-enroll': 'mfa', 'b-send': 'mfa', 'b-code': 'mfa', 'b-done': 'done', 'b-other': 'email',
};
function markSteps(panel, view) {
  const steps = $$('.steps li', panel);
  const current = steps.findIndex((li) => li.dataset.step === STEP_OF[view]);
  steps.forEach((li, i) => {
    li.classList.toggle('done', i < current);
    if (i === current) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
}

function onEnterView(el, view, active, initial) {
  // Leaving a code view: stop listening for WebOTP.
  if (otpAbort) { otpAbort.abort(); otpAbort = null; }
  lastResendReady = null;
  for (const st of $$('[data-resend-status]', el)) st.textContent = '';
  clearError(el);
  const code = $('[data-code]', el);
  if (code) code.value = '';
  if (!active) return;
  if (view === 'c-code' || view === 'b-code') listenWebOtp(el);
  // Move focus to what the person does next; on first load only if resuming.
  if (initial && (view === 'c-phone' || view === 'b-email')) return;
  const target = $('[data-code]', el) || $('[data-phone]', el) || $('input:not([type=hidden]), select', el) || $('h2', el);
  if (target) target.focus();
  const h2 = $('h2', el);
  if (h2 && !initial) announce(h2.textContent.trim());
}

function fillView(el, view, state, now) {
  if (!el) return;
  const orgName = orgNameOf(state.organizationId || (ui.b2bEmail && ui.b2bEmail.organizationId));
  for (const n of $$('[data-org-name]', el)) n.textContent = orgName || 'Your organization';
  const expired = expiredCode(state);
  for (const n of $$('[data-phone-masked]', el)) n.textContent = state.phoneMasked || (expired && expired.phoneMasked) || 'your phone';
  for (const n of $$('[data-notice]', el)) n.textContent = ui.notice || '';
  for (const n of $$('[data-email]', el)) n.textContent = ui.b2bEmail ? ui.b2bEmail.emailAddress : '';

  const expiry = $('[data-expiry]', el);
  if (expiry) {
    if (state.status === 'code_sent' && state.codeExpiresAt) {
      const left = state.codeExpiresAt - now;
      expiry.textContent = left > 0 ? `It expires in ${formatClock(left)}.` : 'This code has expired: request a new one.';
      expiry.classList.toggle('expired', left <= 0);
    } else if (expired) {
      expiry.textContent = 'This code has expired: request a new one.';
      expiry.classList.add('expired');
    } else if (state.status === 'mfa_required' && state.smsAlreadySent) {
      expiry.textContent = 'It was sent when you signed in.';
      expiry.classList.remove('expired');
    } else {
      expiry.textContent = '';
    }
  }

  for (const n of $$('[data-ist-expiry]', el)) {
    const at = state.istExpiresAt;
    if (at) {
      const left = at - now;
      n.textContent = left > 0 ? `This sign-in attempt stays open for ${formatDuration(left)}.` : 'This sign-in attempt has expired.';
    } else {
      n.textContent = '';
    }
  }

  const resend = $('[data-resend]', el);
  if (resend) {
    // The SDK refuses a resend before resendAllowedAt; an expired code can be replaced at once.
    const allowedAt = state.status === 'code_sent' ? state.resendAllowedAt || 0 : 0;
    const wait = allowedAt - now;
    const ready = wait <= 0;
    const isBusy = busy.has(el.id + ':resend');
    resend.disabled = !ready || isBusy;
    const stale = expired || (state.status === 'code_sent' && state.codeExpired);
    resend.textContent = isBusy ? 'Sending…' : ready ? (stale ? 'Send a new code' : 'Resend code') : `Resend in ${formatClock(wait)}`;
    resend.dataset.wait = ready ? '0' : String(Math.ceil(wait / 1000));
    if (lastResendReady === false && ready) announce('You can now request a new code.');
    lastResendReady = ready;
  }

  fillRetry(el, now);
  if (view === 'c-done' || view === 'b-done') renderSession($('[data-session]', el), state);
}

/** A Retry-After wait counts down in the error, and the form's submit waits with it. */
function fillRetry(el, now) {
  const err = $('[data-error]', el);
  const until = Number(el.dataset.retryUntil || 0);
  if (!err || !until) return;
  const left = until - now;
  const text = $('.error-text', err);
  if (text) text.textContent = `${err.dataset.base} ${retryIn(left)}`;
  const submit = $('[data-submit]', el);
  if (submit && !el.hasAttribute('aria-busy')) submit.disabled = left > 0;
  if (left <= 0) delete el.dataset.retryUntil;
}

function orgNameOf(id) {
  if (!id || !project) return '';
  const org = (project.organizations || []).find((o) => o.organization_id === id);
  return org ? org.organization_name : '';
}

function renderSession(box, s) {
  if (!box || s.status !== 'authenticated') return;
  const key = `${s.sessionId}|${s.expiresAt}`;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  const dl = document.createElement('dl');
  dl.className = 'session';
  const row = (k, v, mono) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    if (mono) dd.className = 'mono';
    dl.append(dt, dd);
  };
  const member = s.memberId && findMember(s.memberId);
  if (member) row('Member', member.email_address);
  if (s.organizationId) row('Organization', orgNameOf(s.organizationId) || s.organizationId);
  if (s.userId) row('User', s.userId, true);
  if (s.memberId) row('Member ID', s.memberId, true);
  row('Session', s.sessionId, true);
  row('Expires', new Date(s.expiresAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }));
  const factors = (s.factors || []).map((f) => {
    const method = f.deliveryMethod || f.type || '';
    if (method === 'sms' || f.phoneMasked) return `SMS passcode to ${f.phoneMasked || 'a phone'}`;
    if (method === 'email' || f.emailAddress) return `Email code to ${f.emailAddress || 'an address'}`;
    return method.replace(/_/g, ' ');
  });
  row('Verified with', factors.length ? factors.join('; ') : '–');
  const ok = document.createElement('p');
  ok.className = 'success-banner';
  ok.textContent = s.memberId ? 'Email code and SMS check passed.' : 'Phone verified by SMS passcode.';
  box.replaceChildren(ok, dl);
}

function findMember(memberId) {
  for (const o of project.organizations || []) {
    for (const m of o.members || []) if (m.member_id === memberId) return m;
  }
  return null;
}

// ---------------------------------------------------------------- tabs

function wireTabs() {
  const tabs = $$('[role=tab]');
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectTab(tab.id === 'tab-b2b' ? 'b2b' : 'consumer', false));
    tab.addEventListener('keydown', (ev) => {
      let j = -1;
      if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = tabs.length - 1;
      if (j < 0) return;
      ev.preventDefault();
      selectTab(tabs[j].id === 'tab-b2b' ? 'b2b' : 'consumer', true);
    });
  });
}

function selectTab(tab, focusTab) {
  ui.tab = tab;
  saveUi();
  history.replaceState(null, '', tab === 'b2b' ? '#b2b' : '#consumer');
  showTab(tab);
  if (focusTab) $(`#tab-${tab}`).focus();
  if (client) render();
}

function showTab(tab) {
  for (const t of ['consumer', 'b2b']) {
    const btn = $(`#tab-${t}`);
    const on = t === tab;
    btn.setAttribute('aria-selected', String(on));
    btn.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on || !client;
  }
}

// ---------------------------------------------------------------- actions

async function run(el, key, fn) {
  if (busy.has(key)) return;
  busy.add(key);
  const submit = key.endsWith(':submit') ? $('[data-submit]', el) : null;
  const label = submit && submit.textContent;
  if (submit) {
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    const spin = document.createElement('span');
    spin.className = 'spinner';
    spin.setAttribute('aria-hidden', 'true');
    submit.replaceChildren(spin, ` ${submit.dataset.busyLabel || 'Please wait…'}`);
  }
  el.setAttribute('aria-busy', 'true');
  // Nothing to edit while the request is out: the fields are read-only, the selects disabled.
  const locked = $$('input:not([readonly]), select:not([disabled])', el);
  for (const f of locked) {
    if (f.tagName === 'SELECT') f.disabled = true;
    else f.readOnly = true;
  }
  clearError(el);
  try {
    await fn();
  } catch (e) {
    showError(el, e);
  } finally {
    busy.delete(key);
    for (const f of locked) {
      if (f.tagName === 'SELECT') f.disabled = false;
      else f.readOnly = false;
    }
    el.removeAttribute('aria-busy');
    if (submit) {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      submit.textContent = label;
    }
    // The message just sent, and the emulator's clock, before the page redraws.
    if (outbox) await outbox.refresh().catch(() => {});
    render();
    const input = $('[aria-invalid="true"]', el);
    if (input && !el.hidden) input.focus();
  }
}

function clearError(el) {
  const err = $('[data-error]', el);
  if (err) {
    err.textContent = '';
    delete err.dataset.errorType;
  }
  delete el.dataset.retryUntil;
  for (const input of $$('input', el)) input.removeAttribute('aria-invalid');
}

function showError(el, e) {
  const d = describeError(e);
  const err = $('[data-error]', el);
  const input = $('[data-code]', el) || $('[data-phone]', el) || $('input[type=email]', el);
  if (err) {
    const text = document.createElement('span');
    text.className = 'error-text';
    text.textContent = d.message;
    err.replaceChildren(text);
    err.dataset.errorType = d.type;
    err.dataset.base = d.base;
    if (d.retryAfterMs) el.dataset.retryUntil = String(Date.now() + d.retryAfterMs);
    if (START_AGAIN.has(d.type)) {
      const again = document.createElement('button');
      again.type = 'button';
      again.className = 'btn small';
      again.dataset.startAgain = '';
      again.textContent = 'Start again';
      again.addEventListener('click', startOver);
      err.append(' ', again);
    }
  }
  // The phone hint would repeat the error: it steps aside until the next keystroke.
  const hint = $('[data-phone-hint]', el);
  if (hint) {
    hint.textContent = '';
    hint.classList.remove('ok', 'bad');
  }
  if (input && !el.hidden) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    if (input.select) input.select();
  }
}

function startOver() {
  const s = safeState();
  if (s.status !== 'authenticated') signOutHere();
  ui.b2bEmail = null;
  ui.enrollPhone = '';
  ui.sent = null;
  ui.notice = '';
  render();
  const view = $(`#panel-${ui.tab} .step:not([hidden])`);
  const target = view && ($('[data-phone]', view) || $('input', view) || $('h2', view));
  if (target) target.focus();
}

function setupConsumer() {
  const phoneForm = $('#c-phone-form');
  setupPhoneField(phoneForm);
  $('#c-fill-seed').addEventListener('click', () => {
    const seed = (project.users || [])[0];
    const input = $('#c-phone');
    input.value = seed ? seed.phone_number : '+12025550100';
    input.dispatchEvent(new Event('input'));
    input.focus();
  });
  $('#c-fill-seed').textContent = prettyE164(((project.users || [])[0] || {}).phone_number || '+12025550100');
  phoneForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(phoneForm, 'c-phone:submit', async () => {
      const phoneNumber = phoneValue(phoneForm);
      ui.sent = null;
      await client.sendSms({ phoneNumber });
      ui.lastPhone = phoneNumber;
      outbox.watchPhone(phoneNumber);
      announce('Code sent.');
    });
  });

  const codeForm = $('#c-code-form');
  setupCodeForm(codeForm, async (code) => {
    await client.authenticate({ code });
    announce('Signed in.');
  }, async () => {
    if (!ui.lastPhone) throw Object.assign(new Error('no phone'), { errorType: 'no_pending_challenge' });
    ui.sent = null;
    await client.sendSms({ phoneNumber: ui.lastPhone });
    announce('A new code was sent.');
  });
}

function setupB2B() {
  const orgSelect = $('#b-org');
  for (const o of project.organizations || []) {
    const opt = document.createElement('option');
    opt.value = o.organization_id;
    opt.textContent = o.organization_name;
    orgSelect.append(opt);
  }
  const members = $('#b-members');
  const label = document.createElement('span');
  label.textContent = 'Seeded members: ';
  members.append(label);
  for (const o of project.organizations || []) {
    for (const m of o.members || []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.textContent = m.email_address;
      const note = document.createElement('span');
      note.className = 'chip-note';
      note.textContent = m.mfa_phone_number ? ' · phone enrolled' : ' · must add a phone';
      b.append(note);
      b.addEventListener('click', () => {
        orgSelect.value = o.organization_id;
        $('#b-email').value = m.email_address;
        $('#b-email-form [data-submit]').focus();
      });
      members.append(b, ' ');
    }
  }

  const emailForm = $('#b-email-form');
  emailForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(emailForm, 'b-email:submit', async () => {
      const organizationId = orgSelect.value;
      const emailAddress = $('#b-email').value.trim();
      if (!emailAddress || !$('#b-email').checkValidity()) {
        throw Object.assign(new Error('email'), { errorType: 'invalid_email' });
      }
      // A new primary login replaces whatever was pending.
      const s = safeState();
      if (s.status === 'code_sent' || s.status === 'mfa_required') signOutHere();
      ui.notice = '';
      await client.emailLoginOrSignup({ organizationId, emailAddress });
      ui.b2bEmail = { organizationId, emailAddress };
      outbox.watchEmail(emailAddress);
      announce('Email sent.');
    });
  });

  const emailCodeForm = $('#b-email-code-form');
  setupCodeForm(emailCodeForm, async (code) => {
    const { organizationId, emailAddress } = ui.b2bEmail || {};
    if (!organizationId) throw Object.assign(new Error('no email'), { errorType: 'no_pending_challenge' });
    await client.emailAuthenticate({ organizationId, emailAddress, code });
    ui.b2bEmail = null;
  }, null);
  $('[data-resend-email]', emailCodeForm).addEventListener('click', () => {
    run(emailCodeForm, 'b-email-code:resend', async () => {
      const { organizationId, emailAddress } = ui.b2bEmail || {};
      if (!organizationId) return;
      await client.emailLoginOrSignup({ organizationId, emailAddress });
      announce('A new email was sent.');
    });
  });

  const enrollForm = $('#b-enroll-form');
  setupPhoneField(enrollForm);
  enrollForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(enrollForm, 'b-enroll:submit', async () => {
      const s = safeState();
      if (s.status !== 'mfa_required') throw Object.assign(new Error('state'), { errorType: 'intermediate_session_not_found' });
      const mfaPhoneNumber = phoneValue(enrollForm);
      ui.sent = null;
      await client.sendSms({ organizationId: s.organizationId, memberId: s.memberId, mfaPhoneNumber });
      ui.enrollPhone = mfaPhoneNumber;
      outbox.watchPhone(mfaPhoneNumber);
      announce('Code sent.');
    });
  });

  const sendForm = $('#b-send-form');
  sendForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(sendForm, 'b-send:submit', async () => {
      const s = safeState();
      if (s.status !== 'mfa_required') throw Object.assign(new Error('state'), { errorType: 'intermediate_session_not_found' });
      await client.sendSms({ organizationId: s.organizationId, memberId: s.memberId });
      announce('Code sent.');
    });
  });

  const codeForm = $('#b-code-form');
  setupCodeForm(codeForm, async (code) => {
    const s = safeState();
    const enrolling = s.status === 'code_sent' ? Boolean(ui.enrollPhone) : false;
    await client.authenticate({ code });
    if (enrolling) ui.enrollPhone = '';
    announce('Signed in.');
  }, async () => {
    const s = safeState();
    if (!s.organizationId || !s.memberId) throw Object.assign(new Error('state'), { errorType: 'intermediate_session_not_found' });
    const input = { organizationId: s.organizationId, memberId: s.memberId };
    if (ui.enrollPhone) input.mfaPhoneNumber = ui.enrollPhone;
    ui.sent = null;
    await client.sendSms(input);
    announce('A new code was sent.');
  });
}

function setupCommon() {
  for (const b of $$('[data-sign-out]')) {
    b.addEventListener('click', () => {
      signOutHere();
      ui.b2bEmail = null;
      ui.enrollPhone = '';
      render();
      announce('Signed out.');
      const h2 = $(`#panel-${ui.tab} .step:not([hidden]) h2`);
      if (h2) h2.focus();
    });
  }
  for (const b of $$('[data-start-over]')) b.addEventListener('click', startOver);
  for (const b of $$('[data-goto]')) {
    b.addEventListener('click', () => selectTab(b.dataset.goto, true));
  }
  $('#dev-reset').addEventListener('click', async () => {
    await fetch('/emulator/v1/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    signOutHere();
    ui.b2bEmail = null;
    ui.enrollPhone = '';
    render();
    outbox.refresh();
    announce('Emulator reset and signed out.');
  });
  $('#dev-advance').addEventListener('click', async () => {
    await fetch('/emulator/v1/clock/advance', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 180 }),
    });
    await outbox.refresh();
    announce('Emulator clock advanced by 3 minutes. Pending codes have expired.');
  });
}

function setupCodeForm(form, verify, resend) {
  const input = $('[data-code]', form);
  const ctl = wireCodeInput(input, () => form.requestSubmit());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(form, `${form.id}:submit`, async () => {
      const code = input.value.trim();
      if (!/^\d{6}$/.test(code)) {
        throw Object.assign(new Error('code'), { errorType: 'invalid_code' });
      }
      if (otpAbort) { otpAbort.abort(); otpAbort = null; }
      await verify(code);
    }).then(() => ctl.reset());
  });
  const resendBtn = $('[data-resend]', form);
  if (resendBtn && resend) {
    resendBtn.addEventListener('click', () => {
      run(form, `${form.id}:resend`, async () => {
        await resend();
        const status = $('[data-resend-status]', form);
        if (status) status.textContent = `A new code was sent at ${new Date(Date.now()).toLocaleTimeString()}. Earlier codes no longer work.`;
        input.value = '';
        input.removeAttribute('aria-invalid');
        ctl.reset();
        input.focus();
      });
    });
  }
}

function setupPhoneField(form) {
  const select = $('[data-country]', form);
  const input = $('[data-phone]', form);
  const hint = $('[data-phone-hint]', form);
  fillCountrySelect(select, region);
  // While the person types, an incomplete number is not an error: the hint
  // stays neutral and turns to a warning only once they leave the field.
  const update = (typing) => {
    const candidate = toCandidate(input.value, select.value);
    const e164 = candidate ? sdk.normalizePhoneNumber(candidate) : null;
    hint.classList.remove('ok', 'bad');
    input.removeAttribute('aria-invalid');
    input.placeholder = examplePhone(select.value);
    delete hint.dataset.e164;
    if (!candidate || candidate.replace(/\D/g, '').length < 4) {
      hint.textContent = 'Type a number, or paste one with its country code (+…).';
    } else if (e164 && isTollFree(e164)) {
      hint.textContent = `${prettyE164(e164)} is a toll-free number, which cannot receive text messages.`;
      if (!typing) hint.classList.add('bad');
    } else if (e164) {
      const c = countryOf(e164, select.value);
      hint.textContent = `Will text ${prettyE164(e164, select.value)}${c ? ` · ${c[1]}` : ''}`;
      hint.dataset.e164 = e164;
      hint.classList.add('ok');
      // A number typed with its country code picks that country in the list.
      const selected = COUNTRIES.find((x) => x[0] === select.value);
      if (c && (!selected || selected[2] !== c[2])) {
        select.value = c[0];
        input.placeholder = examplePhone(c[0]);
      }
    } else {
      hint.textContent = 'Not a valid mobile number yet, or a country we cannot text.';
      if (!typing) hint.classList.add('bad');
    }
  };
  input.addEventListener('input', () => update(true));
  input.addEventListener('blur', () => { if (!form.hasAttribute('aria-busy') && !$('[data-error]', form).textContent) update(false); });
  select.addEventListener('change', () => { update(true); input.focus(); });
  update(true);
}

/** The normalised number when the SDK can normalise it, else the candidate (the SDK then reports the error). */
function phoneValue(form) {
  const select = $('[data-country]', form);
  const input = $('[data-phone]', form);
  const candidate = toCandidate(input.value, select.value);
  const e164 = sdk.normalizePhoneNumber(candidate);
  if (e164 && isTollFree(e164)) throw Object.assign(new Error('toll-free'), { errorType: 'toll_free_number' });
  return e164 || candidate || input.value;
}

function listenWebOtp(el) {
  if (!('OTPCredential' in window)) return;
  otpAbort = new AbortController();
  const signal = otpAbort.signal;
  webOtp(signal).then((code) => {
    if (!code || signal.aborted || el.hidden) return;
    const input = $('[data-code]', el);
    input.value = code;
    input.dispatchEvent(new Event('input'));
  });
}

/** What the outbox's "Use code" buttons can fill: the code field of the visible step, SMS or email. */
function outboxTarget() {
  const view = $(`#panel-${ui.tab} .step:not([hidden])`);
  if (!view || !$('[data-code]', view)) return null;
  if (view.dataset.view === 'b-email-code') return { kind: 'email', to: ui.b2bEmail ? ui.b2bEmail.emailAddress : '' };
  const masked = $('[data-phone-masked]', view);
  const last = masked ? (masked.textContent.match(/(\d+)\D*$/) || [])[1] || '' : '';
  return { kind: 'sms', last };
}

function useCodeFromOutbox(code) {
  const view = $(`#panel-${ui.tab} .step:not([hidden])`);
  const input = view && $('[data-code]', view);
  if (!input) return;
  input.value = code;
  input.focus();
  input.dispatchEvent(new Event('input'));
}

function announce(text) {
  const a = $('#announcer');
  a.textContent = '';
  // A fresh node change makes screen readers repeat identical messages.
  setTimeout(() => { a.textContent = text; }, 50);
}
