//! Browser adapters: fetch, storage (cookie, Web Storage, memory, custom),
//! clock and the cross-tab channel.
//!
//! Everything that touches a browser API lives here, behind small Rust
//! functions. The JavaScript side is one block of small helpers that never
//! throw into Rust unless the import is marked `catch`; it is written compact
//! because it ships as is (it counts toward the size budget).
//!
//! * `send(q, signal)`: one `POST` with the SDK headers, `credentials:
//!   'include'`, the timeout (`q.m` ms) and the caller's `AbortSignal`;
//!   resolves (never rejects) with `{k: 'ok'|'timeout'|'aborted'|'network'|
//!   'body', s: status, x: text, j: is JSON, ra: Retry-After seconds or -1}`.
//! * `wrap(core, channel)`: the public `Client` object. It awaits `send`
//!   between `core.prep` and `core.done`, shares one in-flight
//!   `authenticate`, and tells listeners and other tabs (BroadcastChannel)
//!   after every change.
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const U=()=>crypto.randomUUID?crypto.randomUUID():Date.now()+'-'+Math.random().toString(16).slice(2);
export const uuid=U;
async function send(q,g){let w=0,off;const c=new AbortController(),s=typeof AbortSignal<'u'&&g instanceof AbortSignal?g:0,stop=n=>{w=w||n;c.abort()},t=setTimeout(()=>stop(1),q.m),k=n=>({k:w==1?'timeout':w==2?'aborted':n});
try{if(s){if(s.aborted)return{k:'aborted'};off=()=>stop(2);s.addEventListener('abort',off)}
let r,x;try{const l=q.t;l.event_id='event-id-'+U();l.client_sent_at=new Date().toISOString();l.timezone=Intl.DateTimeFormat().resolvedOptions().timeZone;l.app={identifier:location.hostname};l.sdk={identifier:'sms-mfa-sdk',version:'0.1.0'};
r=await fetch(q.u,{method:'POST',headers:{Authorization:'Basic '+btoa(q.a),'Content-Type':'application/json','X-SDK-Client':btoa(JSON.stringify(l)),'X-SDK-Parent-Host':location.origin},body:q.b,credentials:'include',signal:c.signal})}catch(e){return k('network')}
try{x=await r.text()}catch(e){return k('body')}
const h=r.headers,a=h.get('retry-after');let ra=a==null?NaN:+a;if(a&&isNaN(ra))ra=(Date.parse(a)-Date.now())/1e3;
return{k:'ok',s:r.status,x,j:(h.get('content-type')||'').includes('application/json'),ra:ra>=0?Math.ceil(ra):-1}}finally{clearTimeout(t);off&&s.removeEventListener('abort',off)}}
const sub=(a,f)=>(a.push(f),()=>{const i=a.indexOf(f);i<0||a.splice(i,1)}),emit=(a,v)=>{for(const f of a.slice())try{f(v)}catch(e){setTimeout(()=>{throw e})}},js=i=>{try{return JSON.stringify(i)||''}catch(e){return''}},P=JSON.parse;
export function wrap(c,n){const L=[],E=[];let fl,ch;
const st=()=>{try{return P(c.state())}catch(e){return{status:'none'}}},tell=()=>{if(E.length){const e=c.serr();e&&emit(E,e)}},changed=()=>{emit(L,st());try{ch&&ch.postMessage(1)}catch(e){}tell()},
run=async(op,i)=>{const q=P(c.prep(op,js(i))),r=await send(q,i&&i.signal),o=P(c.done(op,q.c,r.k,r.s||0,!!r.j,r.x||'',r.ra??-1));op==2?tell():changed();return o};
try{ch=new BroadcastChannel(n);ch.onmessage=()=>emit(L,st())}catch(e){}
return{sendSms:i=>run(0,i),authenticate:i=>fl||(fl=run(1,i).finally(()=>{fl=0})),emailLoginOrSignup:i=>run(2,i),emailAuthenticate:i=>run(3,i),
getMfaState(){const s=st();tell();return s},setPrimaryAuth(r){const s=P(c.primary(js(r)));changed();return s},onChange:f=>sub(L,f),
onStorageError(f){const u=sub(E,f);tell();return u},signOut(){try{const q=c.out();q&&send(P(q))}catch(e){}changed()},get storageKind(){return c.kind()}}}
export function mkErr(t,s,q,m,u,r,a){const e=new Error(m||t);e.name='SdkError';Object.assign(e,{errorType:t,statusCode:s,requestId:q,errorMessage:m,errorUrl:u,retryable:r});if(a!==void 0)e.retryAfter=a;return e}
export function cfgJson(c){try{return JSON.stringify(c,function(k,v){return this===c&&k=='storage'&&v&&typeof v=='object'?'\0custom':v})||''}catch(e){return''}}
export function cfgAdapter(c){const s=c&&c.storage;return s&&typeof s=='object'&&['getItem','setItem','removeItem'].every(m=>typeof s[m]=='function')?s:void 0}
export function webStorage(k){const s=globalThis[k],p='__sms_mfa_probe';s.setItem(p,p);s.removeItem(p);return s}
export function stGet(o,k){const v=o.getItem(k);return v==null?void 0:''+v}
export function stSet(o,k,v,e){o.setItem(k,v,e)}
export function stDel(o,k){o.removeItem(k)}
export function cookies(){return document.cookie}
export function setCookie(s){document.cookie=s}
export function host(){try{return location.hostname}catch(e){return''}}
"#)]
extern "C" {
    /// A random UUID (v4).
    pub fn uuid() -> String;
    /// Wraps a `bindings::Core` into the public `Client` object: awaits
    /// `fetch` between `prep` and `done`, shares an in-flight `authenticate`,
    /// fans changes out to listeners and to other tabs (BroadcastChannel `n`).
    pub fn wrap(core: JsValue, n: &str) -> JsValue;
    /// The config as JSON, with an adapter object under `storage` replaced by a marker.
    #[wasm_bindgen(js_name = cfgJson)]
    pub fn config_json(c: &JsValue) -> String;
    /// `config.storage` when it is a storage adapter object.
    #[wasm_bindgen(js_name = cfgAdapter)]
    pub fn config_adapter(c: &JsValue) -> JsValue;
    /// Builds the one JS error shape (called from `bindings` only).
    #[wasm_bindgen(js_name = mkErr)]
    pub fn make_error(t: &str, status: u16, request_id: &str, msg: &str, url: &str, retryable: bool, retry_after: JsValue) -> JsValue;
    #[wasm_bindgen(catch, js_name = webStorage)]
    fn web_storage(kind: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = stGet)]
    fn st_get(o: &JsValue, k: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_name = stSet)]
    fn st_set(o: &JsValue, k: &str, v: &str, exp: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = stDel)]
    fn st_del(o: &JsValue, k: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn cookies() -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_name = setCookie)]
    fn set_cookie(s: &str) -> Result<(), JsValue>;
    fn host() -> String;
}

