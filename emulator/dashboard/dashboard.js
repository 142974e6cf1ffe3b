// The emulator's dashboard: reads and drives the admin API (/emulator/v1) of the
// emulator that serves it. No build step, no dependencies, no innerHTML (every
// value, message bodies included, goes in as text).
const API = '/emulator/v1';
const POLL_MS = 1500;
const PATHS = [
  '*',
  '/sdk/v1/otps/sms/login_or_create', '/sdk/v1/otps/sms/send/primary', '/sdk/v1/otps/sms/send/secondary',
  '/sdk/v1/otps/authenticate', '/sdk/v1/sessions/authenticate', '/sdk/v1/sessions/revoke',
  '/sdk/v1/b2b/otps/email/login_or_signup', '/sdk/v1/b2b/otps/email/authenticate',
  '/sdk/v1/b2b/otps/sms/send', '/sdk/v1/b2b/otps/sms/authenticate',
  '/sdk/v1/b2b/sessions/authenticate', '/sdk/v1/b2b/sessions/revoke',
  '/v1/otps/sms/send', '/v1/otps/sms/login_or_create', '/v1/otps/authenticate',
  '/v1/b2b/otps/email/login_or_signup', '/v1/b2b/otps/email/authenticate', '/v1/b2b/otps/sms/send', '/v1/b2b/otps/sms/authenticate',
];

const $ = (s) => document.querySelector(s);
const el = (tag, props = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of kids) e.append(c ?? '');
  return e;
};
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
let nowMs = Date.now();

