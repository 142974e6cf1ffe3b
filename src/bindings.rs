//! The `#[wasm_bindgen]` surface: `createClient`, `normalizePhoneNumber`, and
//! the one place where an SDK error becomes a JS `SdkError`.
//!
//! Only strings and numbers cross the boundary: inputs arrive as JSON text
//! (read with `core::json`), results leave as JSON text. The JS object that
//! `createClient` returns (built by `platform::wrap`) awaits the network
//! between [`Core::prep`] and [`Core::done`]; validation, request building,
//! response parsing, the state machine and persistence all happen here and
//! in `core`. No input makes the boundary throw anything but an `SdkError`.
use alloc::string::String;
use core::cell::Cell;
use wasm_bindgen::prelude::*;

use crate::core::api::{self, Request};
use crate::core::error::Error;
use crate::core::json::{self, Fields, Obj, Value};
use crate::core::phone::{self, Phone};
use crate::core::state::{self, Event, Flow, State, Target};
use crate::core::token::{Code, Secret};
use crate::platform::{self, Store};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Where tokens and the pending state are kept. */
export type StorageKind = 'cookie' | 'localStorage' | 'sessionStorage' | 'memory';

/** A custom storage: synchronous string key/value. Errors thrown are caught. */
export interface StorageAdapter {
  getItem(key: string): string | null;
  /** `expiresAt` (ms since epoch) is a hint, used by cookie-like stores. */
  setItem(key: string, value: string, expiresAt?: number): void;
  removeItem(key: string): void;
}

