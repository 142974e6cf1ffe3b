// Development panel: polls the emulator's SMS and email outboxes so a person
// can read the passcodes without a phone, and exposes the clock and reset.

const POLL_MS = 1500;

/**
 * @param {{ list: HTMLElement, empty: HTMLElement, clock: HTMLElement,
 *           onUseCode: (code: string, msg: object) => void,
 *           seeds: { phones: string[], emails: string[] } }} opts
 */
export function startOutbox(opts) {
  const { list, empty, clock, onUseCode } = opts;
  const extraPhones = new Set(opts.seeds.phones);
  const extraEmails = new Set(opts.seeds.emails);
  let seen = new Map(); // key -> element
  let timer = 0;
  let stopped = false;
  let filterSupported = null; // does the outbox answer without a filter?
  let target = null; // { kind: 'sms', last } | { kind: 'email', to } | null: what "Use code" can fill
  let current = [];

  async function getJson(url) {
    const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  }

  async function fetchKind(kind, param, values) {
    const base = `/emulator/v1/${kind}`;
    if (filterSupported !== false) {
      try {
        const all = await getJson(base);
        filterSupported = true;
        return all.messages || [];
      } catch {
        filterSupported = false;
      }
    }
    const out = [];
    for (const v of values) {
      const res = await getJson(`${base}?${param}=${encodeURIComponent(v)}`);
      out.push(...(res.messages || []));
    }
    return out;
  }

  async function poll() {
    try {
      const [sms, email, clk] = await Promise.all([
        fetchKind('sms', 'phone_number', extraPhones),
        fetchKind('email', 'email_address', extraEmails),
        getJson('/emulator/v1/clock').catch(() => null),
      ]);
      // Newest first; the outbox lists in sending order, which breaks ties of sent_at.
      const msgs = [
        ...sms.map((m, i) => ({ ...m, kind: 'sms', to: m.phone_number, i })),
        ...email.map((m, i) => ({ ...m, kind: 'email', to: m.email_address, i })),
      ].sort((a, b) => Date.parse(b.sent_at) - Date.parse(a.sent_at) || b.i - a.i);
      render(msgs.slice(0, 12));
      if (clk && opts.onClock) opts.onClock(clk);
      if (clk) {
        const off = Number(clk.offset_seconds) || 0;
        clock.textContent = `${new Date(clk.now_ms ?? Date.parse(clk.now)).toLocaleTimeString()}${off ? ` (+${Math.round(off / 60)} min)` : ''}`;
      }
    } catch {
      clock.textContent = 'unreachable';
    }
  }

  function render(msgs) {
    const next = new Map();
    const frag = [];
    for (const m of msgs) {
      const key = `${m.kind}|${m.to}|${m.sent_at}|${m.code}`;
      let li = seen.get(key);
      if (!li) li = item(m);
      next.set(key, li);
      frag.push(li);
    }
    // Keep order newest first, reusing nodes so screen readers only hear additions.
    list.replaceChildren(...frag);
    seen = next;
    current = msgs;
    empty.hidden = msgs.length > 0;
    list.hidden = msgs.length === 0;
    mark();
  }

  /**
   * A newer message to the same recipient supersedes a code (the server no
   * longer accepts it): its button goes. "Use code" is offered only where the
   * visible step takes that code: an SMS on an SMS step (to the phone shown),
   * an email on the email-code step.
   */
  function mark() {
    const newest = new Set();
    const seenTo = new Set();
    for (const m of current) {
      const k = `${m.kind}|${m.to}`;
      if (!seenTo.has(k)) { seenTo.add(k); newest.add(m); }
    }
    let usable = 0;
    for (const m of current) {
      const li = seen.get(`${m.kind}|${m.to}|${m.sent_at}|${m.code}`);
      if (!li) continue;
      const superseded = !newest.has(m);
      const fits = Boolean(target) && target.kind === m.kind
        && (m.kind === 'sms' ? !target.last || String(m.to).endsWith(target.last) : !target.to || m.to === target.to);
      li.classList.toggle('superseded', superseded);
      const use = li.querySelector('[data-use-code]');
      const tag = li.querySelector('.msg-state');
      use.hidden = superseded || !fits;
      tag.textContent = superseded ? 'replaced by a newer code' : fits ? '' : m.kind === 'sms' ? 'for an SMS code step' : 'for the email code step';
      if (!use.hidden) usable += 1;
    }
    if (opts.hint) opts.hint.hidden = usable > 0 || current.length === 0;
  }

  function item(m) {
    const li = document.createElement('li');
    li.className = `msg msg-${m.kind}`;
    li.dataset.kind = m.kind;
    li.dataset.to = m.to;

    const head = document.createElement('div');
    head.className = 'msg-head';
    const kind = document.createElement('span');
    kind.className = 'msg-kind';
    kind.textContent = m.kind === 'sms' ? 'SMS' : 'Email';
    const to = document.createElement('span');
    to.className = 'msg-to mono';
    to.textContent = m.to;
    const when = document.createElement('time');
    when.className = 'msg-time';
    when.dateTime = m.sent_at;
    when.textContent = new Date(m.sent_at).toLocaleTimeString();
    head.append(kind, to, when);

    const body = document.createElement('p');
    body.className = 'msg-body';
    body.textContent = m.body || '';

    const row = document.createElement('div');
    row.className = 'msg-row';
    const code = document.createElement('span');
    code.className = 'msg-code mono';
    code.textContent = m.code || '';
    const use = document.createElement('button');
    use.type = 'button';
    use.className = 'btn small';
    use.dataset.useCode = '';
    use.textContent = 'Use code';
    use.setAttribute('aria-label', `Use code ${String(m.code || '').split('').join(' ')} sent to ${m.to}`);
    use.addEventListener('click', () => onUseCode(String(m.code || ''), m));
    const state = document.createElement('span');
    state.className = 'msg-state';
    row.append(code, use, state);

    li.append(head, row, body);
    return li;
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!document.hidden) await poll();
      schedule();
    }, POLL_MS);
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });

  poll().then(schedule);

  return {
    refresh: poll,
    setTarget(t) {
      const same = JSON.stringify(t) === JSON.stringify(target);
      target = t;
      if (!same) mark();
    },
    watchPhone(p) { extraPhones.add(p); },
    watchEmail(e) { extraEmails.add(e); },
    stop() { stopped = true; clearTimeout(timer); },
  };
}
