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
//!   resolves (never rejects) with `{k, s: status, x: text, j: is JSON, ra:
//!   Retry-After seconds or -1}`, `k` 0 answered, 1 timed out, 2 aborted,
//!   3 network failure, 4 body cut short.
//! * `wrap(core, channel, store)`: the public `Client` object. It awaits `send`
//!   between the two halves of an operation (`Core::call`), shares one in-flight
//!   `authenticate`, and tells listeners and other tabs (BroadcastChannel)
//!   after every change. Another tab's change is announced by a channel
//!   message, which may arrive before that tab's Web Storage write is visible
//!   here: the state is read again on the message and on every `storage`
//!   event, and listeners are called only when it differs from the last one
//!   they got. The channel is `unref()`'d where that exists (Node),
//!   so a client made during server-side rendering does not keep the process
//!   alive.
use alloc::string::String;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const U=()=>crypto.randomUUID?crypto.randomUUID():Date.now()+'-'+Math.random().toString(16).slice(2);
export const now=Date.now;
export function pt(s){const m=/^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(s);if(!m)return NaN;const[,y,M,d,h,i,c,f='',g,oh=0,om=0]=m,D=new Date(0);D.setUTCFullYear(y,M-1,d);return y<1||D.getUTCMonth()!=M-1||h>23||i>59||c>60||oh>23||om>59?NaN:D.getTime()+((h*60+ +i-(g?(g+1)*(oh*60+ +om):0))*60+ +c)*1e3+ +(f+'00').slice(0,3)}
async function snd(q,g){let w=0,off;const c=new AbortController(),s=typeof AbortSignal<'u'&&g instanceof AbortSignal?g:0,stop=n=>{w=w||n;c.abort()},t=setTimeout(()=>stop(1),q.m),k=n=>({k:w||n});
try{if(s){if(s.aborted)return{k:2};off=()=>stop(2);s.addEventListener('abort',off)}
let r,x;try{const l=q.t;l.event_id='event-id-'+U();l.client_sent_at=new Date().toISOString();l.timezone=Intl.DateTimeFormat().resolvedOptions().timeZone;l.app={identifier:location.hostname};l.sdk={identifier:'sms-mfa-sdk',version:'0.1.0'};
r=await fetch(q.u,{method:'POST',headers:{Authorization:'Basic '+btoa(q.a),'Content-Type':'application/json','X-SDK-Client':btoa(JSON.stringify(l)),'X-SDK-Parent-Host':location.origin},body:q.b,credentials:'include',signal:c.signal})}catch(e){return k(3)}
try{x=await r.text()}catch(e){return{k:w||4,s:r.status}}
const h=r.headers,a=h.get('retry-after');let ra=a==null?NaN:+a;if(a&&isNaN(ra))ra=(Date.parse(a)-Date.now())/1e3;
return{k:0,s:r.status,x,j:(h.get('content-type')||'').includes('application/json'),ra:ra>=0?Math.ceil(ra):-1}}finally{clearTimeout(t);off&&s.removeEventListener('abort',off)}}
const sub=(a,f)=>(a.push(f),()=>{const i=a.indexOf(f);i<0||a.splice(i,1)}),emit=(a,v)=>{for(const f of a.slice())try{f(v)}catch(e){setTimeout(()=>{throw e})}},js=i=>{try{return JSON.stringify(i)||''}catch(e){return''}},P=JSON.parse;
export function wrap(c,n,S){const L=[],E=[],C=(o,a='',b='',x=0)=>c.call(o,a,b,x),I={app_session_id:U(),persistent_id:U()},send=(q,g)=>(q.t={...I,...q.t},snd(q,g));let fl,ch,last;
const st=()=>{try{return P(C(8))}catch(e){return{status:'none'}}},tell=()=>{if(E.length)try{C(12,'','',S.f);S.f=0}catch(e){S.f=0;emit(E,e)}},
ck=()=>{const s=st(),j=js(s);j!=last&&(last=j,emit(L,s))},changed=()=>{last=0;ck();try{ch&&ch.postMessage(1)}catch(e){}tell()},
run=async(op,i)=>{const q=P(C(op,js(i))),r=await send(q,i&&i.signal),o=P(C(op+4,q.c,r.x||'',(((r.ra??-1)+1)*1024+(r.s||0)%1024)*16+r.k*2+(r.j?1:0)));op==2?tell():changed();return o};
ck();try{ch=new BroadcastChannel(n);ch.unref?.();ch.onmessage=ck}catch(e){}globalThis.addEventListener?.('storage',ck);
return{sendSms:i=>run(0,i),authenticate:i=>fl||(fl=run(1,i).finally(()=>{fl=0})),emailLoginOrSignup:i=>run(2,i),emailAuthenticate:i=>run(3,i),
getMfaState(){const s=st();tell();return s},setPrimaryAuth(r){const s=P(C(9,js(r)));changed();return s},onChange:f=>sub(L,f),
onStorageError(f){const u=sub(E,f);tell();return u},signOut(){try{const q=C(10);q&&send(P(q))}catch(e){}changed()},get storageKind(){return S.k}}}
export function mkErr(t,s,q,m,u,r,a){const e=new Error(m||t);e.name='SdkError';Object.assign(e,{errorType:t,statusCode:s,requestId:q,errorMessage:m,errorUrl:u,retryable:r});if(a>=0)e.retryAfter=a;return e}
export function cfgJson(c){try{return JSON.stringify(c,function(k,v){const t=typeof v;if(t=='function'||t=='symbol'||t=='number'&&!isFinite(v))return'\0';if(this===c){if(k=='storage')return ad(v)?'\0custom':v=='\0custom'?0:v;if(k=='baseUrl'&&v!=null)try{return new URL(v)&&v.replace(/\/sdk\/v1\/*$/,'')}catch(e){return'\0'}}return v})||''}catch(e){return''}}
const ad=s=>s&&typeof s=='object'&&['getItem','setItem','removeItem'].every(m=>typeof s[m]=='function');
const X='; Expires=',Z=X+new Date(0).toUTCString();
function mkB(kind,ad,o){
if(kind=='custom')return{g:k=>ad.getItem(k),s:(k,v,e)=>ad.setItem(k,v,e),d:k=>ad.removeItem(k)};
if(kind=='memory')return 0;
if(kind!='cookie'){const w=globalThis[kind],p='__sms_mfa_probe';w.setItem(p,p);w.removeItem(p);return{g:k=>w.getItem(k),s:(k,v)=>w.setItem(k,v),d:k=>w.removeItem(k)}}
const h=location.hostname,a=(o.p?'; Path='+o.p:'')+(o.d?'; Domain='+o.d:'')+'; SameSite='+o.s+(o.s=='None'||!(h=='localhost'||h=='[::1]'||h.startsWith('127.'))?'; Secure':''),
g=k=>{for(const c of document.cookie.split(';')){const i=c.indexOf('=');if(c.slice(0,i).trim()==k)return decodeURIComponent(c.slice(i+1))}return null},
b={g,s:(k,v,e)=>{document.cookie=k+'='+encodeURIComponent(v)+X+new Date(e).toUTCString()+a;if(g(k)!==v)throw 0},d:k=>{document.cookie=k+'='+Z+a}};
b.s('__sms_mfa_probe','1',Date.now()+1e4);b.d('__sms_mfa_probe');return b}
export function mkStore(c,x){const[kind,p,d,s,...keys]=x.split('\0'),m=new Map(),st={k:kind,f:0,m,keys};try{st.b=mkB(kind,c.storage,{p,d,s})}catch(e){st.b=0;st.k='memory';st.f=1}return st}
function fb(st){const b=st.b;st.b=0;st.k='memory';st.f=1;for(const k of st.keys)try{const v=b.g(k);v!=null&&st.m.set(k,''+v)}catch(e){}}
function op(st,f,g){if(st.b)try{return f(st.b)}catch(e){fb(st)}return g(st.m)}
export function sGet(st,k){const v=op(st,b=>b.g(k),m=>m.get(k));return v==null?void 0:''+v}
export function sSet(st,k,v,e){op(st,b=>b.s(k,v,e),m=>m.set(k,v))}
export function sDel(st,k){op(st,b=>b.d(k),m=>m.delete(k))}
"#)]
extern "C" {
    /// Milliseconds since the Unix epoch (`Date.now`; no js-sys, whose
    /// linking alone costs a few KB of closure shims).
    pub fn now() -> f64;
    /// An RFC 3339 timestamp (the same forms `core::time` accepts natively)
    /// in ms since the epoch, NaN when malformed or out of range.
    #[wasm_bindgen(js_name = pt)]
    pub fn parse_time(s: &str) -> f64;
    /// Wraps a `bindings::Core` into the public `Client` object: awaits
    /// `fetch` between the two halves of an operation (`Core::call`), shares an in-flight `authenticate`,
    /// fans changes out to listeners and to other tabs (BroadcastChannel `n`),
    /// reads `storageKind` from `store`, and adds the client's telemetry ids.
    pub fn wrap(core: JsValue, n: &str, store: &JsValue) -> JsValue;
    /// The config as JSON, with a storage adapter object under `storage`
    /// replaced by the string `"\0custom"` (that string itself, forged, by `0`),
    /// and every function, Symbol, NaN and ±Infinity (which JSON would drop or
    /// turn into null, i.e. "not set") by the string `"\0"`, which no option
    /// accepts; so is a `baseUrl` that `new URL()` refuses (empty host, port
    /// above 65535...) or that is not a string. A trailing `/sdk/v1` (and
    /// slashes) of `baseUrl` is dropped: the SDK appends it.
    #[wasm_bindgen(js_name = cfgJson)]
    pub fn config_json(c: &JsValue) -> String;
    /// Builds the one JS error shape (called from `bindings` only).
    #[wasm_bindgen(js_name = mkErr)]
    pub fn make_error(t: &str, status: u16, request_id: &str, msg: &str, url: &str, retryable: bool, retry_after: f64) -> JsValue;
    #[wasm_bindgen(js_name = mkStore)]
    fn make_store(config: &JsValue, spec: &str) -> JsValue;
    #[wasm_bindgen(js_name = sGet)]
    fn store_get(s: &JsValue, k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = sSet)]
    fn store_set(s: &JsValue, k: &str, v: &str, expires: f64);
    #[wasm_bindgen(js_name = sDel)]
    fn store_del(s: &JsValue, k: &str);
}


/// A synchronous string store that never throws. The backend (cookies with
/// `SameSite` and `Secure` except on loopback hosts, Web Storage, a custom
/// adapter, or memory) lives in the JS snippet: when it throws, or a cookie
/// does not stick (cookies disabled or refused), the store switches to
/// memory, keeping what it could still read of its keys, and remembers the
/// failure under `f` (1) until the client reports it (`wrap`). The JS object
/// keeps the backend in use under `k` (`memory` after a fallback).
pub struct Store(pub JsValue);

impl Store {
    /// A store for the config `config` (whose `storage` is the adapter when
    /// the kind is `custom`). `spec` is `kind`, cookie `Path`, cookie
    /// `Domain`, `SameSite` and then the keys it manages, separated by NUL
    /// (an empty path or domain is none; every part is validated by the caller
    /// and holds no NUL).
    pub fn new(config: &JsValue, spec: &str) -> Store {
        Store(make_store(config, spec))
    }
    /// Reads `k`.
    pub fn get(&self, k: &str) -> Option<String> {
        store_get(&self.0, k)
    }
    /// Writes `k`; `expires` (ms since epoch) is used by cookies and passed to custom adapters.
    pub fn set(&self, k: &str, v: &str, expires: f64) {
        store_set(&self.0, k, v, expires)
    }
    /// Removes `k`.
    pub fn remove(&self, k: &str) {
        store_del(&self.0, k)
    }
}