export interface CookieOptions {
  /** Default `stytch_session`. The three names must differ from each other and from `sms_mfa_state`. */
  opaqueTokenCookieName?: string;
  /** Default `stytch_session_jwt`. */
  jwtCookieName?: string;
  /** Default `stytch_intermediate_session_token`. */
  istCookieName?: string;
  path?: string;
  domain?: string;
  /** Default `Lax`. `None` implies `Secure`. */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

export interface ClientConfig {
  /** The project's public token (`public-token-test-…` or `public-token-live-…`). A secret is refused. */
  publicToken: string;
  /** API origin, e.g. `http://127.0.0.1:9010`, optionally with a path prefix. Default: `https://test.stytch.com` for test tokens, else `https://api.stytch.com`. `/sdk/v1` is appended (a trailing `/sdk/v1` given here is dropped first). */
  baseUrl?: string;
  /** Default `'cookie'`. */
  storage?: StorageKind | StorageAdapter;
  cookieOptions?: CookieOptions;
  /** Session length asked for by `authenticate`. Default 60. Range 5..=527040. */
  sessionDurationMinutes?: number;
  /** Per-request timeout in milliseconds. Default 10000. */
  timeoutMs?: number;
}

/** Consumer SMS login (`login_or_create`), or step-up when a session exists. */
export interface SendSmsConsumer {
  phoneNumber: string;
  /** 1..=10, default 2. */
  expirationMinutes?: number;
  locale?: string;
  signal?: AbortSignal;
}

/** B2B SMS MFA. The stored intermediate session token is attached. */
export interface SendSmsB2B {
  organizationId: string;
  memberId: string;
  /** Needed only when the member has no phone enrolled. */
  mfaPhoneNumber?: string;
  locale?: string;
  signal?: AbortSignal;
}

export type SendSmsInput = SendSmsConsumer | SendSmsB2B;

export interface SendSmsResult {
  /** Which flow the code belongs to. */
  flow: 'login' | 'step_up' | 'mfa';
  /** `+1•••••••0162` style (calling code, bullets, last four digits), never the full number. */
  phoneMasked: string;
  /** ms since epoch. */
  codeExpiresAt: number;
  /** ms since epoch; a resend before this is refused locally. */
  resendAllowedAt: number;
  requestId: string;
}

export interface AuthenticateInput {
  /** Exactly 6 digits. */
  code: string;
  sessionDurationMinutes?: number;
  signal?: AbortSignal;
}

export interface AuthenticationFactor {
  type: string;
  deliveryMethod: string;
  /** For phone factors. */
  phoneNumber?: string;
  emailAddress?: string;
  lastAuthenticatedAt?: number;
}

export interface Session {
  sessionId: string;
  /** ms since epoch. */
  expiresAt: number;
  factors: AuthenticationFactor[];
  /** Consumer sessions. */
  userId?: string;
  /** B2B sessions. */
  memberId?: string;
  organizationId?: string;
}

export type MfaMethod = 'sms_otp' | 'totp' | (string & {});

export type MfaState =
  | { status: 'none' }
  | {
      status: 'mfa_required';
      organizationId: string;
      memberId: string;
      /** Masked phone on file, or null when the member must enroll one. */
      phoneMasked: string | null;
      enrollmentRequired: boolean;
      allowedMethods: MfaMethod[];
      /** A code was already sent at primary login. */
      smsAlreadySent: boolean;
      /** ms since epoch. */
      istExpiresAt: number;
    }
  | {
      status: 'code_sent';
      flow: 'login' | 'step_up' | 'mfa';
      channel: 'sms';
      phoneMasked: string;
      codeExpiresAt: number;
      resendAllowedAt: number;
      organizationId?: string;
      memberId?: string;
    }
  | ({ status: 'authenticated' } & Session);

export type MfaStatus = MfaState['status'];

/** Primary B2B login through email OTP, which yields the MFA step. */
export interface EmailLoginInput { organizationId: string; emailAddress: string; signal?: AbortSignal }
export interface EmailAuthenticateInput { organizationId: string; emailAddress: string; code: string; sessionDurationMinutes?: number; signal?: AbortSignal }

/**
 * A primary B2B authentication done elsewhere (e.g. by the app's backend):
 * either Stytch's raw response (snake_case) or its essentials.
 */
export type PrimaryAuthResult =
  | { intermediate_session_token: string; member_id: string; organization_id?: string; member?: unknown; organization?: unknown; mfa_required?: unknown; [k: string]: unknown }
  | { intermediateSessionToken: string; organizationId: string; memberId: string; phoneMasked?: string | null; enrollmentRequired?: boolean; allowedMethods?: MfaMethod[] };

/** Error types: Stytch's strings plus the SDK's local ones. Open to new strings. */
export type ErrorType =
  | 'invalid_phone_number'
  | 'invalid_phone_number_country_code'
  | 'invalid_code'
  | 'otp_code_not_found'
  | 'unable_to_auth_otp_code'
  | 'too_many_requests'
  | 'user_lock_limit_reached'
  | 'intermediate_session_not_found'
  | 'invalid_intermediate_session_token_for_organization'
  | 'unauthorized_credentials'
  | 'session_not_found'
  | 'member_not_found'
  | 'organization_not_found'
  | 'internal_server_error'
  | 'invalid_config'
  | 'invalid_input'
  | 'no_pending_challenge'
  | 'resend_too_soon'
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'storage_unavailable'
  | 'not_initialized'
  | (string & {});

/** The one error type every call rejects with. */
export interface SdkError extends Error {
  name: 'SdkError';
  errorType: ErrorType;
  /** HTTP status, or 0 for local and transport errors. */
  statusCode: number;
  requestId: string;
  errorMessage: string;
  errorUrl: string;
  /** True for transport failures, timeouts, 429 and 5xx. */
  retryable: boolean;
  /** Seconds, when the server sent `Retry-After`. */
  retryAfter?: number;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
export interface Client {
  /** Sends a code: consumer login, consumer step-up (a session exists) or B2B MFA (`organizationId`/`memberId`). */
  sendSms(input: SendSmsInput): Promise<SendSmsResult>;
  /** Completes the pending challenge. Concurrent calls share one request. */
  authenticate(input: AuthenticateInput): Promise<Session>;
  /** Synchronous, local, never throws. */
  getMfaState(): MfaState;
  /** Called on every state change, in this tab or another of the same origin. Returns the unsubscribe function. */
  onChange(listener: (state: MfaState) => void): () => void;
  /** Called when the storage fails (or stored state is unreadable) and the client falls back to memory; a failure before the first listener is delivered to it. */
  onStorageError(listener: (error: SdkError) => void): () => void;
  /** The storage in use: the configured one, or `'memory'` after a fallback. */
  readonly storageKind: StorageKind | 'custom';
  /** B2B email OTP primary factor. */
  emailLoginOrSignup(input: EmailLoginInput): Promise<{ requestId: string }>;
  emailAuthenticate(input: EmailAuthenticateInput): Promise<MfaState>;
  /** Enter the MFA step from a primary login done elsewhere. */
  setPrimaryAuth(result: PrimaryAuthResult): MfaState;
  /** Revokes the session (best effort) and removes every token and pending state this client wrote. Never throws. */
  signOut(): void;
  /** Stops listening to other tabs and drops every listener, so that the client can be garbage-collected. Calls still work; stored state is kept. */
  close(): void;
}
"#;

const STATE_KEY: &str = "sms_mfa_state";

/// The one place a Rust error becomes a JS `SdkError`.
fn to_js(e: Error) -> JsValue {
    let after = e.retry_after.map_or(-1.0, f64::from);
    platform::make_error(&e.error_type, e.status_code, &e.request_id, &e.error_message, &e.error_url, e.retryable, after)
}

fn now() -> i64 {
    platform::now() as i64
}

/// A JSON object from the JS side, or `invalid_input`.
fn input(text: &str) -> Result<Value, Error> {
    match json::parse(text) {
        Some(v @ Value::Obj(_)) => Ok(v),
        _ => Err(Error::invalid_input("Expected an object.")),
    }
}

/// An optional string member; present with another type is `Err`, which
/// the caller turns into its own error.
fn opt_str<'a>(v: &'a Value, k: &str) -> Result<Option<&'a str>, ()> {
    match v.non_null(k) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s)),
        Some(_) => Err(()),
    }
}