/// Milliseconds since the Unix epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Whether the page is served from a loopback host, where cookies may not be `Secure`.
fn is_local_host() -> bool {
    let h = host();
    h == "localhost" || h == "[::1]" || h == "::1" || h.starts_with("127.")
}

/// Cookie attributes.
pub struct CookieOptions {
    /// `Path`.
    pub path: Option<String>,
    /// `Domain`.
    pub domain: Option<String>,
    /// `Lax` (default), `Strict` or `None`.
    pub same_site: String,
}

/// The storage backend in use.
pub enum Backend {
    /// `document.cookie`.
    Cookie(CookieOptions),
    /// Any object with `getItem`/`setItem`/`removeItem`: Web Storage or a custom adapter.
    Object(JsValue),
    /// In memory, lost with the page.
    Memory,
}

/// A synchronous string store that never throws: a failing backend is
/// replaced by memory (keeping what could still be read) and the failure is
/// remembered until [`Store::take_failure`].
pub struct Store {
    backend: RefCell<Backend>,
    mem: RefCell<Vec<(String, String)>>,
    /// `"cookie" | "localStorage" | "sessionStorage" | "custom" | "memory"`.
    kind: Cell<&'static str>,
    failed: Cell<bool>,
    keys: Vec<String>,
}

impl Store {
    /// A store for `kind` (`cookie`, `localStorage`, `sessionStorage`, `memory`) or
    /// a custom adapter object. `keys` are the keys this client may write;
    /// they are carried over to memory if the backend fails.
    pub fn new(kind: &'static str, backend: Backend, keys: Vec<String>) -> Store {
        let s = Store { backend: RefCell::new(Backend::Memory), mem: RefCell::new(Vec::new()), kind: Cell::new("memory"), failed: Cell::new(false), keys };
        let b = match (kind, backend) {
            ("localStorage" | "sessionStorage", _) => match web_storage(kind) {
                Ok(o) => Some(Backend::Object(o)),
                Err(_) => None,
            },
            ("cookie", b @ Backend::Cookie(_)) => {
                // A probe tells whether cookies are accepted at all.
                let ok = s.cookie_write(&b, "__sms_mfa_probe", "1", now() + 10_000.0)
                    && s.cookie_read("__sms_mfa_probe").as_deref() == Some("1");
                s.cookie_write(&b, "__sms_mfa_probe", "", 0.0);
                if ok { Some(b) } else { None }
            }
            (_, b) => Some(b),
        };
        match b {
            Some(b) => {
                *s.backend.borrow_mut() = b;
                s.kind.set(kind);
            }
            None => s.failed.set(true),
        }
        s
    }

