//! Shared helpers of the browser suites (`tests/web_*.rs`): the client API as
//! JS sees it, the emulator's admin API over real HTTP, and small assertions.
#![allow(dead_code)]
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The emulator, fixed at compile time (`EMULATOR_URL`).
pub const EMU: &str = match option_env!("EMULATOR_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:9010",
};
pub const TOKEN: &str = "public-token-test-emulator";
pub const ORG: &str = "organization-test-emulator-acme";
pub const ALICE: &str = "member-test-emulator-alice";
pub const ALICE_EMAIL: &str = "alice@acme.test";
pub const ALICE_PHONE: &str = "+12025550162";
pub const BOB: &str = "member-test-emulator-bob";
pub const BOB_EMAIL: &str = "bob@acme.test";

#[wasm_bindgen(inline_js = r#"
export async function admin(base, method, path, body) {
  // Mutating admin calls must be JSON (`{}` when there is nothing more); GETs have no body.
  const r = await fetch(base + path, method === 'GET' ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body === undefined ? {} : body) });
  const t = await r.text();
  if (!r.ok) throw new Error('admin ' + method + ' ' + path + ' -> ' + r.status + ' ' + t);
  return t ? JSON.parse(t) : null;
}
export function parse(s) { return JSON.parse(s); }
export function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }
export function clearBrowserStorage() {
  for (const c of document.cookie.split(';')) {
    const n = c.split('=')[0].trim();
    if (n) document.cookie = n + '=; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  try { localStorage.clear(); } catch (e) {}
  try { sessionStorage.clear(); } catch (e) {}
}
export function recorder() {
  const calls = [];
  const f = (v) => { calls.push({ at: performance.now(), v: JSON.parse(JSON.stringify(v)) }); };
  return { f, calls };
}
export function abortedSignal() { const c = new AbortController(); c.abort(); return c.signal; }
export function abortAfter(ms) { const c = new AbortController(); setTimeout(() => c.abort(), ms); return c.signal; }
export function withKey(o, k, v) { o[k] = v; return o; }
export function cookieString() { return document.cookie; }
export function storageDump() {
  const out = { cookie: document.cookie, local: {}, session: {} };
  for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); out.local[k] = localStorage.getItem(k); }
  for (let i = 0; i < sessionStorage.length; i++) { const k = sessionStorage.key(i); out.session[k] = sessionStorage.getItem(k); }
  return JSON.stringify(out);
}
export async function cookieDetails(name) {
  if (!globalThis.cookieStore) return null;
  const c = await cookieStore.get(name);
  return c ? { name: c.name, expires: c.expires, sameSite: c.sameSite, secure: c.secure, path: c.path } : undefined;
}
export function memoryAdapter(log) {
  const m = new Map();
  return {
    getItem: k => (m.has(k) ? m.get(k) : null),
    setItem: (k, v, e) => { m.set(k, v); log.push(['set', k, typeof e]); },
    removeItem: k => { m.delete(k); log.push(['remove', k]); },
    map: m,
  };
}
export function throwingAdapter(name) {
  const f = () => { const e = new Error('storage refused'); e.name = name; throw e; };
  return { getItem: f, setItem: f, removeItem: f };
}
export function quotaAdapter() {
  const m = new Map();
  return {
    getItem: k => (m.has(k) ? m.get(k) : null),
    setItem: () => { const e = new Error('quota'); e.name = 'QuotaExceededError'; throw e; },
    removeItem: k => m.delete(k),
  };
}
export function now() { return Date.now(); }
// A time machine for expiry tests: Date.now() moves by jump(ms), and timers of
// a second or more wait for it (shorter ones keep real time, so fetches and
// the harness work). uninstall() puts the real clock back.
export function timeMachine() {
  const realNow = Date.now, realSet = globalThis.setTimeout, realClear = globalThis.clearTimeout;
  let offset = 0, nextId = 1e9;
  const pending = new Map();
  Date.now = () => realNow.call(Date) + offset;
  globalThis.setTimeout = (f, ms, ...args) => {
    if (!(ms >= 1000)) return realSet(f, ms, ...args);
    const id = nextId++;
    pending.set(id, { f, due: Date.now() + ms });
    return id;
  };
  globalThis.clearTimeout = (id) => { if (!pending.delete(id)) realClear(id); };
  return {
    jump(ms) {
      offset += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].due - b[1].due)) {
        if (t.due <= Date.now() && pending.delete(id)) t.f();
      }
    },
    uninstall() { Date.now = realNow; globalThis.setTimeout = realSet; globalThis.clearTimeout = realClear; },
  };
}
export function errorFields(e) {
  return JSON.stringify({ isError: e instanceof Error, name: e && e.name, errorType: e && e.errorType, statusCode: e && e.statusCode, requestId: e && e.requestId, errorMessage: e && e.errorMessage, errorUrl: e && e.errorUrl, retryable: e && e.retryable, retryAfter: e && e.retryAfter, hasRetryAfter: !!e && 'retryAfter' in e });
}
"#)]
extern "C" {
    /// The object `createClient` returns.
    pub type Client;
    #[wasm_bindgen(method, js_name = sendSms)]
    pub fn send_sms(this: &Client, input: &JsValue) -> Promise;
    #[wasm_bindgen(method)]
    pub fn authenticate(this: &Client, input: &JsValue) -> Promise;
    #[wasm_bindgen(method, js_name = getMfaState)]
    pub fn get_mfa_state(this: &Client) -> JsValue;
    #[wasm_bindgen(method, js_name = onChange)]
    pub fn on_change(this: &Client, f: &JsValue) -> Function;
    #[wasm_bindgen(method, js_name = onStorageError)]
    pub fn on_storage_error(this: &Client, f: &JsValue) -> Function;
    #[wasm_bindgen(method, getter, js_name = storageKind)]
    pub fn storage_kind(this: &Client) -> String;
    #[wasm_bindgen(method, js_name = emailLoginOrSignup)]
    pub fn email_login_or_signup(this: &Client, input: &JsValue) -> Promise;
    #[wasm_bindgen(method, js_name = emailAuthenticate)]
    pub fn email_authenticate(this: &Client, input: &JsValue) -> Promise;
    #[wasm_bindgen(method, catch, js_name = setPrimaryAuth)]
    pub fn set_primary_auth(this: &Client, r: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = signOut)]
    pub fn sign_out(this: &Client);
    #[wasm_bindgen(method)]
    pub fn close(this: &Client);
    #[wasm_bindgen(method)]
    pub fn cancel(this: &Client) -> JsValue;
    #[wasm_bindgen(method, js_name = getTokens)]
    pub fn get_tokens(this: &Client) -> JsValue;

    fn admin(base: &str, method: &str, path: &str, body: JsValue) -> Promise;
    /// `JSON.parse`.
    pub fn parse(s: &str) -> JsValue;
    fn sleep(ms: u32) -> Promise;
    #[wasm_bindgen(js_name = clearBrowserStorage)]
    pub fn clear_browser_storage();
    /// `{f, calls}`: a listener that records deep copies of what it gets.
    pub fn recorder() -> JsValue;
    #[wasm_bindgen(js_name = abortedSignal)]
    pub fn aborted_signal() -> JsValue;
    #[wasm_bindgen(js_name = abortAfter)]
    pub fn abort_after(ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = withKey)]
    pub fn with_key(o: JsValue, k: &str, v: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = cookieString)]
    pub fn cookie_string() -> String;
    #[wasm_bindgen(js_name = storageDump)]
    pub fn storage_dump() -> String;
    #[wasm_bindgen(js_name = cookieDetails)]
    fn cookie_details_js(name: &str) -> Promise;
    #[wasm_bindgen(js_name = memoryAdapter)]
    pub fn memory_adapter(log: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = throwingAdapter)]
    pub fn throwing_adapter(name: &str) -> JsValue;
    #[wasm_bindgen(js_name = quotaAdapter)]
    pub fn quota_adapter() -> JsValue;
    pub fn now() -> f64;
    #[wasm_bindgen(js_name = timeMachine)]
    fn time_machine() -> JsValue;
    #[wasm_bindgen(js_name = errorFields)]
    fn error_fields(e: &JsValue) -> String;
}