/// An optional integer member in `0..=u32::MAX`; anything else present is
/// `Err`, which the caller turns into its own error.
fn opt_u32(v: &Value, k: &str) -> Result<Option<u32>, ()> {
    match v.non_null(k) {
        None => Ok(None),
        Some(n) => n.as_i64().and_then(|n| u32::try_from(n).ok()).map(Some).ok_or(()),
    }
}

fn id<'a>(v: &'a Value, k: &str, msg: &'static str) -> Result<&'a str, Error> {
    let s = v.str_at(k).unwrap_or("");
    api::validate_id(s, msg)?;
    Ok(s)
}

/// The `code` member; missing, `null` or not a string, it fails as an empty
/// code would (`invalid_code`).
fn code(v: &Value) -> Result<Code, Error> {
    Code::parse(v.str_at("code").unwrap_or(""))
}

fn locale(v: &Value) -> Result<Option<&str>, Error> {
    let l = opt_str(v, "locale").map_err(|()| Error::invalid_input("A field has the wrong type."))?;
    if let Some(l) = l {
        api::validate_locale(l)?;
    }
    Ok(l)
}

struct Names {
    session: String,
    jwt: String,
    ist: String,
}

// The Rust side of a client (not part of the typed API). No doc comments on
// its exports: wasm-bindgen would copy them into the shipped glue.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    public_token: String,
    base: String,
    names: Names,
    store: Store,
    duration: u32,
    timeout: u32,
    storage_error: Cell<bool>,
}

/// An optional string member of `v`, cookie-safe: 1..=255 bytes of printable
/// ASCII without space, `;`, `,` or `=`.
fn plain<'a>(v: Option<&'a Value>, k: &str) -> Result<Option<&'a str>, ()> {
    match v.and_then(|c| c.non_null(k)) {
        None => Ok(None),
        Some(Value::Str(s)) if !s.is_empty() && s.len() < 256 && json::all_bytes(s, |b| b > b' ' && b < 127 && b != b';' && b != b',' && b != b'=') => {
            Ok(Some(s))
        }
        _ => Err(()),
    }
}

