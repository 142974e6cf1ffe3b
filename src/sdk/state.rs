//! The MFA state machine, pure: `(state, event, now) -> state`, and the
//! [`MfaState`] a UI reads, with every expiry evaluated at read time.
//!
//! The state holds no secrets: tokens (session token, JWT, IST) are stored
//! under their own keys. [`Stored`] is the persisted form; a corrupted or
//! hand-edited document fails [`Stored::into_state`].
use serde::{Deserialize, Serialize};

use super::error::Error;

/// A resend is refused locally for this long after a send.
pub const RESEND_DELAY_MS: i64 = 30_000;
/// Lifetime of an intermediate session token (Stytch's 10 minutes).
pub const IST_LIFETIME_MS: i64 = 10 * 60_000;
/// How long an expired code is still reported (`codeExpired: true`) before
/// the state moves on, so that a page opened the next day does not greet
/// the user with it.
pub const EXPIRED_CODE_SHOWN_MS: i64 = 10 * 60_000;
/// Version written in the stored JSON; other versions read as `None`.
pub const STATE_VERSION: i64 = 1;

/// Longest stored document read back, in bytes.
pub const MAX_STORED: usize = 64 * 1024;
const MAX_TEXT: usize = 1024;
const MAX_LIST: usize = 32;

/// Which flow a passcode belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Consumer login or sign-up (`login_or_create`).
    Login,
    /// Consumer step-up on an existing session (`send/secondary`).
    StepUp,
    /// B2B multi-factor authentication.
    Mfa,
}

impl Flow {
    /// `"login"`, `"step_up"` or `"mfa"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Login => "login",
            Flow::StepUp => "step_up",
            Flow::Mfa => "mfa",
        }
    }
}

/// One authentication factor of a session.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    /// Stytch's `type` (`otp`, `email_otp`...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Stytch's `delivery_method` (`sms`, `email`...).
    pub delivery_method: String,
    /// `phone_number_factor.phone_number`, masked: the state is not secret,
    /// but it is personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_masked: Option<String>,
    /// `email_factor.email_address`, for e-mail factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// ms since epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_authenticated_at: Option<i64>,
}

/// A session, consumer or B2B, without its tokens: the JS `Session`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// `session_id` or `member_session_id`.
    pub session_id: String,
    /// ms since epoch.
    pub expires_at: i64,
    /// `authentication_factors`.
    pub factors: Vec<Factor>,
    /// Consumer sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// B2B sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    /// B2B sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

/// A B2B MFA step: who must pass it, how, and until when.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaChallenge {
    /// The organization.
    pub organization_id: String,
    /// The member.
    pub member_id: String,
    /// The member's phone on file, masked; `None` when there is none.
    pub phone_masked: Option<String>,
    /// The member has no verified phone and must enroll one.
    pub enrollment_required: bool,
    /// The organization's allowed MFA methods (`sms_otp`, `totp`...).
    pub allowed_methods: Vec<String>,
    /// Stytch already sent a code at primary login (`secondary_auth_initiated: "sms_otp"`).
    pub sms_already_sent: bool,
    /// When the IST expires, ms since epoch: set by [`next`] as the step begins.
    pub ist_expires_at: i64,
    /// Set when the organization still requires a primary factor, one of
    /// these methods (Stytch's `primary_required.allowed_auth_methods`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_required: Option<Vec<String>>,
}

/// A passcode that was sent and not yet used.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// Which flow it belongs to.
    pub flow: Flow,
    /// Consumer flows: the phone's `method_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method_id: Option<String>,
    /// MFA flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// MFA flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    /// Where it was sent, masked.
    pub phone_masked: String,
    /// ms since epoch.
    pub code_expires_at: i64,
    /// ms since epoch: send time + [`RESEND_DELAY_MS`].
    pub resend_allowed_at: i64,
}

/// Everything the client remembers, minus secrets.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct State {
    /// The passcode in flight.
    pub pending: Option<Pending>,
    /// The B2B MFA step in progress.
    pub mfa: Option<MfaChallenge>,
    /// The current session.
    pub session: Option<SessionInfo>,
}

/// What happened.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Event {
    /// A passcode was sent.
    CodeSent {
        /// The flow.
        flow: Flow,
        /// Consumer flows: the `method_id` from the send.
        method_id: Option<String>,
        /// MFA flow (falls back to the pending MFA step's).
        organization_id: Option<String>,
        /// MFA flow (falls back to the pending MFA step's).
        member_id: Option<String>,
        /// Masked destination; falls back to the MFA step's phone on file.
        phone_masked: Option<String>,
        /// Code lifetime in minutes.
        expiration_minutes: u32,
    },
    /// A B2B primary authentication requires MFA (the IST is stored apart).
    PrimaryAuthMfaPending(MfaChallenge),
    /// A session was issued: clears the pending code and the MFA step.
    Authenticated(SessionInfo),
    /// `sessions/authenticate` refreshed the session: nothing else changes.
    SessionRefreshed(SessionInfo),
    /// The server no longer knows the session: it goes, with a step-up code.
    SessionLost,
    /// The server refused the IST: the MFA step goes, with its code.
    IstRejected,
    /// `cancel()`: the pending code and the MFA step go, the session stays.
    Cancelled,
    /// Everything is forgotten.
    SignedOut,
}

