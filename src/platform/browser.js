// Browser side of `platform` (see mod.rs): fetch, storage backends, the
// public Client object and the error shape. scripts/build.sh bundles and
// minifies this file with the glue, so it is written for reading. Property
// names are kept short on purpose: they are shared with the Rust side (the
// request `{u, a, t, b, m, c}`, the answer `{k, s, x, j, ra}`) or survive
// minification (store fields), so they count toward the size budget.

/** A random id (UUID when available). */
const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(16).slice(2));

export const now = Date.now;
// The time zone goes into every request's telemetry; building an
// Intl.DateTimeFormat costs about 0.1 ms, so it is read once.
let timezone;
try {
  timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
} catch (e) {
  timezone = '';
}

/** An RFC 3339 timestamp in ms since the epoch, NaN when malformed or out of range. */
export function parseTime(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!m) return NaN;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours = 0, offsetMinutes = 0] = m;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (year < 1 || date.getUTCMonth() != month - 1 || hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return NaN;
  const offset = sign ? (sign + 1) * (offsetHours * 60 + +offsetMinutes) : 0; // "+1" or "-1" times the minutes
  return date.getTime() + ((hour * 60 + +minute - offset) * 60 + +second) * 1e3 + +(fraction + '00').slice(0, 3);
}

/**
 * One POST of request `q` (`u` URL, `a` Basic credentials, `t` telemetry,
 * `b` body, `m` timeout ms) with the caller's AbortSignal `signal` and the
 * client's telemetry ids `ids`. Never
 * rejects: `{k, s, x, j, ra}` with `k` 0 answered, 1 timed out, 2 aborted,
 * 3 network failure, 4 body cut short; `s` status, `x` body text, `j` JSON
 * content type, `ra` Retry-After in seconds or -1.
 */
async function send(q, signal, ids) {
  let why = 0;
  let onAbort;
  const controller = new AbortController();
  const caller = signal instanceof AbortSignal ? signal : 0; // AbortController exists, so AbortSignal does
  const stop = (reason) => {
    why = why || reason;
    controller.abort();
  };
  const timer = setTimeout(() => stop(1), q.m);
  try {
    if (caller) {
      if (caller.aborted) return { k: 2 };
      onAbort = () => stop(2);
      caller.addEventListener('abort', onAbort);
    }
    let response, text;
    try {
      const telemetry = {
        ...ids,
        ...q.t,
        event_id: 'event-id-' + uuid(),
        client_sent_at: new Date().toISOString(),
        timezone,
        app: { identifier: location.hostname },
        sdk: { identifier: 'sms-mfa-sdk', version: '0.1.0' },
      };
      response = await fetch(q.u, {
        method: 'POST',
        headers: {
          Authorization: 'Basic ' + btoa(q.a),
          'Content-Type': 'application/json',
          'X-SDK-Client': btoa(JSON.stringify(telemetry)),
          'X-SDK-Parent-Host': location.origin,
        },
        body: q.b,
        credentials: 'include',
        signal: controller.signal,
      });
    } catch (e) {
      return { k: why || 3 };
    }
    try {
      text = await response.text();
    } catch (e) {
      return { k: why || 4, s: response.status };
    }
    const headers = response.headers;
    const retryAfter = headers.get('retry-after');
    // Seconds, or an HTTP date.
    let seconds = retryAfter == null ? NaN : +retryAfter;
    if (retryAfter && isNaN(seconds)) seconds = (Date.parse(retryAfter) - Date.now()) / 1e3;
    return {
      k: 0,
      s: response.status,
      x: text,
      j: (headers.get('content-type') + '').includes('application/json'), // null: 'null'
      ra: seconds >= 0 ? Math.ceil(seconds) : -1,
    };
  } finally {
    clearTimeout(timer);
    onAbort && caller.removeEventListener('abort', onAbort);
  }
}

/** Adds `listener` to `list`; returns the function that removes it. */
const subscribe = (list, listener) => (
  list.push(listener),
  () => {
    const i = list.indexOf(listener);
    i < 0 || list.splice(i, 1);
  }
);

/** Calls every listener; one that throws does not stop the others (its error is rethrown later). */
const emit = (list, value) => {
  for (const listener of list.slice()) {
    try {
      listener(value);
    } catch (e) {
      setTimeout(() => {
        throw e;
      });
    }
  }
};

const toJson = (value) => {
  try {
    return JSON.stringify(value) || '';
  } catch (e) {
    return '';
  }
};
const parse = JSON.parse;

/**
 * The public Client around `core` (a `bindings::Core`), with the cross-tab
 * channel `channelName` and the store `store` (from `makeStore`).
 * `core.call(op, a, b, n)`: 0..=3 prepare a request, 4..=7 consume its answer,
 * 8 the state, 9 setPrimaryAuth, 10 sign-out, 12 the pending storage failure.
 */