fn parse_config(text: &str, config: &JsValue) -> Result<Core, &'static str> {
    let c = json::parse(text).filter(|v| matches!(v, Value::Obj(_))).ok_or("The config must be an object.")?;
    let token = c.str_at("publicToken").unwrap_or("");
    if token.starts_with("secret-") {
        return Err("Never use a project secret in the browser: pass the public token.");
    }
    let token = plain(Some(&c), "publicToken")
        .ok()
        .flatten()
        .filter(|t| t.starts_with("public-token-") && t.len() > 13)
        .map(String::from)
        .ok_or("publicToken must be a public token.")?;
    let base = match c.non_null("baseUrl") {
        None => String::from(if token.starts_with("public-token-test") { "https://test.stytch.com" } else { "https://api.stytch.com" }),
        // `platform::config_json` has already replaced a baseUrl that the
        // URL parser refuses (bad host or port) and dropped a trailing
        // `/sdk/v1` (appended by the SDK itself). `@` would start credentials.
        Some(_) => {
            let s = plain(Some(&c), "baseUrl").ok().flatten().unwrap_or("");
            let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or("");
            if rest.is_empty() || rest.starts_with('/') || !json::all_bytes(s, |b| b != b'?' && b != b'#' && b != b'@') {
                return Err("baseUrl must be an http(s) URL, no credentials, query or fragment.");
            }
            String::from(s.trim_end_matches('/'))
        }
    };
    let co = c.non_null("cookieOptions");
    let bad_cookie = "Invalid cookieOptions.";
    if co.is_some_and(|v| !matches!(v, Value::Obj(_))) {
        return Err(bad_cookie);
    }
    let name = |k: &str, d: &str| plain(co, k).ok().map(|n| n.unwrap_or(d)).filter(|n| *n != STATE_KEY).map(String::from).ok_or(bad_cookie);
    let names = Names {
        session: name("opaqueTokenCookieName", "stytch_session")?,
        jwt: name("jwtCookieName", "stytch_session_jwt")?,
        ist: name("istCookieName", "stytch_intermediate_session_token")?,
    };
    let same_site = match plain(co, "sameSite").map_err(|_| bad_cookie)? {
        None => "Lax",
        Some(s @ ("Lax" | "Strict" | "None")) => s,
        _ => return Err(bad_cookie),
    };
    // Each key holds one value: two tokens under one name, or a token under
    // the state key, would overwrite each other.
    if names.session == names.jwt || names.session == names.ist || names.jwt == names.ist {
        return Err(bad_cookie);
    }
    let path = plain(co, "path").map_err(|_| bad_cookie)?;
    let domain = plain(co, "domain").map_err(|_| bad_cookie)?;
    let kind = match c.non_null("storage").map(Value::as_str) {
        None => "cookie",
        Some(Some(k @ ("cookie" | "localStorage" | "sessionStorage" | "memory"))) => k,
        Some(Some("\u{0}custom")) => "custom",
        _ => return Err("storage must be a StorageKind or a StorageAdapter."),
    };
    let duration = opt_u32(&c, "sessionDurationMinutes")
        .ok()
        .and_then(|m| api::validate_session_duration(m.unwrap_or(60)).ok())
        .ok_or("sessionDurationMinutes must be 5 to 527040.")?;
    let timeout = opt_u32(&c, "timeoutMs").ok().map(|t| t.unwrap_or(10_000)).filter(|t| (1..=600_000).contains(t)).ok_or("timeoutMs must be 1 to 600000.")?;
    let mut spec = String::from(kind);
    for part in [path.unwrap_or(""), domain.unwrap_or(""), same_site, &names.session, &names.jwt, &names.ist, STATE_KEY] {
        spec.push('\0');
        spec.push_str(part);
    }
    let store = Store::new(config, &spec);
    Ok(Core {
        public_token: token,
        base,
        names,
        store,
        duration,
        timeout,
        storage_error: Cell::new(false),
    })
}

/// Creates a client. Throws an `SdkError` with `errorType: 'invalid_config'` for a bad config.
#[wasm_bindgen(js_name = createClient, unchecked_return_type = "Client")]
pub fn create_client(#[wasm_bindgen(unchecked_param_type = "ClientConfig")] config: JsValue) -> Result<JsValue, JsValue> {
    crate::core::time::set_host_parser(|s| {
        let t = platform::parse_time(s);
        (!t.is_nan()).then_some(t as i64)
    });
    let core = parse_config(&platform::config_json(&config), &config).map_err(|m| to_js(Error::invalid_config(m)))?;
    let mut name = String::from("sms-mfa:");
    name.push_str(&core.public_token);
    let store = core.store.0.clone();
    Ok(platform::wrap(JsValue::from(core), &name, &store))
}

