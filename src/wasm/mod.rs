//! The one `#[wasm_bindgen]` surface: `createClient`, `normalizePhoneNumber`
//! and the `Client` class, one method per JS method. Each method reads its
//! input at the boundary, hands off to [`Engine`], and turns the result into
//! JS with serde-wasm-bindgen; the async ones share [`Inner::begin`].
mod bot;
mod boundary;
mod timers;
mod types;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};

use crate::platform::channel::Channel;
use crate::platform::http::{self, ClientIds};
use crate::platform::js::{self, JsCodec, Timeout};
use crate::platform::store::BrowserStore;
use crate::platform::web_otp;
use crate::platform::web_storage::WebStorage;
use crate::sdk::api::{BotProtection, BotTokens};
use crate::sdk::config::{self, Config, ConfigInput};
use crate::sdk::error::Error;
use crate::sdk::input::{AuthenticateInput, EmailInput, SendSmsInput};
use crate::sdk::phone;
use crate::sdk::session::{Done, Engine, Prepared};
use crate::sdk::state;
use boundary::{read_input, to_js_error};

/// The async methods, which all take the same path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    SendSms,
    Authenticate,
    EmailLoginOrSignup,
    EmailAuthenticate,
}

/// How often a stored session is refreshed through `sessions/authenticate`
/// (Stytch's SDK: every 3 minutes).
const REFRESH_MS: i64 = 3 * 60_000;

/// A method's input, read from the caller's object before anything else.
enum Input {
    Send(SendSmsInput),
    Authenticate(AuthenticateInput),
    Email(EmailInput),
}

/// A headless SMS passcode and MFA client. Make one with `createClient`.
#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

struct Inner {
    /// This client, for the closures of its timers.
    me: Weak<Inner>,
    engine: Engine<Rc<BrowserStore>, JsCodec>,
    ids: ClientIds,
    /// The `captcha` and `dfpTelemetryId` hooks of the config.
    captcha: Option<Function>,
    dfp: Option<Function>,
    /// The bootstrap's bot protection, once read (a failed read counts as none).
    bot: Cell<Option<BotProtection>>,
    /// The bootstrap read in flight, which sends wait for.
    bootstrap: RefCell<Option<Promise>>,
    /// Fires at the state's next expiry, so that listeners hear of it.
    expiry: RefCell<Option<Timeout>>,
    /// Fires at the next session refresh.
    refresh: RefCell<Option<Timeout>>,
    /// Checks once more after another tab's message.
    recheck: RefCell<Option<Timeout>>,
    /// `close()` was called: no more timers.
    closed: Cell<bool>,
    listeners: RefCell<Vec<Function>>,
    error_listeners: RefCell<Vec<Function>>,
    /// The JSON of the last state the listeners were given.
    last_state: RefCell<Option<String>>,
    channel: RefCell<Option<Channel>>,
    /// The `authenticate` in flight, which concurrent calls share.
    authenticating: RefCell<Option<Promise>>,
}

/// Creates a client. Throws an `SdkError` with `errorType: 'invalid_config'`
/// for a bad config, a project secret included.
#[wasm_bindgen(js_name = createClient)]
pub fn create_client(
    #[wasm_bindgen(unchecked_param_type = "ClientConfig")] config: JsValue,
) -> Result<Client, JsValue> {
    let (config, adapter, hooks) = read_config(&config).map_err(|e| to_js_error(&e))?;
    let store = BrowserStore::open(&config, adapter);
    let inner = Rc::new_cyclic(|me| Inner {
        me: me.clone(),
        engine: Engine::new(config, store),
        ids: ClientIds::new(),
        captcha: hooks.captcha,
        dfp: hooks.dfp,
        bot: Cell::default(),
        bootstrap: RefCell::default(),
        expiry: RefCell::default(),
        refresh: RefCell::default(),
        recheck: RefCell::default(),
        closed: Cell::default(),
        listeners: RefCell::default(),
        error_listeners: RefCell::default(),
        last_state: RefCell::default(),
        channel: RefCell::default(),
        authenticating: RefCell::default(),
    });
    inner.check();
    inner.start_bootstrap();
    // A stored session is refreshed at once, as Stytch's SDK does at start.
    inner.schedule_refresh(0);
    let weak: Weak<Inner> = Rc::downgrade(&inner);
    let on_change = Closure::new(move || {
        if let Some(inner) = weak.upgrade() {
            inner.check();
            inner.check_again_soon();
        }
    });
    *inner.channel.borrow_mut() = Some(Channel::open(
        &inner.engine.config().channel_name(),
        on_change,
    ));
    js::read_time_zone_later();
    Ok(Client { inner })
}