/// Fake time for expiry tests (see `timeMachine` above); uninstalled on drop.
pub struct TimeMachine(JsValue);

impl TimeMachine {
    pub fn install() -> TimeMachine {
        TimeMachine(time_machine())
    }
    /// Moves `Date.now()` by `ms` and runs the long timers now due.
    pub fn jump(&self, ms: f64) {
        let f: Function = get(&self.0, "jump").unchecked_into();
        f.call1(&self.0, &JsValue::from_f64(ms)).unwrap();
    }
}

impl Drop for TimeMachine {
    fn drop(&mut self) {
        let f: Function = get(&self.0, "uninstall").unchecked_into();
        let _ = f.call0(&self.0);
    }
}

/// Records every state `onChange` delivers.
pub struct Changes {
    recorder: JsValue,
}

impl Changes {
    /// Subscribes to `c`.
    pub fn watch(c: &Client) -> Changes {
        let recorder = recorder();
        c.on_change(&get(&recorder, "f"));
        Changes { recorder }
    }
    /// How many states were delivered.
    pub fn count(&self) -> u32 {
        js_sys::Array::from(&get(&self.recorder, "calls")).length()
    }
    /// The last state delivered.
    pub fn last(&self) -> JsValue {
        let calls = js_sys::Array::from(&get(&self.recorder, "calls"));
        get(&calls.get(calls.length().saturating_sub(1)), "v")
    }
}