/// The next state after `event` at `now_ms`.
pub fn next(mut state: State, event: Event, now_ms: i64) -> State {
    match event {
        Event::CodeSent {
            flow,
            method_id,
            organization_id,
            member_id,
            phone_masked,
            expiration_minutes,
        } => {
            // Only the MFA flow falls back to the pending MFA step.
            let mfa = state.mfa.as_ref().filter(|_| flow == Flow::Mfa);
            let organization_id =
                organization_id.or_else(|| mfa.map(|m| m.organization_id.clone()));
            let member_id = member_id.or_else(|| mfa.map(|m| m.member_id.clone()));
            let phone_masked = phone_masked
                .or_else(|| mfa.and_then(|m| m.phone_masked.clone()))
                .unwrap_or_default();
            state.pending = Some(Pending {
                flow,
                method_id,
                organization_id,
                member_id,
                phone_masked,
                code_expires_at: now_ms
                    .saturating_add(i64::from(expiration_minutes).saturating_mul(60_000)),
                resend_allowed_at: now_ms.saturating_add(RESEND_DELAY_MS),
            });
            state
        }
        Event::PrimaryAuthMfaPending(mut challenge) => {
            state.pending = None;
            challenge.ist_expires_at = now_ms.saturating_add(IST_LIFETIME_MS);
            state.mfa = Some(challenge);
            state
        }
        Event::Authenticated(session) => State {
            pending: None,
            mfa: None,
            session: Some(session),
        },
        Event::SessionRefreshed(session) => {
            state.session = Some(session);
            state
        }
        Event::SessionLost => {
            state.session = None;
            state.pending = state.pending.filter(|p| p.flow != Flow::StepUp);
            state
        }
        Event::IstRejected => {
            state.mfa = None;
            state.pending = state.pending.filter(|p| p.flow != Flow::Mfa);
            state
        }
        Event::Cancelled => State {
            session: state.session,
            ..State::default()
        },
        Event::SignedOut => State::default(),
    }
}

/// What a UI sees: the JS `MfaState` union, tagged by `status`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MfaState<'a> {
    /// `{status: 'none'}`
    None,
    /// `{status: 'primary_required', ...}`
    PrimaryRequired(PrimaryRequired<'a>),
    /// `{status: 'mfa_required', ...}`
    MfaRequired(&'a MfaChallenge),
    /// `{status: 'code_sent', ...}`
    CodeSent(CodeSent<'a>),
    /// `{status: 'authenticated', ...session}`
    Authenticated(&'a SessionInfo),
}

/// An organization that restricts primary authentication: the member must
/// sign in again with one of `allowed_auth_methods`; the IST is kept.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryRequired<'a> {
    /// The organization.
    pub organization_id: &'a str,
    /// The member.
    pub member_id: &'a str,
    /// `password`, `magic_link`, `sso`...
    pub allowed_auth_methods: &'a [String],
    /// ms since epoch.
    pub ist_expires_at: i64,
}

/// The public fields of a [`Pending`] code (not its `method_id`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeSent<'a> {
    /// Which flow.
    pub flow: Flow,
    /// Always `"sms"`.
    pub channel: &'static str,
    /// Where it went, masked.
    pub phone_masked: &'a str,
    /// ms since epoch.
    pub code_expires_at: i64,
    /// ms since epoch.
    pub resend_allowed_at: i64,
    /// MFA flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<&'a str>,
    /// MFA flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<&'a str>,
    /// The code's lifetime is over: resend, or `cancel()`.
    pub code_expired: bool,
    /// Step-up: the session the code adds a factor to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<&'a SessionInfo>,
}

impl MfaState<'_> {
    /// The `status` string.
    pub fn status(&self) -> &'static str {
        match self {
            MfaState::None => "none",
            MfaState::PrimaryRequired(_) => "primary_required",
            MfaState::MfaRequired(_) => "mfa_required",
            MfaState::CodeSent(_) => "code_sent",
            MfaState::Authenticated(_) => "authenticated",
        }
    }
}

/// A time `t` is in the future at `now` (so `now == t` is expired).
fn alive(t: i64, now: i64) -> bool {
    now < t
}

