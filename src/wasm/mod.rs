//! The one `#[wasm_bindgen]` surface: `createClient`, `normalizePhoneNumber`
//! and the `Client` class, one method per JS method. Each method reads its
//! input at the boundary, hands off to [`Engine`], and turns the result into
//! JS with serde-wasm-bindgen; the async ones share [`Inner::begin`].
mod boundary;
mod types;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};

use crate::platform::channel::Channel;
use crate::platform::http::{self, ClientIds};
use crate::platform::js::{self, JsCodec};
use crate::platform::store::BrowserStore;
use crate::platform::web_otp;
use crate::platform::web_storage::WebStorage;
use crate::sdk::config::{Config, ConfigInput};
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

/// A headless SMS passcode and MFA client. Make one with `createClient`.
#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

struct Inner {
    engine: Engine<Rc<BrowserStore>, JsCodec>,
    ids: ClientIds,
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
    let (config, adapter) = read_config(&config).map_err(|e| to_js_error(&e))?;
    let store = BrowserStore::open(&config, adapter);
    let inner = Rc::new(Inner {
        engine: Engine::new(config, store),
        ids: ClientIds::new(),
        listeners: RefCell::default(),
        error_listeners: RefCell::default(),
        last_state: RefCell::default(),
        channel: RefCell::default(),
        authenticating: RefCell::default(),
    });
    inner.check();
    let weak: Weak<Inner> = Rc::downgrade(&inner);
    let on_change = Closure::new(move || {
        if let Some(inner) = weak.upgrade() {
            inner.check();
        }
    });
    *inner.channel.borrow_mut() = Some(Channel::open(
        &inner.engine.config().channel_name(),
        on_change,
    ));
    js::read_time_zone_later();
    Ok(Client { inner })
}

fn read_config(config: &JsValue) -> Result<(Config, Option<WebStorage>), Error> {
    let not_object =
        || Error::invalid_config("The config must be an object whose options can be read.");
    if !boundary::is_plain_object(config) {
        return Err(not_object());
    }
    let storage =
        js_sys::Reflect::get(config, &JsValue::from_str("storage")).map_err(|_| not_object())?;
    let adapter = WebStorage::adapter(&storage);
    let copied = boundary::copy(config, ConfigInput::MEMBERS, &["cookieOptions"])
        .map_err(|()| not_object())?;
    let input: ConfigInput = serde_wasm_bindgen::from_value(copied)
        .map_err(|_| Error::invalid_config("Invalid cookieOptions."))?;
    Ok((Config::check(&input, adapter.is_some())?, adapter))
}

/// Normalises a phone number to E.164, or returns null when it is malformed
/// or in an unsupported country.
#[wasm_bindgen(js_name = normalizePhoneNumber, unchecked_return_type = "string | null")]
pub fn normalize_phone_number(input: &str) -> JsValue {
    phone::parse(input).map_or(JsValue::NULL, |p| JsValue::from_str(p.as_str()))
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
    /// calls share one request.
    #[wasm_bindgen(unchecked_return_type = "Promise<Session>")]
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
    #[wasm_bindgen(js_name = authenticateWithWebOtp, unchecked_return_type = "Promise<Session>")]
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

    /// Stops listening to other tabs and drops every listener, so that the
    /// client can be garbage-collected. Calls still work; stored state is kept.
    pub fn close(&self) {
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
        let now = js::now();
        let signal = boundary::signal(&input)?;
        let Prepared { call, step } = self.prepare(method, &input, now)?;
        let inner = self.clone();
        Ok(future_to_promise(async move {
            let outcome = http::send(&call, signal.as_ref(), &inner.ids).await;
            let now = js::now();
            let done = inner.engine.finish(step, outcome, now);
            if method == Method::Authenticate {
                inner.authenticating.borrow_mut().take();
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
                Done::State(s) => js::to_value(&state::view(s, now)),
            };
            Ok(value.unwrap_or(JsValue::NULL))
        }))
    }

    fn prepare(&self, method: Method, input: &JsValue, now: i64) -> Result<Prepared, Error> {
        match method {
            Method::SendSms => self.engine.prepare_send(
                &read_input::<SendSmsInput>(input, SendSmsInput::MEMBERS)?,
                now,
            ),
            Method::Authenticate => self.engine.prepare_authenticate(
                &read_input::<AuthenticateInput>(input, AuthenticateInput::MEMBERS)?,
                now,
            ),
            Method::EmailLoginOrSignup => self.engine.prepare_email(
                &read_input::<EmailInput>(input, EmailInput::MEMBERS)?,
                false,
                now,
            ),
            Method::EmailAuthenticate => self.engine.prepare_email(
                &read_input::<EmailInput>(input, EmailInput::MEMBERS)?,
                true,
                now,
            ),
        }
    }

    /// The public state as a JS value; `{status: 'none'}` if it cannot be made.
    fn state(&self) -> JsValue {
        self.engine
            .with_view(js::now(), |v| js::to_value(&v))
            .unwrap_or_else(|_| js::to_value(&state::MfaState::None).unwrap_or(JsValue::NULL))
    }

    /// Tells the listeners when the state differs from the last one they got.
    fn check(&self) {
        let state = self.state();
        let json = js_sys::JSON::stringify(&state).ok().map(String::from);
        if *self.last_state.borrow() != json {
            *self.last_state.borrow_mut() = json;
            emit(&self.listeners, &state);
        }
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
