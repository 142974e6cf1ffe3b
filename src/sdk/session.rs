//! The orchestration, sans IO: [`Engine`] turns a method's input into a
//! [`Prepared`] call, and the answer to that call into the method's result,
//! choosing the flow and writing or clearing the IST, the session tokens and
//! the state in its [`KeyValueStore`].
//!
//! Every method of the JS client is `prepare` (sync), one awaited send by the
//! platform, then [`Engine::finish`] (sync). Nothing is written before the
//! answer is in, so a failed call leaves everything as it was.
use std::cell::Cell;
use std::marker::PhantomData;

use serde::Serialize;

use super::api::{self, Authenticated, BotProtection, BotTokens, PrimaryAuth, Request, Response};
use super::codec::Codec;
use super::config::{Config, STATE_KEY};
use super::error::Error;
use super::input::{AuthenticateInput, EmailInput, Loose, SendSmsInput};
use super::phone;
use super::state::{self, Event, Flow, MfaState, SessionInfo, State, Stored, Target};
use super::store::KeyValueStore;
use super::token::{Code, Secret};

/// The HTTP method of a [`Call`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    /// The project's bootstrap.
    Get,
    /// Everything else.
    Post,
}

/// A request ready for the platform to send: `POST url` (or `GET`) with
/// `Authorization: Basic base64(credentials)`, the JSON `body`, the SDK's
/// telemetry and `timeout_ms`. `Debug` shows the URL only.
#[derive(Clone, PartialEq, Eq)]
pub struct Call {
    /// `GET` or `POST`.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// `public_token:secret`, where the secret is a session token or the
    /// public token again.
    pub credentials: Secret,
    /// The JSON body.
    pub body: Option<Secret>,
    /// The client's timeout.
    pub timeout_ms: u32,
    /// Ids of the live session, for the `X-SDK-Client` header.
    pub telemetry: SessionIds,
}

impl core::fmt::Debug for Call {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Call")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The live session's ids, as Stytch's SDK puts them in its telemetry.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct SessionIds {
    /// Consumer sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stytch_user_id: Option<String>,
    /// Consumer sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stytch_session_id: Option<String>,
    /// B2B sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stytch_member_id: Option<String>,
    /// B2B sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stytch_member_session_id: Option<String>,
}

/// What [`Engine::finish`] must do with the answer, and the tokens the call
/// carried (so that a refusal clears them only if they are still the stored
/// ones).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Step {
    /// What the answer means.
    pub kind: StepKind,
    /// The session token sent as the Basic password, if any.
    session: Option<Secret>,
    /// The IST sent in the body, if any.
    ist: Option<Secret>,
}

impl Step {
    /// A step whose call carried no session token or IST.
    pub fn new(kind: StepKind) -> Step {
        Step {
            kind,
            session: None,
            ist: None,
        }
    }
}

/// What an answer means.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum StepKind {
    /// A code was asked for.
    Send(SendContext),
    /// A code was checked (consumer or B2B).
    Authenticate {
        /// B2B `otps/sms/authenticate`.
        b2b: bool,
    },
    /// A B2B e-mail code was asked for.
    EmailLogin,
    /// A B2B e-mail code was checked (the primary factor).
    EmailAuthenticate,
    /// `sessions/authenticate` refreshed the session.
    Refresh {
        /// `b2b/sessions/authenticate`.
        b2b: bool,
    },
    /// The project's bootstrap was read.
    Bootstrap,
}

/// What a send needs to remember until its answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SendContext {
    /// The flow.
    pub flow: Flow,
    /// B2B.
    pub organization_id: Option<String>,
    /// B2B.
    pub member_id: Option<String>,
    /// The destination, masked; B2B without a number: the one on file.
    pub phone_masked: Option<String>,
    /// Code lifetime.
    pub expiration_minutes: u32,
}

/// A call and what to do with its answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Prepared {
    /// What to send.
    pub call: Call,
    /// What its answer means.
    pub step: Step,
}

/// Why no answer came.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Transport {
    /// The client's timeout ran out.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// No HTTP answer (refused, reset, CORS, offline).
    Network,
}