/// The live session, if any.
pub fn session(state: &State, now_ms: i64) -> Option<&SessionInfo> {
    state
        .session
        .as_ref()
        .filter(|s| alive(s.expires_at, now_ms))
}

/// The live MFA step (IST not expired), if any.
pub fn mfa(state: &State, now_ms: i64) -> Option<&MfaChallenge> {
    state
        .mfa
        .as_ref()
        .filter(|m| alive(m.ist_expires_at, now_ms))
}

/// The pending code while it is reported: until [`EXPIRED_CODE_SHOWN_MS`]
/// after its expiry, and for MFA while the IST lives, for step-up while the
/// session does.
fn reported_pending(state: &State, now_ms: i64) -> Option<&Pending> {
    state.pending.as_ref().filter(|p| {
        alive(
            p.code_expires_at.saturating_add(EXPIRED_CODE_SHOWN_MS),
            now_ms,
        ) && match p.flow {
            Flow::Login => true,
            Flow::StepUp => session(state, now_ms).is_some(),
            Flow::Mfa => mfa(state, now_ms).is_some(),
        }
    })
}

/// The live pending code, if any: reported and not expired.
pub fn pending(state: &State, now_ms: i64) -> Option<&Pending> {
    reported_pending(state, now_ms).filter(|p| alive(p.code_expires_at, now_ms))
}

/// The view at `now_ms`: a reported code (expired or not), else a live MFA
/// step (primary still required, or MFA), else a live session, else none.
pub fn view(state: &State, now_ms: i64) -> MfaState<'_> {
    if let Some(p) = reported_pending(state, now_ms) {
        MfaState::CodeSent(CodeSent {
            flow: p.flow,
            channel: "sms",
            phone_masked: &p.phone_masked,
            code_expires_at: p.code_expires_at,
            resend_allowed_at: p.resend_allowed_at,
            organization_id: p.organization_id.as_deref(),
            member_id: p.member_id.as_deref(),
            code_expired: !alive(p.code_expires_at, now_ms),
            session: session(state, now_ms).filter(|_| p.flow == Flow::StepUp),
        })
    } else if let Some(m) = mfa(state, now_ms) {
        match &m.primary_required {
            Some(methods) => MfaState::PrimaryRequired(PrimaryRequired {
                organization_id: &m.organization_id,
                member_id: &m.member_id,
                allowed_auth_methods: methods,
                ist_expires_at: m.ist_expires_at,
            }),
            None => MfaState::MfaRequired(m),
        }
    } else if let Some(s) = session(state, now_ms) {
        MfaState::Authenticated(s)
    } else {
        MfaState::None
    }
}

/// The consumer flow a send starts now: step-up with a live session, else login.
pub fn consumer_flow(state: &State, now_ms: i64) -> Flow {
    if session(state, now_ms).is_some() {
        Flow::StepUp
    } else {
        Flow::Login
    }
}

/// Refuses a send while the live pending code's resend timer runs, whatever
/// the number: after a typo, `cancel()` first.
///
/// # Errors
/// `resend_too_soon` with `retry_after` = whole seconds left (at least 1).
pub fn check_resend(state: &State, now_ms: i64) -> Result<(), Error> {
    match pending(state, now_ms) {
        Some(p) if now_ms < p.resend_allowed_at => {
            // At least 1 ms, so at least 1 s once rounded up; `u64` cannot overflow.
            // A clock moved back does not make the wait longer than the delay.
            let wait = p
                .resend_allowed_at
                .abs_diff(now_ms)
                .min(RESEND_DELAY_MS as u64);
            Err(Error::resend_too_soon(
                u32::try_from(wait.div_ceil(1000)).unwrap_or(u32::MAX),
            ))
        }
        _ => Ok(()),
    }
}

/// What `authenticate` must call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Target<'a> {
    /// Consumer `otps/authenticate` with this `method_id`.
    Consumer {
        /// The phone's `method_id`.
        method_id: &'a str,
    },
    /// B2B `otps/sms/authenticate` (with the stored IST).
    Member {
        /// The organization.
        organization_id: &'a str,
        /// The member.
        member_id: &'a str,
        /// Send `set_mfa_enrollment: "enroll"`.
        enroll: bool,
    },
}

/// The challenge `authenticate` completes at `now_ms`: the live pending code,
/// else a live MFA step whose code Stytch sent at primary login.
///
/// # Errors
/// `no_pending_challenge` when there is none (or it expired).
pub fn authenticate_target(state: &State, now_ms: i64) -> Result<Target<'_>, Error> {
    let enroll = mfa(state, now_ms).is_some_and(|m| m.enrollment_required);
    // An expired code is still sent: the server's clock decides, and says so.
    if let Some(p) = reported_pending(state, now_ms) {
        match (p.flow, &p.method_id, &p.organization_id, &p.member_id) {
            (Flow::Login | Flow::StepUp, Some(method_id), _, _) => {
                return Ok(Target::Consumer { method_id })
            }
            (Flow::Mfa, _, Some(o), Some(m)) => {
                return Ok(Target::Member {
                    organization_id: o,
                    member_id: m,
                    enroll,
                });
            }
            _ => {}
        }
    }
    match mfa(state, now_ms) {
        Some(m) if m.sms_already_sent => Ok(Target::Member {
            organization_id: &m.organization_id,
            member_id: &m.member_id,
            enroll,
        }),
        _ => Err(Error::no_pending_challenge()),
    }
}