    /// The backend actually in use (`memory` after a fallback).
    pub fn kind(&self) -> &'static str {
        self.kind.get()
    }

    /// True once after the backend failed and memory took over.
    pub fn take_failure(&self) -> bool {
        self.failed.replace(false)
    }

    fn cookie_read(&self, k: &str) -> Option<String> {
        let all = cookies().ok()?;
        for part in all.split(';') {
            let part = part.trim_start();
            if let Some(v) = part.strip_prefix(k).and_then(|r| r.strip_prefix('=')) {
                return js_sys::decode_uri_component(v).ok().map(String::from);
            }
        }
        None
    }

    fn cookie_write(&self, b: &Backend, k: &str, v: &str, expires: f64) -> bool {
        let Backend::Cookie(o) = b else { return false };
        let mut s = String::from(k);
        s.push('=');
        s.push_str(&String::from(js_sys::encode_uri_component(v)));
        s.push_str("; Expires=");
        s.push_str(&String::from(js_sys::Date::new(&JsValue::from_f64(expires)).to_utc_string()));
        if let Some(p) = &o.path {
            s.push_str("; Path=");
            s.push_str(p);
        }
        if let Some(d) = &o.domain {
            s.push_str("; Domain=");
            s.push_str(d);
        }
        s.push_str("; SameSite=");
        s.push_str(&o.same_site);
        if o.same_site == "None" || !is_local_host() {
            s.push_str("; Secure");
        }
        set_cookie(&s).is_ok()
    }

    fn fall_back(&self) {
        // Keep whatever the failing backend can still give.
        let mut kept = Vec::new();
        for k in &self.keys {
            if let Some(v) = self.read(k) {
                kept.push((k.clone(), v));
            }
        }
        *self.backend.borrow_mut() = Backend::Memory;
        *self.mem.borrow_mut() = kept;
        self.kind.set("memory");
        self.failed.set(true);
    }

    fn read(&self, k: &str) -> Option<String> {
        match &*self.backend.borrow() {
            Backend::Cookie(_) => self.cookie_read(k),
            Backend::Object(o) => st_get(o, k).ok().flatten(),
            Backend::Memory => self.mem.borrow().iter().find(|e| e.0 == k).map(|e| e.1.clone()),
        }
    }

    /// Reads `k`.
    pub fn get(&self, k: &str) -> Option<String> {
        let r = match &*self.backend.borrow() {
            Backend::Object(o) => st_get(o, k).map_err(|_| ()),
            Backend::Cookie(_) => cookies().map(|_| self.cookie_read(k)).map_err(|_| ()),
            Backend::Memory => Ok(self.read(k)),
        };
        match r {
            Ok(v) => v,
            Err(()) => {
                self.fall_back();
                self.read(k)
            }
        }
    }

    /// Writes `k`; `expires` (ms since epoch) is used by cookies and passed to custom adapters.
    pub fn set(&self, k: &str, v: &str, expires: f64) {
        let ok = match &*self.backend.borrow() {
            b @ Backend::Cookie(_) => self.cookie_write(b, k, v, expires) && self.cookie_read(k).as_deref() == Some(v),
            Backend::Object(o) => st_set(o, k, v, expires).is_ok(),
            Backend::Memory => {
                let mut m = self.mem.borrow_mut();
                m.retain(|e| e.0 != k);
                m.push((String::from(k), String::from(v)));
                true
            }
        };
        if !ok {
            self.fall_back();
            self.set(k, v, expires);
        }
    }

    /// Removes `k`.
    pub fn remove(&self, k: &str) {
        let ok = match &*self.backend.borrow() {
            b @ Backend::Cookie(_) => self.cookie_write(b, k, "", 0.0),
            Backend::Object(o) => st_del(o, k).is_ok(),
            Backend::Memory => {
                self.mem.borrow_mut().retain(|e| e.0 != k);
                true
            }
        };
        if !ok {
            self.fall_back();
            self.remove(k);
        }
    }
}