impl From<Transport> for Error {
    fn from(t: Transport) -> Error {
        match t {
            Transport::Timeout => Error::timeout(),
            Transport::Aborted => Error::aborted(),
            Transport::Network => Error::network_error(),
        }
    }
}

/// The answer to a [`Call`], or why there is none.
pub type Outcome<D> = Result<Response<D>, Transport>;

/// `sendSms`'s result.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsSent {
    /// The flow.
    pub flow: Flow,
    /// Where it went, masked.
    pub phone_masked: String,
    /// ms since epoch.
    pub code_expires_at: i64,
    /// ms since epoch.
    pub resend_allowed_at: i64,
    /// Stytch's request id.
    pub request_id: String,
}

/// `emailLoginOrSignup`'s result.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Acknowledged {
    /// Stytch's request id.
    pub request_id: String,
}

/// A finished method's result.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Done {
    /// `sendSms`.
    Sent(SmsSent),
    /// `authenticate`.
    Session(SessionInfo),
    /// `emailLoginOrSignup`.
    Acknowledged(Acknowledged),
    /// `emailAuthenticate`, and a B2B `authenticate` answered without a
    /// session: the state it led to (read it with [`state::view`]).
    State(Box<State>),
    /// The bootstrap's bot protection.
    Bootstrap(BotProtection),
}

/// The headless client without its IO: a checked config, a store, and the
/// rules of every flow. `C` reads and writes JSON.
pub struct Engine<S, C> {
    config: Config,
    store: S,
    unreadable_state: Cell<bool>,
    forgot: Cell<bool>,
    codec: PhantomData<C>,
}

impl<S: KeyValueStore, C: Codec> Engine<S, C> {
    /// An engine over `store`.
    pub fn new(config: Config, store: S) -> Engine<S, C> {
        Engine {
            config,
            store,
            unreadable_state: Cell::new(false),
            forgot: Cell::new(false),
            codec: PhantomData,
        }
    }

    /// The config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// True once after the stored state was found unreadable (and reset).
    pub fn take_unreadable_state(&self) -> bool {
        self.unreadable_state.replace(false)
    }

    /// True once after a failed call made the client forget a token the
    /// server refused (an unknown session, a gone IST): the state changed.
    pub fn take_forgotten(&self) -> bool {
        self.forgot.replace(false)
    }

    /// The stored state; unreadable or hand-edited state resets to none (and
    /// is reported by [`Engine::take_unreadable_state`]).
    pub fn load(&self) -> State {
        let Some(text) = self.store.get(STATE_KEY) else {
            return State::default();
        };
        let state = (text.len() <= state::MAX_STORED)
            .then(|| C::from_text::<Stored>(&text))
            .flatten()
            .and_then(Stored::into_state);
        state.unwrap_or_else(|| {
            self.store.remove(STATE_KEY);
            self.unreadable_state.set(true);
            State::default()
        })
    }