/// The config's bot-protection hooks.
struct Hooks {
    captcha: Option<Function>,
    dfp: Option<Function>,
}

fn read_config(config: &JsValue) -> Result<(Config, Option<WebStorage>, Hooks), Error> {
    let not_object =
        || Error::invalid_config("The config must be an object whose options can be read.");
    if !boundary::is_plain_object(config) {
        return Err(not_object());
    }
    let cookie_options = js_sys::Reflect::get(config, &JsValue::from_str("cookieOptions"))
        .map_err(|_| not_object())?;
    let names = boundary::own_keys(config).map_err(|()| not_object())?;
    let cookie_names = boundary::own_keys(&cookie_options).map_err(|()| not_object())?;
    config::check_option_names(
        names.iter().map(String::as_str),
        cookie_names.iter().map(String::as_str),
    )?;
    let storage =
        js_sys::Reflect::get(config, &JsValue::from_str("storage")).map_err(|_| not_object())?;
    let adapter = WebStorage::adapter(&storage);
    let hooks = Hooks {
        captcha: boundary::hook(
            config,
            "captcha",
            "captcha must be a function that returns a captcha token (or a Promise of one).",
        )?,
        dfp: boundary::hook(
            config,
            "dfpTelemetryId",
            "dfpTelemetryId must be a function that returns a telemetry id (or a Promise of one).",
        )?,
    };
    let copied = boundary::copy(config, ConfigInput::MEMBERS, &["cookieOptions"])
        .map_err(|()| not_object())?;
    let input: ConfigInput = serde_wasm_bindgen::from_value(copied)
        .map_err(|_| Error::invalid_config("Invalid cookieOptions."))?;
    Ok((Config::check(&input, adapter.is_some())?, adapter, hooks))
}

/// Normalises a phone number to E.164, or returns null when it is malformed
/// or in an unsupported country.
#[wasm_bindgen(js_name = normalizePhoneNumber, unchecked_return_type = "string | null")]
pub fn normalize_phone_number(input: &str) -> JsValue {
    phone::parse(input).map_or(JsValue::NULL, |p| JsValue::from_str(p.as_str()))
}

/// Checks a phone number as `sendSms` will: its E.164 form and country, or
/// why it is refused (malformed, or a country SMS is not sent to).
#[wasm_bindgen(js_name = checkPhoneNumber, unchecked_return_type = "PhoneCheck")]
pub fn check_phone_number(
    #[wasm_bindgen(unchecked_param_type = "string")] input: &JsValue,
) -> JsValue {
    let text = input.as_string().unwrap_or_default();
    js::to_value(&phone::check(&text)).unwrap_or(JsValue::NULL)
}

/// `getTokens()`'s answer.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Tokens<'a> {
    session_token: &'a str,
    session_jwt: &'a str,
}