pub async fn wait(ms: u32) {
    JsFuture::from(sleep(ms)).await.unwrap();
}

/// An emulator admin call; panics on a non-2xx answer.
pub async fn emu(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let b = body.map_or(JsValue::UNDEFINED, parse);
    JsFuture::from(admin(EMU, method, path, b))
        .await
        .expect("emulator admin call failed (is stytch-emulator running?)")
}

/// Resets the emulator (state, outboxes, faults, clock) and this page's storage.
pub async fn fresh() {
    emu("POST", "/emulator/v1/reset", None).await;
    clear_browser_storage();
}

pub async fn advance_clock(seconds: u32) {
    emu(
        "POST",
        "/emulator/v1/clock/advance",
        Some(&format!(r#"{{"seconds":{seconds}}}"#)),
    )
    .await;
}

/// Arms a fault (the JSON of `POST /emulator/v1/faults`).
pub async fn fault(json: &str) {
    emu("POST", "/emulator/v1/faults", Some(json)).await;
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The newest SMS code sent to `phone`.
pub async fn sms_code(phone: &str) -> String {
    last_code(
        &emu(
            "GET",
            &format!("/emulator/v1/sms?phone_number={}", enc(phone)),
            None,
        )
        .await,
    )
}

pub async fn sms_count(phone: &str) -> u32 {
    let v = emu(
        "GET",
        &format!("/emulator/v1/sms?phone_number={}", enc(phone)),
        None,
    )
    .await;
    js_sys::Array::from(&get(&v, "messages")).length()
}

/// The newest e-mail code sent to `email`.
pub async fn email_code(email: &str) -> String {
    last_code(
        &emu(
            "GET",
            &format!("/emulator/v1/email?email_address={}", enc(email)),
            None,
        )
        .await,
    )
}

fn last_code(v: &JsValue) -> String {
    let msgs = js_sys::Array::from(&get(v, "messages"));
    assert!(msgs.length() > 0, "no message in the emulator outbox");
    str_at(&msgs.get(msgs.length() - 1), "code")
}

/// A client on the emulator with extra config (JSON object text, merged).
pub fn client(extra: &str) -> Client {
    client_with(parse(extra))
}

pub fn client_with(cfg: JsValue) -> Client {
    let cfg = with_key(cfg, "publicToken", &JsValue::from_str(TOKEN));
    let cfg = if get(&cfg, "baseUrl").is_undefined() {
        with_key(cfg, "baseUrl", &JsValue::from_str(EMU))
    } else {
        cfg
    };
    sms_mfa_sdk::create_client(cfg)
        .map(JsValue::from)
        .map_err(|e| error_fields(&e))
        .expect("createClient")
        .unchecked_into()
}

pub fn get(v: &JsValue, path: &str) -> JsValue {
    let mut cur = v.clone();
    for k in path.split('.') {
        cur = Reflect::get(&cur, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    }
    cur
}

pub fn str_at(v: &JsValue, path: &str) -> String {
    get(v, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

pub fn num_at(v: &JsValue, path: &str) -> f64 {
    get(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

pub fn json(v: &JsValue) -> String {
    JSON::stringify(v).map(String::from).unwrap_or_default()
}

pub fn status(c: &Client) -> String {
    str_at(&c.get_mfa_state(), "status")
}

pub async fn ok(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {}", error_fields(&e)),
    }
}

/// Awaits a rejection and checks it is an `SdkError` of `error_type` with `retryable`.
pub async fn fails(p: Promise, error_type: &str, retryable: bool) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected {error_type}, got success {}", json(&v)),
        Err(e) => {
            check_error(&e, error_type, retryable);
            e
        }
    }
}

pub fn check_error(e: &JsValue, error_type: &str, retryable: bool) {
    let f = parse(&error_fields(e));
    assert_eq!(
        get(&f, "isError"),
        JsValue::TRUE,
        "not an Error: {}",
        error_fields(e)
    );
    assert_eq!(str_at(&f, "name"), "SdkError");
    assert_eq!(str_at(&f, "errorType"), error_type, "{}", error_fields(e));
    assert_eq!(
        get(&f, "retryable").as_bool(),
        Some(retryable),
        "retryable of {}",
        error_fields(e)
    );
    assert!(get(&f, "statusCode").as_f64().is_some());
    assert!(
        get(&f, "requestId").is_string()
            && get(&f, "errorMessage").is_string()
            && get(&f, "errorUrl").is_string()
    );
}

pub fn retry_after(e: &JsValue) -> Option<f64> {
    get(e, "retryAfter").as_f64()
}

pub fn status_code(e: &JsValue) -> f64 {
    num_at(e, "statusCode")
}

/// The phone number `+1202555` + `n` (4 digits), distinct per test.
pub fn phone(n: u32) -> String {
    format!("+1202555{n:04}")
}

pub async fn cookie_details(name: &str) -> JsValue {
    JsFuture::from(cookie_details_js(name))
        .await
        .unwrap_or(JsValue::NULL)
}

/// Consumer login through SMS on `c`; returns the session.
pub async fn login(c: &Client, phone: &str) -> JsValue {
    ok(c.send_sms(&parse(&format!(r#"{{"phoneNumber":"{phone}"}}"#)))).await;
    let code = sms_code(phone).await;
    ok(c.authenticate(&parse(&format!(r#"{{"code":"{code}"}}"#)))).await
}

/// B2B primary factor through e-mail OTP on `c`; returns the MFA state.
pub async fn email_primary(c: &Client, email: &str) -> JsValue {
    ok(c.email_login_or_signup(&parse(&format!(
        r#"{{"organizationId":"{ORG}","emailAddress":"{email}"}}"#
    ))))
    .await;
    let code = email_code(email).await;
    ok(c.email_authenticate(&parse(&format!(
        r#"{{"organizationId":"{ORG}","emailAddress":"{email}","code":"{code}"}}"#
    ))))
    .await
}

pub fn code_input(code: &str) -> JsValue {
    parse(&format!(r#"{{"code":"{code}"}}"#))
}

pub fn send_input(phone: &str) -> JsValue {
    parse(&format!(r#"{{"phoneNumber":"{phone}"}}"#))
}

pub fn mfa_input() -> JsValue {
    parse(&format!(
        r#"{{"organizationId":"{ORG}","memberId":"{ALICE}"}}"#
    ))
}

/// A code that is certainly not `code`.
pub fn wrong(code: &str) -> String {
    let first = if code.starts_with('0') { '1' } else { '0' };
    format!("{first}{}", &code[1..])
}

#[wasm_bindgen(inline_js = r#"
const saved = {};
export function shadowStorage(name, errName) {
  try {
    const own = Object.getOwnPropertyDescriptor(globalThis, name);
    saved[name] = own;
    Object.defineProperty(globalThis, name, { configurable: true, get() { throw new DOMException('denied', errName); } });
    try { globalThis[name]; } catch (e) { return true; }
    unshadowStorage(name);
    return false;
  } catch (e) { return false; }
}
export function unshadowStorage(name) {
  const d = saved[name];
  if (d) Object.defineProperty(globalThis, name, d); else delete globalThis[name];
}
export function perf() { return performance.now(); }
export function localGet(k) { return localStorage.getItem(k); }
export function localSet(k, v) { localStorage.setItem(k, v); }
export function sessionGet(k) { return sessionStorage.getItem(k); }
export function calls(r) { return r.calls.length; }
"#)]
extern "C" {
    /// Makes `globalThis[name]` throw a `DOMException` named `err_name`; false when the browser does not allow it.
    #[wasm_bindgen(js_name = shadowStorage)]
    pub fn shadow_storage(name: &str, err_name: &str) -> bool;
    #[wasm_bindgen(js_name = unshadowStorage)]
    pub fn unshadow_storage(name: &str);
    #[wasm_bindgen(js_name = localGet)]
    pub fn local_get(k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = localSet)]
    pub fn local_set(k: &str, v: &str);
    #[wasm_bindgen(js_name = sessionGet)]
    pub fn session_get(k: &str) -> Option<String>;
    pub fn calls(r: &JsValue) -> u32;
    /// `performance.now()`.
    pub fn perf() -> f64;
}

#[wasm_bindgen(inline_js = r#"
export function copyEntries(from, to) { for (const [k, v] of from.map) to.map.set(k, v); return from.map.size; }
"#)]
extern "C" {
    /// Copies every entry of one `memoryAdapter` into another; returns how many.
    #[wasm_bindgen(js_name = copyEntries)]
    pub fn copy_entries(from: &JsValue, to: &JsValue) -> u32;
}