export function wrap(core, channelName, store) {
  const listeners = [];
  const errorListeners = [];
  const call = (op, a = '', b = '', n = 0) => core.call(op, a, b, n);
  const ids = { app_session_id: uuid(), persistent_id: uuid() };
  let inFlight, channel, last;
  const state = () => {
    try {
      return parse(call(8));
    } catch (e) {
      return { status: 'none' };
    }
  };
  // Reports a storage failure (and the fallback to memory) to onStorageError listeners.
  const tell = () => {
    if (errorListeners.length) {
      try {
        call(12, '', '', store.f);
        store.f = 0;
      } catch (e) {
        store.f = 0;
        emit(errorListeners, e);
      }
    }
  };
  // Calls onChange listeners when the state differs from the last one they got.
  const check = () => {
    const s = state();
    const json = toJson(s);
    json != last && ((last = json), emit(listeners, s));
  };
  // A change made here: listeners always hear of it, and so do other tabs.
  const changed = () => {
    last = 0;
    check();
    // Cookie writes reach the browser's cookie store asynchronously: other
    // tabs hear of a change once it is readable there.
    const post = () => {
      try {
        channel && channel.postMessage(1);
      } catch (e) {}
    };
    store.b && store.b.w ? store.b.w(post) : post();
    tell();
  };
  const run = async (op, input) => {
    const q = parse(call(op, toJson(input)));
    const r = await send(q, input && input.signal, ids);
    // Status, Retry-After, kind and JSON flag packed into one number (see bindings.rs).
    const out = parse(call(op + 4, q.c, r.x || '', (((r.ra ?? -1) + 1) * 1024 + (r.s || 0) % 1024) * 16 + r.k * 2 + (r.j ? 1 : 0)));
    op == 2 ? tell() : changed();
    return out;
  };
  check();
  // Another tab's message can arrive before its Web Storage write is visible
  // here: the `storage` event reads the state again once it is. The channel
  // does not keep Node alive (unref).
  try {
    channel = new BroadcastChannel(channelName);
    channel.unref?.();
    channel.onmessage = check;
  } catch (e) {}
  globalThis.addEventListener?.('storage', check);
  return {
    sendSms: (i) => run(0, i),
    authenticate: (i) => inFlight || (inFlight = run(1, i).finally(() => { inFlight = 0; })),
    emailLoginOrSignup: (i) => run(2, i),
    emailAuthenticate: (i) => run(3, i),
    getMfaState() {
      const s = state();
      tell();
      return s;
    },
    setPrimaryAuth(result) {
      const s = parse(call(9, toJson(result)));
      changed();
      return s;
    },
    onChange: (f) => subscribe(listeners, f),
    onStorageError(f) {
      const unsubscribe = subscribe(errorListeners, f);
      tell();
      return unsubscribe;
    },
    signOut() {
      try {
        const q = call(10);
        q && send(parse(q), 0, ids);
      } catch (e) {}
      changed();
    },
    get storageKind() {
      return store.k;
    },
    close() {
      try {
        channel && channel.close();
      } catch (e) {}
      channel = 0;
      globalThis.removeEventListener?.('storage', check);
      listeners.length = errorListeners.length = 0;
    },
  };
}

/** The one SdkError shape. `retryAfter` < 0: none. */
export function makeError(type, status, requestId, message, url, retryable, retryAfter) {
  const e = Object.assign(new Error(message || type), { name: 'SdkError', errorType: type, statusCode: status, requestId, errorMessage: message, errorUrl: url, retryable });
  if (retryAfter >= 0) e.retryAfter = retryAfter;
  return e;
}

/**
 * The config as JSON for the Rust side. A storage adapter becomes "\0custom"
 * (that string itself, forged, becomes 0). Functions, Symbols, NaN and
 * ±Infinity, which JSON would drop or turn into null ("not set"), become
 * "\0", which no option accepts; so does a baseUrl that `new URL()` refuses.
 * A trailing /sdk/v1 of baseUrl is dropped: the SDK appends it.
 */