#[wasm_bindgen]
impl Client {
    /// Sends a code: consumer login, consumer step-up (a session exists) or
    /// B2B MFA (`organizationId` / `memberId`, with the stored IST).
    #[wasm_bindgen(js_name = sendSms, unchecked_return_type = "Promise<SendSmsResult>")]
    pub fn send_sms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SendSmsInput")] input: JsValue,
    ) -> Promise {
        self.inner.start(Method::SendSms, input)
    }

    /// Completes the pending challenge and stores the session. Concurrent
    /// calls share one request. Resolves to `null` when Stytch issued no
    /// session yet (B2B: the organization still requires a primary factor;
    /// `getMfaState()` says what comes next).
    #[wasm_bindgen(unchecked_return_type = "Promise<Session | null>")]
    pub fn authenticate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AuthenticateInput")] input: JsValue,
    ) -> Promise {
        self.inner.authenticate(input)
    }

    /// Waits for the code of the pending challenge through WebOTP (the SMS
    /// ends with `@host #code`) until `signal` fires. Resolves to the code,
    /// or `null` where the browser has no WebOTP. The code is not kept.
    #[wasm_bindgen(js_name = waitForCode, unchecked_return_type = "Promise<string | null>")]
    pub fn wait_for_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebOtpInput")] input: JsValue,
    ) -> Promise {
        self.inner.web_otp(input, false)
    }

    /// `waitForCode`, then `authenticate` with the code it gives. Fails with
    /// `web_otp_unavailable` where the browser has no WebOTP.
    #[wasm_bindgen(js_name = authenticateWithWebOtp, unchecked_return_type = "Promise<Session | null>")]
    pub fn authenticate_with_web_otp(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebOtpAuthenticateInput")] input: JsValue,
    ) -> Promise {
        self.inner.web_otp(input, true)
    }

    /// B2B email OTP primary factor: sends the code.
    #[wasm_bindgen(js_name = emailLoginOrSignup, unchecked_return_type = "Promise<{ requestId: string }>")]
    pub fn email_login_or_signup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EmailLoginInput")] input: JsValue,
    ) -> Promise {
        self.inner.start(Method::EmailLoginOrSignup, input)
    }

    /// B2B email OTP primary factor: checks the code; yields `mfa_required`
    /// with the IST stored, or `authenticated`.
    #[wasm_bindgen(js_name = emailAuthenticate, unchecked_return_type = "Promise<MfaState>")]
    pub fn email_authenticate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EmailAuthenticateInput")] input: JsValue,
    ) -> Promise {
        self.inner.start(Method::EmailAuthenticate, input)
    }

    /// The state: synchronous, local, never throws.
    #[wasm_bindgen(js_name = getMfaState, unchecked_return_type = "MfaState")]
    pub fn get_mfa_state(&self) -> JsValue {
        let s = self.inner.state();
        self.inner.report_storage_failure();
        s
    }

    /// Enters the MFA step from a primary login done elsewhere: Stytch's raw
    /// response or `{ intermediateSessionToken, organizationId, memberId, … }`.
    #[wasm_bindgen(js_name = setPrimaryAuth, unchecked_return_type = "MfaState")]
    pub fn set_primary_auth(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PrimaryAuthResult")] result: JsValue,
    ) -> Result<JsValue, JsValue> {
        let bad = || {
            Error::invalid_input(
                "setPrimaryAuth needs an intermediate session token, organization and member ids.",
            )
        };
        let document = boundary::json_copy(&result).map_err(|()| to_js_error(&bad()))?;
        let now = js::now();
        let s = self
            .inner
            .engine
            .set_primary_auth(&document, now)
            .map_err(|e| to_js_error(&e))?;
        self.inner.changed();
        Ok(js::to_value(&state::view(&s, now)).unwrap_or(JsValue::NULL))
    }

    /// Calls `listener` on every change of state, in this tab or another of
    /// the origin. Returns the unsubscribe function.
    #[wasm_bindgen(js_name = onChange, unchecked_return_type = "() => void")]
    pub fn on_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: MfaState) => void")] listener: Function,
    ) -> JsValue {
        subscribe(&self.inner, listener, |i| &i.listeners)
    }

    /// Calls `listener` when the storage fails (or holds unreadable state)
    /// and the client falls back to memory; a failure before the first
    /// listener is delivered to it. Returns the unsubscribe function.
    #[wasm_bindgen(js_name = onStorageError, unchecked_return_type = "() => void")]
    pub fn on_storage_error(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(error: SdkError) => void")] listener: Function,
    ) -> JsValue {
        let unsubscribe = subscribe(&self.inner, listener, |i| &i.error_listeners);
        self.inner.report_storage_failure();
        unsubscribe
    }

    /// Abandons the pending code and the MFA step (with its IST), keeping a
    /// session: to send to a corrected number, or start the sign-in again.
    /// Returns the state it leads to.
    #[wasm_bindgen(unchecked_return_type = "MfaState")]
    pub fn cancel(&self) -> JsValue {
        let now = js::now();
        let s = self.inner.engine.cancel(now);
        self.inner.changed();
        js::to_value(&state::view(&s, now)).unwrap_or(JsValue::NULL)
    }

    /// The session token and JWT of the live session, for a bearer header
    /// to the app's own API; `null` without one.
    #[wasm_bindgen(js_name = getTokens, unchecked_return_type = "SessionTokens | null")]
    pub fn get_tokens(&self) -> JsValue {
        let tokens = self.inner.engine.tokens(js::now());
        self.inner.report_storage_failure();
        tokens.map_or(JsValue::NULL, |(token, jwt)| {
            js::to_value(&Tokens {
                session_token: token.expose(),
                session_jwt: jwt.expose(),
            })
            .unwrap_or(JsValue::NULL)
        })
    }

    /// Revokes the session (best effort) and removes every token and state
    /// this client wrote. Never throws.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) {
        if let Some(call) = self.inner.engine.sign_out(js::now()) {
            let inner = self.inner.clone();
            spawn_local(async move {
                let _ = http::send(&call, None, &inner.ids).await;
            });
        }
        self.inner.changed();
    }

    /// The storage in use: the configured one, or `'memory'` after a fallback.
    #[wasm_bindgen(getter, js_name = storageKind, unchecked_return_type = "StorageKind | 'custom'")]
    pub fn storage_kind(&self) -> String {
        String::from(self.inner.engine.store().kind().as_str())
    }

    /// Stops listening to other tabs, stops its timers (expiry events,
    /// session refresh) and drops every listener, so that the client can be
    /// garbage-collected. Calls still work; stored state is kept.
    pub fn close(&self) {
        self.inner.closed.set(true);
        self.inner.expiry.borrow_mut().take();
        self.inner.refresh.borrow_mut().take();
        self.inner.recheck.borrow_mut().take();
        self.inner.channel.borrow_mut().take();
        self.inner.listeners.borrow_mut().clear();
        self.inner.error_listeners.borrow_mut().clear();
    }
}