    /// The public view of the state at `now`.
    pub fn with_view<T>(&self, now: i64, f: impl FnOnce(MfaState<'_>) -> T) -> T {
        f(state::view(&self.load(), now))
    }

    fn save(&self, s: &State) {
        match (state::keep_until(s), C::to_text(&state::StoredRef::from(s))) {
            (Some(until), Some(text)) => self.store.set(STATE_KEY, &text, until),
            _ => self.store.remove(STATE_KEY),
        }
    }

    fn secret(&self, key: &str) -> Option<Secret> {
        self.store
            .get(key)
            .filter(|s| !s.is_empty())
            .map(Secret::new)
    }

    fn session_token(&self) -> Option<Secret> {
        self.secret(&self.config.keys.session)
    }

    fn ist(&self) -> Option<Secret> {
        self.secret(&self.config.keys.ist)
    }

    /// The call of `request` at `now`: URL, credentials, telemetry.
    fn call(&self, request: Request, now: i64) -> Call {
        let mut credentials = self.config.public_token.clone();
        credentials.push(':');
        credentials.push_str(
            request
                .bearer
                .as_ref()
                .map_or(self.config.public_token.as_str(), Secret::expose),
        );
        let s = self.load();
        let telemetry = match state::session(&s, now) {
            None => SessionIds::default(),
            Some(x) if x.user_id.is_some() => SessionIds {
                stytch_user_id: x.user_id.clone(),
                stytch_session_id: Some(x.session_id.clone()),
                ..SessionIds::default()
            },
            Some(x) => SessionIds {
                stytch_member_id: x.member_id.clone(),
                stytch_member_session_id: Some(x.session_id.clone()),
                ..SessionIds::default()
            },
        };
        Call {
            method: Method::Post,
            url: request.url(&self.config.base_url),
            credentials: Secret::new(credentials),
            body: request.body,
            timeout_ms: self.config.timeout_ms,
            telemetry,
        }
    }

    /// The call of `request` with the stored session token as its bearer;
    /// `ist` is the IST its body carries.
    fn prepared(
        &self,
        mut request: Request,
        ist: Option<Secret>,
        kind: StepKind,
        now: i64,
    ) -> Prepared {
        let session = self.session_token();
        request.bearer.clone_from(&session);
        Prepared {
            call: self.call(request, now),
            step: Step { kind, session, ist },
        }
    }

    /// `GET /projects/bootstrap/{public_token}`, read once per client for
    /// its bot-protection settings.
    pub fn prepare_bootstrap(&self, now: i64) -> Prepared {
        let prefix = Request {
            path: "",
            body: None,
            bearer: None,
        };
        let mut call = self.call(prefix, now);
        call.method = Method::Get;
        call.url
            .push_str(&api::bootstrap_path(&self.config.public_token));
        Prepared {
            call,
            step: Step::new(StepKind::Bootstrap),
        }
    }

    /// `sessions/authenticate` (B2B: `b2b/sessions/authenticate`), when a
    /// session token and a session are stored: refreshes the session and its
    /// JWT, as Stytch's SDK does every 3 minutes.
    pub fn prepare_refresh(&self, now: i64) -> Option<Prepared> {
        let token = self.session_token()?;
        let b2b = self.load().session?.member_id.is_some();
        Some(self.prepared(
            api::session_authenticate::<C>(b2b, token),
            None,
            StepKind::Refresh { b2b },
            now,
        ))
    }

    /// `sendSms`: a B2B MFA send when `organizationId` or `memberId` is
    /// given, else a consumer login, or a step-up while a session is live.
    ///
    /// # Errors
    /// The input's error (phone, ids, minutes, locale), or `resend_too_soon`
    /// while the last code's resend timer runs.
    pub fn prepare_send(&self, input: &SendSmsInput, now: i64) -> Result<Prepared, Error> {
        self.prepare_send_with(input, &BotTokens::default(), now)
    }

    /// [`Engine::prepare_send`] with bot-protection values.
    ///
    /// # Errors
    /// As [`Engine::prepare_send`].
    pub fn prepare_send_with(
        &self,
        input: &SendSmsInput,
        bot: &BotTokens,
        now: i64,
    ) -> Result<Prepared, Error> {
        let s = self.load();
        let locale = locale(&input.locale)?;
        if input.organization_id.is_present() || input.member_id.is_present() {
            let org = id(&input.organization_id, "Invalid organizationId.")?;
            let member = id(&input.member_id, "Invalid memberId.")?;
            // Not a string fails as an empty number: `invalid_phone_number`.
            let phone = match input.mfa_phone_number.text() {
                Ok(None) => None,
                Ok(Some(p)) => Some(phone::parse(p)?),
                Err(_) => Some(phone::parse("")?),
            };
            state::check_resend(&s, now)?;
            let ist = self.ist();
            let request =
                api::b2b_sms_send::<C>(org, member, phone.as_ref(), locale, ist.as_ref(), bot);
            let context = SendContext {
                flow: Flow::Mfa,
                organization_id: Some(String::from(org)),
                member_id: Some(String::from(member)),
                phone_masked: phone.as_ref().map(phone::Phone::masked),
                expiration_minutes: api::DEFAULT_EXPIRATION_MINUTES,
            };
            Ok(self.prepared(request, ist, StepKind::Send(context), now))
        } else {
            // Missing, `null` or not a string fails as an empty number: `invalid_phone_number`.
            let phone = phone::parse(input.phone_number.text_or_empty())?;
            // A mistyped value is checked as 0: out of range, the same error.
            let minutes = api::validate_expiration_minutes(
                input.expiration_minutes.whole().unwrap_or(Some(0)),
            )?;
            state::check_resend(&s, now)?;
            let flow = state::consumer_flow(&s, now);
            let request = if flow == Flow::StepUp {
                api::sms_send_secondary::<C>(&phone, minutes, locale, bot)
            } else {
                api::sms_login_or_create::<C>(&phone, minutes, locale, bot)
            };
            let context = SendContext {
                flow,
                organization_id: None,
                member_id: None,
                phone_masked: Some(phone.masked()),
                expiration_minutes: minutes,
            };
            Ok(self.prepared(request, None, StepKind::Send(context), now))
        }
    }

    /// `authenticate`: the pending code's flow decides the endpoint.
    ///
    /// # Errors
    /// `invalid_code`, `invalid_input` (duration), `no_pending_challenge`.
    pub fn prepare_authenticate(
        &self,
        input: &AuthenticateInput,
        now: i64,
    ) -> Result<Prepared, Error> {
        let code = Code::parse(input.code.text_or_empty())?;
        let minutes = self.duration(&input.session_duration_minutes)?;
        let s = self.load();
        let (request, ist, b2b) = match state::authenticate_target(&s, now)? {
            Target::Consumer { method_id } => (
                api::otp_authenticate::<C>(&code, method_id, minutes),
                None,
                false,
            ),
            Target::Member {
                organization_id,
                member_id,
                enroll,
            } => {
                let ist = self.ist();
                let request = api::b2b_sms_authenticate::<C>(
                    organization_id,
                    member_id,
                    &code,
                    minutes,
                    ist.as_ref(),
                    enroll,
                );
                (request, ist, true)
            }
        };
        Ok(self.prepared(request, ist, StepKind::Authenticate { b2b }, now))
    }

    /// `emailLoginOrSignup` (`authenticate: false`) and `emailAuthenticate`.
    ///
    /// # Errors
    /// `invalid_input` (organization, address, locale, duration), `invalid_code`.
    pub fn prepare_email(
        &self,
        input: &EmailInput,
        authenticate: bool,
        now: i64,
    ) -> Result<Prepared, Error> {
        self.prepare_email_with(input, authenticate, &BotTokens::default(), now)
    }

    /// [`Engine::prepare_email`] with bot-protection values (sent with
    /// `emailLoginOrSignup` only). A member session, when there is one, is
    /// the Basic password, so that the code adds a factor to it.
    ///
    /// # Errors
    /// As [`Engine::prepare_email`].
    pub fn prepare_email_with(
        &self,
        input: &EmailInput,
        authenticate: bool,
        bot: &BotTokens,
        now: i64,
    ) -> Result<Prepared, Error> {
        let org = id(&input.organization_id, "Invalid organizationId.")?;
        let email = input.email_address.text_or_empty();
        api::validate_email(email)?;
        if authenticate {
            let code = Code::parse(input.code.text_or_empty())?;
            let minutes = self.duration(&input.session_duration_minutes)?;
            let ist = self.ist();
            let request =
                api::b2b_email_authenticate::<C>(org, email, &code, minutes, ist.as_ref());
            Ok(self.prepared(request, ist, StepKind::EmailAuthenticate, now))
        } else {
            let request =
                api::b2b_email_login_or_signup::<C>(org, email, locale(&input.locale)?, bot);
            Ok(self.prepared(request, None, StepKind::EmailLogin, now))
        }
    }

    fn duration(&self, v: &Loose) -> Result<u32, Error> {
        // A mistyped value is checked as 0: out of range, the same error.
        api::validate_session_duration(
            v.whole()
                .map_or(0, |m| m.unwrap_or(self.config.session_duration_minutes)),
        )
    }

    /// Reads the answer to a prepared call and writes what it changes.
    ///
    /// # Errors
    /// The transport's error, the API error, or `invalid_response`; in each
    /// case nothing stored has changed.
    ///
    /// A refusal that says the session or the IST the call carried is gone
    /// (an unrecoverable session error, `intermediate_session_not_found`)
    /// also forgets that token, and what depended on it, if it is still
    /// the stored one; [`Engine::take_forgotten`] tells.
    pub fn finish(
        &self,
        step: Step,
        outcome: Outcome<C::Document>,
        now: i64,
    ) -> Result<Done, Error> {
        let r = outcome?;
        let Step { kind, session, ist } = step;
        let done = match kind {
            StepKind::Send(context) => self.code_sent(context, &r, now).map(Done::Sent),
            StepKind::Authenticate { b2b: false } => {
                api::read_authenticated::<C>(&r).map(|a| Done::Session(self.store_session(a, now)))
            }
            StepKind::Authenticate { b2b: true } => {
                api::read_primary::<C>(&r).map(|p| self.apply_primary(p, now))
            }
            StepKind::EmailLogin => api::read_ack::<C>(&r)
                .map(|request_id| Done::Acknowledged(Acknowledged { request_id })),
            StepKind::EmailAuthenticate => {
                api::read_primary::<C>(&r).map(|p| match self.apply_primary(p, now) {
                    Done::Session(_) => Done::State(Box::new(self.load())),
                    state => state,
                })
            }
            StepKind::Refresh { b2b } => {
                let a = if b2b {
                    api::read_b2b_authenticated::<C>(&r)
                } else {
                    api::read_authenticated::<C>(&r)
                };
                a.map(|a| Done::Session(self.refresh_session(a, session.as_ref(), now)))
            }
            StepKind::Bootstrap => api::read_bootstrap::<C>(&r).map(Done::Bootstrap),
        };
        if let Err(e) = &done {
            self.forget_refused(e, session.as_ref(), ist.as_ref(), now);
        }
        done
    }

    /// Forgets the session (with a step-up code) or the IST (with the MFA
    /// step) that `e` says the server no longer knows, if the call carried
    /// it and it is still the stored one.
    fn forget_refused(&self, e: &Error, session: Option<&Secret>, ist: Option<&Secret>, now: i64) {
        let keys = &self.config.keys;
        let (event, removed) = if e.is_unrecoverable_session_error()
            && session.is_some()
            && self.session_token().as_ref() == session
        {
            (Event::SessionLost, [&keys.session, &keys.jwt].to_vec())
        } else if e.is_ist_rejected() && ist.is_some() && self.ist().as_ref() == ist {
            (Event::IstRejected, [&keys.ist].to_vec())
        } else {
            return;
        };
        for key in removed {
            self.store.remove(key);
        }
        self.save(&state::next(self.load(), event, now));
        self.forgot.set(true);
    }

    fn code_sent(
        &self,
        c: SendContext,
        r: &Response<C::Document>,
        now: i64,
    ) -> Result<SmsSent, Error> {
        let (request_id, method_id) = if c.flow == Flow::Mfa {
            (api::read_ack::<C>(r)?, None)
        } else {
            let sent = api::read_sms_sent::<C>(r)?;
            (sent.request_id, Some(sent.method_id))
        };
        let event = Event::CodeSent {
            flow: c.flow,
            method_id,
            organization_id: c.organization_id,
            member_id: c.member_id,
            phone_masked: c.phone_masked,
            expiration_minutes: c.expiration_minutes,
        };
        let s = state::next(self.load(), event, now);
        self.save(&s);
        let p = s.pending.as_ref();
        Ok(SmsSent {
            flow: c.flow,
            phone_masked: p.map_or_else(String::new, |p| p.phone_masked.clone()),
            code_expires_at: p.map_or(now, |p| p.code_expires_at),
            resend_allowed_at: p.map_or(now, |p| p.resend_allowed_at),
            request_id,
        })
    }

    fn store_tokens(&self, a: &Authenticated) {
        let keys = &self.config.keys;
        let expires_at = a.session.expires_at;
        for (key, token) in [
            (&keys.session, &a.session_token),
            (&keys.jwt, &a.session_jwt),
        ] {
            if token.is_empty() {
                self.store.remove(key);
            } else {
                self.store.set(key, token.expose(), expires_at);
            }
        }
    }

    fn store_session(&self, a: Authenticated, now: i64) -> SessionInfo {
        self.store_tokens(&a);
        self.store.remove(&self.config.keys.ist);
        let s = state::next(self.load(), Event::Authenticated(a.session.clone()), now);
        self.save(&s);
        a.session
    }

    /// Stores a refreshed session and its new JWT, unless the session token
    /// changed while the call was out (a sign-out, a new sign-in).
    fn refresh_session(&self, a: Authenticated, sent: Option<&Secret>, now: i64) -> SessionInfo {
        if self.session_token().as_ref() == sent {
            self.store_tokens(&a);
            let s = state::next(self.load(), Event::SessionRefreshed(a.session.clone()), now);
            self.save(&s);
        }
        a.session
    }

    fn apply_primary(&self, p: PrimaryAuth, now: i64) -> Done {
        match p {
            PrimaryAuth::Authenticated(a) => Done::Session(self.store_session(a, now)),
            PrimaryAuth::MfaPending(m) => {
                let keys = &self.config.keys;
                self.store.set(
                    &keys.ist,
                    m.intermediate_session_token.expose(),
                    now.saturating_add(state::IST_LIFETIME_MS),
                );
                self.store.remove(&keys.session);
                self.store.remove(&keys.jwt);
                let mut s = self.load();
                s.session = None;
                let s = state::next(s, Event::PrimaryAuthMfaPending(m.challenge), now);
                self.save(&s);
                Done::State(Box::new(s))
            }
        }
    }

    /// `setPrimaryAuth`: enters the MFA step (or the session) from a primary
    /// login done elsewhere; returns the state it leads to.
    ///
    /// # Errors
    /// `invalid_input` when `input` is neither of the accepted shapes.
    pub fn set_primary_auth(&self, input: &C::Document, now: i64) -> Result<State, Error> {
        self.apply_primary(api::read_primary_input::<C>(input)?, now);
        Ok(self.load())
    }

    /// `cancel`: abandons the pending code and the MFA step (its IST too);
    /// a session stays. Returns the state it leads to.
    pub fn cancel(&self, now: i64) -> State {
        self.store.remove(&self.config.keys.ist);
        let s = state::next(self.load(), Event::Cancelled, now);
        self.save(&s);
        s
    }

    /// `getTokens`: the session token and JWT while a session is live (either
    /// may be empty when the project gives the browser only one).
    pub fn tokens(&self, now: i64) -> Option<(Secret, Secret)> {
        state::session(&self.load(), now)?;
        let token = self.session_token();
        let jwt = self.secret(&self.config.keys.jwt);
        if token.is_none() && jwt.is_none() {
            return None;
        }
        Some((token.unwrap_or_default(), jwt.unwrap_or_default()))
    }

    /// `signOut`: removes every token and the state; returns the revoke call
    /// to send (best effort) when there was a session token.
    pub fn sign_out(&self, now: i64) -> Option<Call> {
        let s = self.load();
        let revoke = self.session_token().map(|t| {
            let b2b = s.session.as_ref().is_some_and(|x| x.member_id.is_some());
            self.call(api::session_revoke(b2b, t), now)
        });
        for key in self.config.keys.all() {
            self.store.remove(key);
        }
        revoke
    }
}

fn id<'a>(v: &'a Loose, message: &'static str) -> Result<&'a str, Error> {
    let s = v.text_or_empty();
    api::validate_id(s, message)?;
    Ok(s)
}

fn locale(v: &Loose) -> Result<Option<&str>, Error> {
    let l = v
        .text()
        .map_err(|_| Error::invalid_input("locale must be a string."))?;
    if let Some(l) = l {
        api::validate_locale(l)?;
    }
    Ok(l)
}