/// Normalises a phone number to E.164, or returns null when it is malformed or unsupported.
#[wasm_bindgen(js_name = normalizePhoneNumber, unchecked_return_type = "string | null")]
// Takes a string only: `js/index.js` answers null for anything else without
// calling in (fewer imports than reading a `JsValue` here).
pub fn normalize_phone_number(input: &str) -> JsValue {
    match phone::parse(input) {
        Ok(p) => JsValue::from_str(p.as_str()),
        _ => JsValue::NULL,
    }
}

const OP_SEND: u8 = 0;
const OP_AUTH: u8 = 1;
const OP_EMAIL_LOGIN: u8 = 2;
const OP_EMAIL_AUTH: u8 = 3;

impl Core {
    fn secret(&self, k: &str) -> Option<Secret> {
        self.store.get(k).filter(|s| !s.is_empty()).map(Secret::new)
    }

    /// The stored state; corrupted or hand-edited state resets to none (and is reported).
    fn load(&self) -> State {
        match self.store.get(STATE_KEY) {
            None => State::default(),
            Some(r) => state::from_json(&r).unwrap_or_else(|| {
                self.store.remove(STATE_KEY);
                self.storage_error.set(true);
                State::default()
            }),
        }
    }

    fn save(&self, s: &State) {
        // The latest expiry; `i64::MIN` when there is nothing to keep (every
        // stored time is within ±2^53 ms).
        let exp = s.pending.as_ref().map_or(i64::MIN, |p| p.code_expires_at).max(s.mfa.as_ref().map_or(i64::MIN, |m| m.ist_expires_at)).max(s.session.as_ref().map_or(i64::MIN, |x| x.expires_at));
        if exp == i64::MIN {
            self.store.remove(STATE_KEY);
        } else {
            self.store.set(STATE_KEY, &state::to_json(s), exp as f64);
        }
    }

    /// The request as JSON for `platform::wrap`: `{u, a, t, b?, m, c}`.
    fn request(&self, req: Request, token: Option<Secret>, ctx: &str) -> String {
        let s = self.load();
        let mut auth = self.public_token.clone();
        auth.push(':');
        auth.push_str(token.as_ref().map_or(self.public_token.as_str(), Secret::expose));
        let mut tel = Obj::new();
        if let Some(x) = state::session(&s, now()) {
            tel = match &x.user_id {
                Some(u) => tel.str("stytch_user_id", u).str("stytch_session_id", &x.session_id),
                None => tel.opt_str("stytch_member_id", x.member_id.as_deref()).str("stytch_member_session_id", &x.session_id),
            };
        }
        Obj::new()
            .str("u", &req.url(&self.base))
            .str("a", &auth)
            .raw("t", &tel.finish())
            .opt_str("b", req.body.as_deref())
            .int("m", i64::from(self.timeout))
            .str("c", ctx)
            .finish()
    }

    fn store_session(&self, a: api::Authenticated) -> String {
        let exp = a.session.expires_at as f64;
        for (k, v) in [(&self.names.session, &a.session_token), (&self.names.jwt, &a.session_jwt)] {
            if v.is_empty() {
                self.store.remove(k);
            } else {
                self.store.set(k, v.expose(), exp);
            }
        }
        self.store.remove(&self.names.ist);
        let out = state::session_to_js_json(&a.session);
        self.save(&state::next(self.load(), Event::Authenticated(a.session), now()));
        out
    }

    fn apply_primary(&self, p: api::PrimaryAuth) -> String {
        match p {
            api::PrimaryAuth::Authenticated(a) => {
                self.store_session(a);
            }
            api::PrimaryAuth::MfaPending(m) => {
                let t = now();
                self.store.set(&self.names.ist, m.intermediate_session_token.expose(), (t + state::IST_LIFETIME_MS) as f64);
                self.store.remove(&self.names.session);
                self.store.remove(&self.names.jwt);
                let mut s = self.load();
                s.session = None;
                self.save(&state::next(s, Event::PrimaryAuthMfaPending(m.challenge), t));
            }
        }
        self.view()
    }