/// Adds `listener` to the list `pick` chooses; returns the function that removes it.
fn subscribe(
    inner: &Rc<Inner>,
    listener: Function,
    pick: fn(&Inner) -> &RefCell<Vec<Function>>,
) -> JsValue {
    pick(inner).borrow_mut().push(listener.clone());
    let weak = Rc::downgrade(inner);
    let unsubscribe = move || {
        if let Some(inner) = weak.upgrade() {
            let mut list = pick(&inner).borrow_mut();
            if let Some(i) = list.iter().position(|f| *f == listener) {
                list.remove(i);
            }
        }
    };
    Closure::<dyn FnMut()>::new(unsubscribe).into_js_value()
}

/// Calls every listener with `value`; one that throws does not stop the
/// others (its error is reported as an unhandled rejection).
fn emit(listeners: &RefCell<Vec<Function>>, value: &JsValue) {
    let list = listeners.borrow().clone();
    for f in list {
        if let Err(e) = f.call1(&JsValue::UNDEFINED, value) {
            let _ = Promise::reject(&e);
        }
    }
}

impl Inner {
    /// `authenticate`: the call in flight, or a new one.
    fn authenticate(self: &Rc<Self>, input: JsValue) -> Promise {
        if let Some(p) = self.authenticating.borrow().as_ref() {
            return p.clone();
        }
        match self.begin(Method::Authenticate, input) {
            Ok(p) => {
                *self.authenticating.borrow_mut() = Some(p.clone());
                p
            }
            Err(e) => Promise::reject(&to_js_error(&e)),
        }
    }

    /// `waitForCode`, and `authenticateWithWebOtp` when `authenticate`: one
    /// async path for both.
    fn web_otp(self: &Rc<Self>, input: JsValue, authenticate: bool) -> Promise {
        let read = boundary::signal(&input).and_then(|signal| {
            self.check_pending()?;
            let unreadable =
                |()| Error::invalid_input("Expected an object whose members can be read.");
            let next = if authenticate {
                Some(boundary::copy(&input, &["sessionDurationMinutes"], &[]).map_err(unreadable)?)
            } else {
                None
            };
            Ok((signal, next))
        });
        let (signal, authenticate_input) = match read {
            Ok(r) => r,
            Err(e) => return Promise::reject(&to_js_error(&e)),
        };
        let inner = self.clone();
        future_to_promise(async move {
            let code = web_otp::receive(signal.as_ref())
                .await
                .map_err(|e| to_js_error(&e))?;
            match (code, authenticate_input) {
                (code, None) => Ok(code.map_or(JsValue::NULL, |c| JsValue::from_str(&c))),
                (None, Some(_)) => Err(to_js_error(&Error::web_otp_unavailable())),
                (Some(code), Some(input)) => {
                    js_sys::Reflect::set(
                        &input,
                        &JsValue::from_str("code"),
                        &JsValue::from_str(&code),
                    )?;
                    JsFuture::from(inner.authenticate(input)).await
                }
            }
        })
    }

    /// Whether `authenticate` has something to complete now.
    ///
    /// # Errors
    /// `no_pending_challenge`.
    fn check_pending(&self) -> Result<(), Error> {
        state::authenticate_target(&self.engine.load(), js::now()).map(drop)
    }

    /// [`Inner::begin`], with a refused input as a rejected promise.
    fn start(self: &Rc<Self>, method: Method, input: JsValue) -> Promise {
        self.begin(method, input)
            .unwrap_or_else(|e| Promise::reject(&to_js_error(&e)))
    }