async function get(path) {
  const r = await fetch(API + path, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

/** A mutating call: always JSON, `{}` when there is nothing more (the emulator refuses anything else). */
async function send(method, path, body = {}) {
  const r = await fetch(API + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(j.error_message || `HTTP ${r.status}`);
  return j;
}

function announce(text) { $('#live').textContent = text; }

function renderOutbox(sms, email) {
  const msgs = [
    ...sms.map((m) => ({ ...m, kind: 'SMS', to: m.phone_number })),
    ...email.map((m) => ({ ...m, kind: 'Email', to: m.email_address })),
  ].sort((a, b) => b.seq - a.seq || Date.parse(b.sent_at) - Date.parse(a.sent_at));
  $('#outbox tbody').replaceChildren(...msgs.map((m) => el('tr', { 'data-status': m.status || 'live', 'data-kind': m.kind.toLowerCase() },
    el('td', {}, m.kind),
    el('td', { class: 'mono' }, m.to),
    el('td', { class: 'code' }, m.code),
    el('td', {}, el('span', { class: 'badge', 'data-status': m.status || 'live' }, m.status || 'live')),
    el('td', {}, time(m.sent_at)),
    el('td', {}, time(m.expires_at)),
    el('td', { class: 'body' }, m.body),
  )));
  $('#outbox-empty').hidden = msgs.length > 0;
  $('#outbox').hidden = msgs.length === 0;
}

function inText(ms) {
  const s = Math.max(0, Math.round((ms - nowMs) / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function renderSessions(v) {
  const rows = [
    ...v.sessions.map((s) => ({ kind: s.kind === 'member' ? 'Member session' : 'Session', who: s.subject, org: s.organization_id || '', factors: s.factors, exp: s.expires_at, ms: s.expires_ms })),
    ...v.intermediate_sessions.map((i) => ({ kind: 'IST', who: i.member_id, org: i.organization_id, factors: i.factors, exp: i.expires_at, ms: i.expires_ms })),
  ];
  $('#sessions tbody').replaceChildren(...rows.map((r) => el('tr', { 'data-kind': r.kind === 'IST' ? 'ist' : 'session' },
    el('td', {}, r.kind), el('td', { class: 'mono' }, r.who), el('td', { class: 'mono' }, r.org),
    el('td', {}, r.factors.join(', ')), el('td', {}, time(r.exp)), el('td', {}, inText(r.ms)),
  )));
  $('#sessions-empty').hidden = rows.length > 0;
  $('#sessions').hidden = rows.length === 0;
}

function renderProject(p) {
  $('#project').textContent = `Project ${p.project_id} · public token ${p.public_token}`;
  $('#users tbody').replaceChildren(...p.users.map((u) => el('tr', {},
    el('td', { class: 'mono' }, u.user_id), el('td', {}, u.status || ''),
    el('td', { class: 'mono' }, (u.phone_numbers || [u.phone_number]).join(', ')), el('td', {}, (u.emails || []).join(', ')),
  )));
  $('#orgs').replaceChildren(...p.organizations.map((o) => el('div', { class: 'org' },
    el('h3', {}, `${o.organization_name} `, el('span', { class: 'muted mono' }, `${o.organization_id}${o.mfa_policy ? ` · MFA ${o.mfa_policy}` : ''}`)),
    el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Member'), el('th', {}, 'Email'), el('th', {}, 'MFA phone'), el('th', {}, 'Enrolled'))),
      el('tbody', {}, ...o.members.map((m) => el('tr', { 'data-member': m.member_id },
        el('td', {}, m.name || m.member_id), el('td', {}, m.email_address),
        el('td', { class: 'mono' }, `${m.mfa_phone_number || '—'}${m.mfa_phone_number && m.mfa_phone_number_verified ? ' ✓' : ''}`),
        el('td', {}, m.mfa_enrolled ? 'yes' : 'no'),
      ))),
    ),
  )));
}

function renderClock(c) {
  nowMs = c.now_ms;
  $('#clock-now').textContent = new Date(c.now_ms).toLocaleString();
  const off = Number(c.offset_seconds) || 0;
  $('#clock-offset').textContent = off ? `offset ${off > 0 ? '+' : ''}${off} s (${(off / 60).toFixed(1)} min)` : 'offset 0 s (real time)';
}

function renderFaults(f) {
  $('#faults').replaceChildren(...f.faults.map((x) => el('li', { 'data-kind': x.kind },
    el('span', { class: 'badge' }, x.kind), el('span', { class: 'mono' }, x.path),
    `×${x.count}`, x.status ? ` ${x.status}` : '', x.delay_ms ? ` ${x.delay_ms} ms` : '', x.retry_after != null ? ` Retry-After ${x.retry_after}` : '',
  )));
  $('#faults-empty').hidden = f.faults.length > 0;
}

async function refresh() {
  try {
    const [sms, email, sessions, project, clock, faults] = await Promise.all([
      get('/sms'), get('/email'), get('/sessions'), get('/project'), get('/clock'), get('/faults'),
    ]);
    renderClock(clock);
    renderOutbox(sms.messages, email.messages);
    renderSessions(sessions);
    renderProject(project);
    renderFaults(faults);
    $('#status').dataset.state = 'ok';
    $('#status-text').textContent = `Connected · ${location.host}`;
  } catch (e) {
    $('#status').dataset.state = 'error';
    $('#status-text').textContent = `Emulator unreachable (${e.message})`;
  }
  document.documentElement.dataset.ready = 'true';
}

async function act(fn, done) {
  try {
    await fn();
    announce(done);
  } catch (e) {
    announce(`Failed: ${e.message}`);
  }
  await refresh();
}

function wire() {
  $('#fault-path').replaceChildren(...PATHS.map((p) => el('option', { value: p }, p === '*' ? '* (every API path)' : p)));
  const kind = $('#fault-kind');
  const showKind = () => {
    $('#fault-status-row').hidden = kind.value !== 'status';
    $('#fault-delay-row').hidden = kind.value !== 'latency';
  };
  kind.addEventListener('change', showKind);
  showKind();
  for (const b of document.querySelectorAll('[data-advance]')) {
    b.addEventListener('click', () => act(() => send('POST', '/clock/advance', { seconds: Number(b.dataset.advance) }), `Clock advanced by ${b.textContent}.`));
  }
  $('#clock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const seconds = Number($('#clock-seconds').value);
    act(() => send('POST', '/clock/advance', { seconds }), `Clock advanced by ${seconds} s.`);
  });
  $('#clock-reset').addEventListener('click', () => act(() => send('POST', '/clock/reset'), 'Clock back to real time.'));
  $('#fault-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = { path: $('#fault-path').value, kind: kind.value, count: Number($('#fault-count').value) || 1 };
    if (f.kind === 'status') f.status = Number($('#fault-status').value);
    if (f.kind === 'latency') f.delay_ms = Number($('#fault-delay').value);
    const ra = $('#fault-retry').value;
    if (ra !== '' && f.kind === 'status') f.retry_after = Number(ra);
    act(() => send('POST', '/faults', f), `Fault ${f.kind} armed on ${f.path}.`);
  });
  $('#faults-clear').addEventListener('click', () => act(() => send('DELETE', '/faults'), 'Faults cleared.'));
  $('#reset').addEventListener('click', () => act(() => send('POST', '/reset'), 'Emulator reset to its seed.'));
}

wire();
refresh();
setInterval(refresh, POLL_MS);
