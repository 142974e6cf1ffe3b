// Per-call benchmark page. `flow.html?sdk=ours|theirs|raw` loads one client
// and exposes `window.bench`. The loop runs inside the page so that no
// DevTools round trip is timed.
//
// One flow = send an SMS code (login_or_create), read the code from the
// emulator outbox, authenticate it. Timed: send, outbox read, authenticate.
// Not timed: the sign-out after each flow that returns the client to the
// logged-out state a login page starts from, and the wait for any request it
// leaves in flight.

// Counts requests in flight (a pass-through wrapper, installed before any
// client loads) so that background requests a client leaves behind, e.g. the
// revoke a sign-out sends or telemetry, finish before the next timed flow:
// on a real login page seconds pass between two calls.
let inflight = 0;
const realFetch = window.fetch;
window.fetch = function fetch(...args) {
  inflight++;
  return realFetch.apply(window, args).finally(() => {
    inflight--;
  });
};
async function idle() {
  while (inflight > 0) await new Promise((r) => setTimeout(r, 1));
}

const TOKEN = 'public-token-test-emulator';
const ORIGIN = location.origin;
const params = new URLSearchParams(location.search);
const sdk = params.get('sdk');
// ours only: a storage kind other than the default (cookie), for diagnosis
const oursStorage = params.get('storage');

async function outboxCode(phone) {
  const r = await fetch(`${ORIGIN}/emulator/v1/sms?phone_number=${encodeURIComponent(phone)}`);
  if (!r.ok) throw new Error(`outbox: HTTP ${r.status}`);
  const { messages } = await r.json();
  const last = messages && messages[messages.length - 1];
  if (!last || !/^\d{6}$/.test(last.code)) throw new Error('outbox: no code for this phone');
  return last.code;
}

const describe = (e) =>
  e && typeof e === 'object'
    ? [e.name, e.errorType || e.error_type, e.statusCode || e.status_code, e.errorMessage || e.error_message || e.message]
        .filter((x) => x !== undefined && x !== '')
        .join(' ')
    : String(e);

let impl;
let wasmMemory = null;

if (sdk === 'ours') {
  // Notes the instances the SDK creates, to read its linear memory (memory phase).
  const instances = [];
  const note = (r) => (instances.push(r.instance || r), r);
  for (const k of ['instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[k];
    WebAssembly[k] = (...a) => f.apply(WebAssembly, a).then(note);
  }
  // `init()` compiles, then instantiates synchronously (the glue's initSync).
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (...a) {
    return note(new Instance(...a));
  };
  WebAssembly.Instance.prototype = Instance.prototype;
  const m = await import('./ours/pkg/sms_mfa_sdk.js');
  await m.default();
  const client = m.createClient({ publicToken: TOKEN, baseUrl: ORIGIN, ...(oursStorage ? { storage: oursStorage } : {}) });
  impl = {
    send: (phone) => client.sendSms({ phoneNumber: phone }),
    auth: (code) => client.authenticate({ code }),
    cleanup: () => client.signOut(),
  };
  // The build may rename exports (`memory` -> a short name): take the Memory.
  wasmMemory = instances.flatMap((i) => Object.values(i.exports)).find((v) => v instanceof WebAssembly.Memory) || null;
} else if (sdk === 'theirs') {
  const m = await import('./peer/peer-headlessLib.js');
  const client = new m.StytchHeadlessClient(TOKEN, { endpoints: { testAPIURL: ORIGIN } });
  let methodId = null;
  impl = {
    send: async (phone) => {
      const res = await client.otps.sms.loginOrCreate(phone, { expiration_minutes: 2 });
      methodId = res.method_id;
    },
    auth: (code) => client.otps.authenticate(code, methodId, { session_duration_minutes: 60 }),
    // The headless client has no local-only sign-out; revoke clears its state.
    cleanup: () => client.session.revoke().catch(() => client.session.revoke({ forceClear: true }).catch(() => {})),
  };
} else if (sdk === 'raw') {
  // The same requests with nothing but fetch: the floor any SDK adds to.
  const authz = 'Basic ' + btoa(`${TOKEN}:${TOKEN}`);
  const post = async (path, body) => {
    const r = await fetch(`${ORIGIN}/sdk/v1${path}`, {
      method: 'POST',
      headers: { Authorization: authz, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'include',
    });
    const j = await r.json();
    if (!r.ok) throw Object.assign(new Error(j.error_message || `HTTP ${r.status}`), j);
    return j.data;
  };
  let methodId = null;
  impl = {
    send: async (phone) => {
      methodId = (await post('/otps/sms/login_or_create', { phone_number: phone, expiration_minutes: 2 })).method_id;
    },
    auth: async (code) => {
      const d = await post('/otps/authenticate', { token: code, method_id: methodId, session_duration_minutes: 60 });
      if (!d.session_token) throw new Error('no session_token');
      return d;
    },
    cleanup: null,
  };
} else {
  throw new Error(`unknown sdk ${sdk}`);
}

window.bench = {
  sdk,
  /** Runs one flow per phone; returns per-phase timings in ms. */
  async run(phones) {
    const out = { total: [], send: [], outbox: [], auth: [] };
    for (const phone of phones) {
      const t0 = performance.now();
      try {
        await impl.send(phone);
      } catch (e) {
        throw new Error(`send failed after ${out.total.length} flows: ${describe(e)}`);
      }
      const t1 = performance.now();
      const code = await outboxCode(phone);
      const t2 = performance.now();
      try {
        await impl.auth(code);
      } catch (e) {
        throw new Error(`authenticate failed after ${out.total.length} flows: ${describe(e)}`);
      }
      const t3 = performance.now();
      if (impl.cleanup) await impl.cleanup();
      await idle();
      out.total.push(t3 - t0);
      out.send.push(t1 - t0);
      out.outbox.push(t2 - t1);
      out.auth.push(t3 - t2);
    }
    return out;
  },
  /** Bytes of the SDK's WebAssembly linear memory, or null. */
  wasmBytes: () => (wasmMemory ? wasmMemory.buffer.byteLength : null),
};
window.__ready = true;