export function configJson(config) {
  try {
    return JSON.stringify(config, function (key, value) {
      const type = typeof value;
      if (type == 'function' || type == 'symbol' || (type == 'number' && !isFinite(value))) return '\0';
      if (this === config) {
        if (key == 'storage') return isAdapter(value) ? '\0custom' : value == '\0custom' ? 0 : value;
        if (key == 'baseUrl' && value != null) {
          try {
            return new URL(value) && value.replace(/\/sdk\/v1\/*$/, '');
          } catch (e) {
            return '\0';
          }
        }
      }
      return value;
    }) || '';
  } catch (e) {
    return '';
  }
}

const isAdapter = (s) => s && typeof s == 'object' && ['getItem', 'setItem', 'removeItem'].every((m) => typeof s[m] == 'function');

const PROBE = '__sms_mfa_probe';

// Reading document.cookie is a synchronous round trip to the browser's
// cookie store; right after a write it also waits for that write (about
// 0.4 ms in Chromium, against 0.08 ms otherwise). So one read serves every
// client of the page for the current task: `jar` (name -> encoded value,
// null once removed) is kept up to date by their writes and dropped at the
// next microtask checkpoint.
let jar;
const get = (k) => {
  if (!jar) {
    jar = new Map();
    // The first of two cookies with one name is the one with the longer path.
    for (const c of document.cookie.split(';').reverse()) {
      const i = c.indexOf('=');
      jar.set(c.slice(0, i).trim(), c.slice(i + 1));
    }
    queueMicrotask(() => (jar = 0));
  }
  const v = jar.get(k);
  return v == null ? null : decodeURIComponent(v);
};
const EXPIRES = '; Expires=';
const EXPIRED = EXPIRES + new Date(0).toUTCString();

/**
 * The backend `{get, set, delete}` (a Map's names) of storage `kind`, 0 for memory;
 * cookies add `w(f)`: `f()` once this task's writes are visible to other tabs.
 * Throws when it does not work (the caller falls back to memory). `cookie`:
 * `{p: Path, d: Domain, s: SameSite}`; `refused(written)`: a cookie written
 * did not stick, `written` maps every key written in that task to its value
 * (null: removed).
 */
function makeBackend(kind, adapter, cookie, refused) {
  if (kind == 'memory') return 0;
  if (kind != 'cookie') {
    // A custom adapter, or Web Storage used the same way (it ignores `expires`).
    if (kind != 'custom') {
      adapter = globalThis[kind];
      adapter.setItem(PROBE, PROBE);
      adapter.removeItem(PROBE);
    }
    return { get: (k) => adapter.getItem(k), set: (k, v, e) => adapter.setItem(k, v, e), delete: (k) => adapter.removeItem(k) };
  }
  const host = location.hostname;
  // Secure, except on loopback hosts (unless SameSite=None, which needs it).
  const attributes = (cookie.p ? '; Path=' + cookie.p : '') + (cookie.d ? '; Domain=' + cookie.d : '') + '; SameSite=' + cookie.s
    + (cookie.s == 'None' || !(host == 'localhost' || host == '[::1]' || host.startsWith('127.')) ? '; Secure' : '');
  // The writes of a task are checked once it is over, in a timer: a cookie
  // that did not stick (too large, refused) then moves the store to memory
  // with every value written (`refused(written)`). That read also waits for
  // the writes, so other tabs can read them once it returns: `waiting` runs
  // then. (cookieStore would not block, but its reads are not ordered after
  // document.cookie writes in Chromium.)
  let written;
  const waiting = [];
  const check = () => {
    const w = written;
    written = jar = 0;
    try {
      get(PROBE);
      for (const [k, v] of w) if (v != null && get(k) !== v) throw 0;
    } catch (e) {
      refused(w); // or unreadable (a malformed value under one of our names)
    }
    for (const f of waiting.splice(0)) f();
  };
  const put = (k, v, attrs) => {
    const encoded = v == null ? '' : encodeURIComponent(v);
    document.cookie = k + '=' + encoded + attrs + attributes;
    jar && jar.set(k, v == null ? null : encoded);
    written || setTimeout(check);
    (written ||= new Map()).set(k, v);
  };
  const backend = {
    get,
    set: (k, v, expires) => put(k, v, EXPIRES + new Date(expires).toUTCString()),
    delete: (k) => get(k) != null && put(k, null, EXPIRED),
    w: (f) => (written ? waiting.push(f) : f()),
  };
  // Cookies disabled, a Domain or Secure the page cannot set: throw now.
  document.cookie = PROBE + '=1' + attributes;
  jar = 0;
  if (get(PROBE) != '1') throw 0;
  document.cookie = PROBE + '=' + EXPIRED + attributes;
  jar = 0;
  return backend;
}

/**
 * The store of `spec` ("kind\0path\0domain\0sameSite\0key..."): `{k: kind in
 * use, f: 1 after a fallback not yet reported, m: the memory Map, keys, b:
 * the backend or 0}`.
 */
export function makeStore(config, spec) {
  const [kind, p, d, s, ...keys] = spec.split('\0');
  const store = { k: kind, f: 0, m: new Map(), keys };
  try {
    store.b = makeBackend(kind, config.storage, { p, d, s }, (written) => {
      if (store.b) {
        fallBack(store);
        for (const [k, v] of written) v == null ? store.m.delete(k) : store.m.set(k, v);
      }
    });
  } catch (e) {
    fallBack(store);
  }
  return store;
}

/** Switches `store` to memory, keeping what can still be read of its keys (if it has a backend). */
function fallBack(store) {
  const backend = store.b;
  store.b = 0;
  store.k = 'memory';
  store.f = 1;
  for (const k of store.keys) {
    try {
      const v = backend.get(k);
      v != null && store.m.set(k, '' + v);
    } catch (e) {}
  }
}

/**
 * `backend[op](...args)`, or the memory Map's `op` once the backend failed
 * (a Map ignores the `expires` of a set).
 */
function use(store, op, ...args) {
  if (store.b) {
    try {
      return store.b[op](...args);
    } catch (e) {
      fallBack(store);
    }
  }
  return store.m[op](...args);
}

export function storeGet(store, k) {
  const v = use(store, 'get', k);
  return v == null ? void 0 : '' + v;
}

export function storeSet(store, k, v, expires) {
  use(store, 'set', k, v, expires);
}

export function storeDelete(store, k) {
  use(store, 'delete', k);
}