// ---------------------------------------------------------------- stored form

/// The persisted state: `{"v":1,"pending"?,"mfa"?,"session"?}`, camelCase,
/// no secrets.
#[derive(Serialize, Deserialize)]
pub struct Stored {
    /// [`STATE_VERSION`].
    pub v: i64,
    /// The code in flight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
    /// The MFA step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaChallenge>,
    /// The session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionInfo>,
}

/// [`Stored`] for writing, borrowed from a [`State`].
#[derive(Serialize)]
pub struct StoredRef<'a> {
    v: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending: Option<&'a Pending>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mfa: Option<&'a MfaChallenge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a SessionInfo>,
}

impl<'a> From<&'a State> for StoredRef<'a> {
    fn from(s: &'a State) -> StoredRef<'a> {
        StoredRef {
            v: STATE_VERSION,
            pending: s.pending.as_ref(),
            mfa: s.mfa.as_ref(),
            session: s.session.as_ref(),
        }
    }
}

impl Stored {
    /// The state, if this document is one the SDK wrote: this version, ids of
    /// printable ASCII, bounded strings and lists.
    pub fn into_state(self) -> Option<State> {
        let pending_ok = self.pending.as_ref().is_none_or(|p| {
            opt_id(&p.method_id)
                && opt_id(&p.organization_id)
                && opt_id(&p.member_id)
                && p.phone_masked.len() <= MAX_TEXT
        });
        let mfa_ok = self.mfa.as_ref().is_none_or(|m| {
            let c = m;
            is_id(&c.organization_id)
                && is_id(&c.member_id)
                && c.phone_masked.as_ref().is_none_or(|p| p.len() <= MAX_TEXT)
                && c.allowed_methods.len() <= MAX_LIST
                && c.allowed_methods.iter().all(|x| x.len() <= MAX_TEXT)
                && c.primary_required.as_ref().is_none_or(|list| {
                    list.len() <= MAX_LIST && list.iter().all(|x| x.len() <= MAX_TEXT)
                })
        });
        let session_ok = self.session.as_ref().is_none_or(|s| {
            is_id(&s.session_id)
                && opt_id(&s.user_id)
                && opt_id(&s.member_id)
                && opt_id(&s.organization_id)
                && s.factors.len() <= MAX_LIST
                && s.factors.iter().all(|f| {
                    f.kind.len() <= MAX_TEXT
                        && f.delivery_method.len() <= MAX_TEXT
                        && f.phone_masked.as_ref().is_none_or(|x| x.len() <= MAX_TEXT)
                        && f.email_address.as_ref().is_none_or(|x| x.len() <= MAX_TEXT)
                })
        });
        (self.v == STATE_VERSION && pending_ok && mfa_ok && session_ok).then_some(State {
            pending: self.pending,
            mfa: self.mfa,
            session: self.session,
        })
    }
}

/// An organization, member, session or method id: 1..=256 bytes of printable ASCII.
pub fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.bytes().all(|b| b.is_ascii_graphic())
}

fn opt_id(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(is_id)
}

/// The latest expiry of anything in `state` (ms since epoch), or `None` when
/// it holds nothing: how long its stored form is worth keeping.
pub fn keep_until(state: &State) -> Option<i64> {
    let times = [
        state
            .pending
            .as_ref()
            .map(|p| p.code_expires_at.saturating_add(EXPIRED_CODE_SHOWN_MS)),
        state.mfa.as_ref().map(|m| m.ist_expires_at),
        state.session.as_ref().map(|s| s.expires_at),
    ];
    times.into_iter().flatten().max()
}

/// The next instant after `now_ms` at which [`view`] changes by itself (a
/// code, the IST or the session expires), for the client's expiry timer.
pub fn next_change(state: &State, now_ms: i64) -> Option<i64> {
    let code = state.pending.as_ref().map(|p| p.code_expires_at);
    let times = [
        code,
        code.map(|t| t.saturating_add(EXPIRED_CODE_SHOWN_MS)),
        state.mfa.as_ref().map(|m| m.ist_expires_at),
        state.session.as_ref().map(|s| s.expires_at),
    ];
    times.into_iter().flatten().filter(|&t| t > now_ms).min()
}