    fn view(&self) -> String {
        let s = self.load();
        state::view_to_js_json(&state::view(&s, now()))
    }

    fn prep_send(&self, v: &Value) -> Result<String, Error> {
        let s = self.load();
        let t = now();
        let locale = locale(v)?;
        if v.get("organizationId").is_some() || v.get("memberId").is_some() {
            let org = id(v, "organizationId", "Invalid organizationId.")?;
            let member = id(v, "memberId", "Invalid memberId.")?;
            // Not a string fails as an empty number: `invalid_phone_number`.
            let phone = match opt_str(v, "mfaPhoneNumber").unwrap_or(Some("")) {
                Some(p) => Some(phone::parse(p)?),
                None => None,
            };
            state::check_resend(&s, t)?;
            let ist = self.secret(&self.names.ist);
            let ctx = Obj::new().str("f", "mfa").str("o", org).str("m", member).opt_str("p", phone.as_ref().map(Phone::masked).as_deref()).finish();
            Ok(self.request(api::b2b_sms_send(org, member, phone.as_ref(), locale, ist.as_ref()), self.secret(&self.names.session), &ctx))
        } else {
            // Missing, `null` or not a string fails as an empty number: `invalid_phone_number`.
            let phone = phone::parse(v.str_at("phoneNumber").unwrap_or(""))?;
            // A mistyped value is checked as 0: out of range, the same error.
            let minutes = api::validate_expiration_minutes(opt_u32(v, "expirationMinutes").unwrap_or(Some(0)))?;
            state::check_resend(&s, t)?;
            let flow = state::consumer_flow(&s, t);
            let req = if flow == Flow::StepUp { api::sms_send_secondary(&phone, Some(minutes), locale) } else { api::sms_login_or_create(&phone, Some(minutes), locale) };
            let ctx = Obj::new().str("f", flow.as_str()).str("p", &phone.masked()).int("x", i64::from(minutes)).finish();
            Ok(self.request(req, self.secret(&self.names.session), &ctx))
        }
    }

    fn done_send(&self, ctx: &Value, status: u16, body: &str, ra: Option<u32>) -> Result<String, Error> {
        let flow = ctx.str_at("f").and_then(Flow::parse).unwrap_or(Flow::Login);
        let (request_id, method_id) = if flow == Flow::Mfa {
            (api::parse_ack(status, body, ra)?, None)
        } else {
            let r = api::parse_sms_send(status, body, ra)?;
            (r.request_id, Some(r.method_id))
        };
        let t = now();
        // The context was written by `prep_send`: nothing in it fails.
        let mut r = Fields::default();
        let s = state::next(
            self.load(),
            Event::CodeSent {
                flow,
                method_id,
                organization_id: r.opt_string(ctx, "o", usize::MAX),
                member_id: r.opt_string(ctx, "m", usize::MAX),
                phone_masked: r.opt_string(ctx, "p", usize::MAX),
                expiration_minutes: r.opt_int(ctx, "x").map_or(api::DEFAULT_EXPIRATION_MINUTES, |x| x as u32),
            },
            t,
        );
        self.save(&s);
        let p = s.pending.as_ref();
        Ok(Obj::new()
            .str("flow", flow.as_str())
            .str("phoneMasked", p.map_or("", |p| p.phone_masked.as_str()))
            .int("codeExpiresAt", p.map_or(t, |p| p.code_expires_at))
            .int("resendAllowedAt", p.map_or(t, |p| p.resend_allowed_at))
            .str("requestId", &request_id)
            .finish())
    }

    fn duration(&self, v: &Value) -> Result<u32, Error> {
        // A mistyped value is checked as 0: out of range, the same error.
        api::validate_session_duration(opt_u32(v, "sessionDurationMinutes").map_or(0, |m| m.unwrap_or(self.duration)))
    }

    fn prep_auth(&self, v: &Value) -> Result<String, Error> {
        let code = code(v)?;
        let minutes = self.duration(v)?;
        let s = self.load();
        let (req, b2b) = match state::authenticate_target(&s, now())? {
            Target::Consumer { method_id } => (api::otp_authenticate(&code, method_id, minutes), "0"),
            Target::Member { organization_id, member_id, enroll } => {
                (api::b2b_sms_authenticate(organization_id, member_id, &code, minutes, self.secret(&self.names.ist).as_ref(), enroll), "1")
            }
        };
        Ok(self.request(req, self.secret(&self.names.session), b2b))
    }