    /// Prepares `method` now and sends it; the promise settles once the
    /// answer is read and stored.
    ///
    /// # Errors
    /// The input was refused: nothing is sent.
    fn begin(self: &Rc<Self>, method: Method, input: JsValue) -> Result<Promise, Error> {
        let signal = boundary::signal(&input)?;
        let input = match method {
            Method::SendSms => Input::Send(read_input(&input, SendSmsInput::MEMBERS)?),
            Method::Authenticate => {
                Input::Authenticate(read_input(&input, AuthenticateInput::MEMBERS)?)
            }
            Method::EmailLoginOrSignup | Method::EmailAuthenticate => {
                Input::Email(read_input(&input, EmailInput::MEMBERS)?)
            }
        };
        // Checked now, so that a refused input sends nothing.
        let first = self.prepare(method, &input, &BotTokens::default())?;
        let inner = self.clone();
        Ok(future_to_promise(async move {
            let done = inner.run(method, &input, first, signal.as_ref()).await;
            let now = js::now();
            if method == Method::Authenticate {
                inner.authenticating.borrow_mut().take();
            }
            if inner.engine.take_forgotten() {
                inner.changed();
            }
            let done = done.map_err(|e| to_js_error(&e))?;
            if method == Method::EmailLoginOrSignup {
                inner.report_storage_failure();
            } else {
                inner.changed();
            }
            let value = match &done {
                Done::Sent(r) => js::to_value(r),
                Done::Session(s) => js::to_value(s),
                Done::Acknowledged(a) => js::to_value(a),
                Done::State(_) if method == Method::Authenticate => Ok(JsValue::NULL),
                Done::State(s) => js::to_value(&state::view(s, now)),
                Done::Bootstrap(_) => Ok(JsValue::NULL),
            };
            Ok(value.unwrap_or(JsValue::NULL))
        }))
    }

    /// One call and its answer, read and stored.
    async fn send(
        &self,
        p: Prepared,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<Done, Error> {
        let outcome = http::send(&p.call, signal, &self.ids).await;
        self.engine.finish(p.step, outcome, js::now())
    }

    fn prepare(&self, method: Method, input: &Input, bot: &BotTokens) -> Result<Prepared, Error> {
        let now = js::now();
        match input {
            Input::Send(i) => self.engine.prepare_send_with(i, bot, now),
            Input::Authenticate(i) => self.engine.prepare_authenticate(i, now),
            Input::Email(i) => {
                self.engine
                    .prepare_email_with(i, method == Method::EmailAuthenticate, bot, now)
            }
        }
    }

    /// The public state as a JS value; `{status: 'none'}` if it cannot be made.
    fn state(&self) -> JsValue {
        self.engine
            .with_view(js::now(), |v| js::to_value(&v))
            .unwrap_or_else(|_| js::to_value(&state::MfaState::None).unwrap_or(JsValue::NULL))
    }

    /// Tells the listeners when the state differs from the last one they
    /// got, and sets the timer of the state's next expiry.
    fn check(&self) {
        let now = js::now();
        let stored = self.engine.load();
        let state = js::to_value(&state::view(&stored, now))
            .unwrap_or_else(|_| js::to_value(&state::MfaState::None).unwrap_or(JsValue::NULL));
        let json = js_sys::JSON::stringify(&state).ok().map(String::from);
        if *self.last_state.borrow() != json {
            *self.last_state.borrow_mut() = json;
            emit(&self.listeners, &state);
        }
        self.schedule_expiry(state::next_change(&stored, now), now);
        self.report_storage_failure();
    }

    /// A change made here: listeners always hear of it, and so do other
    /// tabs, once the writes are readable there.
    fn changed(self: &Rc<Self>) {
        self.last_state.borrow_mut().take();
        self.check();
        let weak = Rc::downgrade(self);
        self.engine.store().after_writes(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                if let Some(c) = inner.channel.borrow().as_ref() {
                    c.post();
                }
                inner.report_storage_failure();
            }
        }));
    }

    /// Reports a fallback to memory (or unreadable state) to the
    /// `onStorageError` listeners, once there is one.
    fn report_storage_failure(&self) {
        if self.error_listeners.borrow().is_empty() {
            return;
        }
        let failed = self.engine.store().take_failure() | self.engine.take_unreadable_state();
        if failed {
            emit(
                &self.error_listeners,
                &to_js_error(&Error::storage_unavailable()),
            );
        }
    }
}