    fn prep_email(&self, v: &Value, auth: bool) -> Result<String, Error> {
        let org = id(v, "organizationId", "Invalid organizationId.")?;
        let email = v.str_at("emailAddress").unwrap_or("");
        api::validate_email(email)?;
        let req = if auth {
            let code = code(v)?;
            api::b2b_email_authenticate(org, email, &code, self.duration(v)?, self.secret(&self.names.ist).as_ref())
        } else {
            api::b2b_email_login_or_signup(org, email, locale(v)?)
        };
        Ok(self.request(req, None, ""))
    }
}

// One export for every operation keeps the generated glue small. `op`:
// 0..=3 validate `a` (input JSON) and build the request of send,
// authenticate, e-mail login, e-mail authenticate; 4..=7 consume its outcome
// (`a`: the request's context, `b`: the body, `n`: packed by the snippet as
// `((retryAfter + 1) * 1024 + status) * 16 + kind * 2 + isJson`, kind 0 ok,
// 1 timeout, 2 aborted, 3 network, 4 body cut); 8 the state; 9
// `setPrimaryAuth(a)`; 10 sign-out (returns the revoke request or "");
// 12 throws the pending storage failure, if any (`n` != 0: the store fell
// back to memory since the last report).
#[wasm_bindgen]
impl Core {
    pub fn call(&self, op: u8, a: &str, b: &str, n: f64) -> Result<String, JsValue> {
        let r = match op {
            0..=3 => input(a).and_then(|v| match op {
                OP_SEND => self.prep_send(&v),
                OP_AUTH => self.prep_auth(&v),
                _ => self.prep_email(&v, op == OP_EMAIL_AUTH),
            }),
            4..=7 => self.done(op - 4, a, b, n),
            8 => Ok(self.view()),
            9 => api::parse_primary_auth_input(a).map(|p| self.apply_primary(p)),
            10 => Ok(self.out().unwrap_or_default()),
            _ => {
                if (n != 0.0) | self.storage_error.replace(false) {
                    Err(Error::storage_unavailable())
                } else {
                    Ok(String::new())
                }
            }
        };
        r.map_err(to_js)
    }
}

impl Core {
    fn done(&self, op: u8, ctx: &str, body: &str, n: f64) -> Result<String, Error> {
        let n = n as u64;
        let (json, kind, status) = (n & 1 == 1, (n >> 1) & 7, ((n >> 4) & 1023) as u16);
        let ra = u32::try_from(n >> 14).ok().and_then(|r| r.checked_sub(1));
        match kind {
            0 if json => match op {
                OP_SEND => self.done_send(&json::parse(ctx).unwrap_or(Value::Null), status, body, ra),
                OP_AUTH if ctx == "1" => api::parse_b2b_authenticate(status, body, ra).map(|a| self.store_session(a)),
                OP_AUTH => api::parse_authenticate(status, body, ra).map(|a| self.store_session(a)),
                OP_EMAIL_LOGIN => api::parse_ack(status, body, ra).map(|r| Obj::new().str("requestId", &r).finish()),
                _ => api::parse_b2b_primary_authenticate(status, body, ra).map(|p| self.apply_primary(p)),
            },
            // Not JSON, or cut short.
            0 | 4 => Err(Error::invalid_response(status, ra)),
            1 => Err(Error::timeout()),
            2 => Err(Error::aborted()),
            _ => Err(Error::network_error()),
        }
    }

    fn out(&self) -> Option<String> {
        let s = self.load();
        let q = self.secret(&self.names.session).map(|t| {
            let b2b = s.session.as_ref().is_some_and(|x| x.member_id.is_some());
            self.request(if b2b { api::b2b_session_revoke() } else { api::session_revoke() }, Some(t), "")
        });
        for k in [&self.names.session, &self.names.jwt, &self.names.ist] {
            self.store.remove(k);
        }
        self.store.remove(STATE_KEY);
        q
    }
}
