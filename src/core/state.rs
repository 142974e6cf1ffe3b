//! The MFA state machine, pure: `(state, event, now) -> state`, and the view a
//! UI reads, with every expiry evaluated at read time.
//!
//! The state holds no secrets: tokens (session token, JWT, IST) are stored
//! by the platform under their own keys. [`to_json`] / [`from_json`] persist
//! the rest; a corrupted or hand-edited document reads as `None`.
use alloc::string::String;
use alloc::vec::Vec;

use super::error::Error;
use super::json::{self, Fields, Obj};

/// A resend is refused locally for this long after a send.
pub const RESEND_DELAY_MS: i64 = 30_000;
/// Lifetime of an intermediate session token (Stytch's 10 minutes).
pub const IST_LIFETIME_MS: i64 = 10 * 60_000;
/// Version written in the stored JSON; other versions read as `None`.
pub const STATE_VERSION: i64 = 1;

const MAX_STORED: usize = 64 * 1024;
const MAX_TEXT: usize = 1024;
const MAX_LIST: usize = 32;

/// Which flow a passcode belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
    /// The inverse of [`Flow::as_str`].
    pub fn parse(s: &str) -> Option<Flow> {
        match s {
            "login" => Some(Flow::Login),
            "step_up" => Some(Flow::StepUp),
            "mfa" => Some(Flow::Mfa),
            _ => None,
        }
    }
}

/// One authentication factor of a session.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Factor {
    /// Stytch's `type` (`otp`, `email_otp`...).
    pub kind: String,
    /// Stytch's `delivery_method` (`sms`, `email`...).
    pub delivery_method: String,
    /// `phone_number_factor.phone_number`, for phone factors.
    pub phone_number: Option<String>,
    /// `email_factor.email_address`, for e-mail factors.
    pub email_address: Option<String>,
    /// ms since epoch.
    pub last_authenticated_at: Option<i64>,
}

/// A session, consumer or B2B, without its tokens.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SessionInfo {
    /// `session_id` or `member_session_id`.
    pub session_id: String,
    /// ms since epoch.
    pub expires_at: i64,
    /// `authentication_factors`.
    pub factors: Vec<Factor>,
    /// Consumer sessions.
    pub user_id: Option<String>,
    /// B2B sessions.
    pub member_id: Option<String>,
    /// B2B sessions.
    pub organization_id: Option<String>,
}

/// What a B2B primary authentication says about the MFA step.
#[derive(Clone, PartialEq, Eq, Debug)]
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
}

/// A pending MFA step: the challenge and when its IST expires.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Mfa {
    /// Who and how.
    pub challenge: MfaChallenge,
    /// ms since epoch.
    pub ist_expires_at: i64,
}

/// A passcode that was sent and not yet used.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Pending {
    /// Which flow it belongs to.
    pub flow: Flow,
    /// Consumer flows: the phone's `method_id`.
    pub method_id: Option<String>,
    /// MFA flow.
    pub organization_id: Option<String>,
    /// MFA flow.
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
    pub mfa: Option<Mfa>,
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
    /// Everything is forgotten.
    SignedOut,
}

/// The next state after `event` at `now_ms`.
pub fn next(mut state: State, event: Event, now_ms: i64) -> State {
    match event {
        Event::CodeSent { flow, method_id, organization_id, member_id, phone_masked, expiration_minutes } => {
            // Only the MFA flow falls back to the pending MFA step.
            let mfa = state.mfa.as_ref().map(|m| &m.challenge).filter(|_| flow == Flow::Mfa);
            let organization_id = organization_id.or_else(|| mfa.map(|m| m.organization_id.clone()));
            let member_id = member_id.or_else(|| mfa.map(|m| m.member_id.clone()));
            let phone_masked = phone_masked.or_else(|| mfa.and_then(|m| m.phone_masked.clone())).unwrap_or_default();
            state.pending = Some(Pending {
                flow,
                method_id,
                organization_id,
                member_id,
                phone_masked,
                code_expires_at: now_ms.saturating_add(i64::from(expiration_minutes).saturating_mul(60_000)),
                resend_allowed_at: now_ms.saturating_add(RESEND_DELAY_MS),
            });
            state
        }
        Event::PrimaryAuthMfaPending(challenge) => {
            state.pending = None;
            state.mfa = Some(Mfa { challenge, ist_expires_at: now_ms.saturating_add(IST_LIFETIME_MS) });
            state
        }
        Event::Authenticated(session) => State { pending: None, mfa: None, session: Some(session) },
        Event::SignedOut => State::default(),
    }
}

/// What a UI sees: the JS `MfaState` union.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View<'a> {
    /// `{status: 'none'}`
    None,
    /// `{status: 'mfa_required', ...}`
    MfaRequired(&'a Mfa),
    /// `{status: 'code_sent', ...}`
    CodeSent(&'a Pending),
    /// `{status: 'authenticated', ...session}`
    Authenticated(&'a SessionInfo),
}

impl View<'_> {
    /// The `status` string.
    pub fn status(&self) -> &'static str {
        match self {
            View::None => "none",
            View::MfaRequired(_) => "mfa_required",
            View::CodeSent(_) => "code_sent",
            View::Authenticated(_) => "authenticated",
        }
    }
}

/// A time `t` is in the future at `now` (so `now == t` is expired).
fn alive(t: i64, now: i64) -> bool {
    now < t
}

/// The live session, if any.
pub fn session(state: &State, now_ms: i64) -> Option<&SessionInfo> {
    state.session.as_ref().filter(|s| alive(s.expires_at, now_ms))
}

/// The live MFA step (IST not expired), if any.
pub fn mfa(state: &State, now_ms: i64) -> Option<&Mfa> {
    state.mfa.as_ref().filter(|m| alive(m.ist_expires_at, now_ms))
}

/// The live pending code, if any: not expired, and for MFA the IST alive, for
/// step-up the session alive.
pub fn pending(state: &State, now_ms: i64) -> Option<&Pending> {
    state.pending.as_ref().filter(|p| {
        alive(p.code_expires_at, now_ms)
            && match p.flow {
                Flow::Login => true,
                Flow::StepUp => session(state, now_ms).is_some(),
                Flow::Mfa => mfa(state, now_ms).is_some(),
            }
    })
}

/// The view at `now_ms`: a live code, else a live MFA step, else a live
/// session, else none.
pub fn view(state: &State, now_ms: i64) -> View<'_> {
    if let Some(p) = pending(state, now_ms) {
        View::CodeSent(p)
    } else if let Some(m) = mfa(state, now_ms) {
        View::MfaRequired(m)
    } else if let Some(s) = session(state, now_ms) {
        View::Authenticated(s)
    } else {
        View::None
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

/// Refuses a send while the live pending code's resend timer runs.
///
/// # Errors
/// `resend_too_soon` with `retry_after` = whole seconds left (at least 1).
pub fn check_resend(state: &State, now_ms: i64) -> Result<(), Error> {
    match pending(state, now_ms) {
        Some(p) if now_ms < p.resend_allowed_at => {
            // At least 1 ms, so at least 1 s once rounded up; `u64` cannot overflow.
            let wait = p.resend_allowed_at.abs_diff(now_ms);
            Err(Error::resend_too_soon(u32::try_from(wait.div_ceil(1000)).unwrap_or(u32::MAX)))
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
    let enroll = mfa(state, now_ms).is_some_and(|m| m.challenge.enrollment_required);
    if let Some(p) = pending(state, now_ms) {
        match (p.flow, &p.method_id, &p.organization_id, &p.member_id) {
            (Flow::Login | Flow::StepUp, Some(method_id), _, _) => return Ok(Target::Consumer { method_id }),
            (Flow::Mfa, _, Some(o), Some(m)) => {
                return Ok(Target::Member { organization_id: o, member_id: m, enroll });
            }
            _ => {}
        }
    }
    match mfa(state, now_ms) {
        Some(m) if m.challenge.sms_already_sent => Ok(Target::Member {
            organization_id: &m.challenge.organization_id,
            member_id: &m.challenge.member_id,
            enroll,
        }),
        _ => Err(Error::no_pending_challenge()),
    }
}

// ---------------------------------------------------------------- JSON

// One writer serves both the JS view and storage: the stored document holds
// the view's objects (camelCase) under `pending`, `mfa` and `session`.

fn session_fields(o: Obj, s: &SessionInfo) -> Obj {
    let mut factors = String::from("[");
    for f in &s.factors {
        if factors.len() > 1 {
            factors.push(',');
        }
        factors.push_str(
            &Obj::new()
                .str("type", &f.kind)
                .str("deliveryMethod", &f.delivery_method)
                .opt_str("phoneNumber", f.phone_number.as_deref())
                .opt_str("emailAddress", f.email_address.as_deref())
                .opt_int("lastAuthenticatedAt", f.last_authenticated_at)
                .finish(),
        );
    }
    factors.push(']');
    o.str("sessionId", &s.session_id)
        .int("expiresAt", s.expires_at)
        .raw("factors", &factors)
        .opt_str("userId", s.user_id.as_deref())
        .opt_str("memberId", s.member_id.as_deref())
        .opt_str("organizationId", s.organization_id.as_deref())
}

fn mfa_fields(o: Obj, m: &Mfa) -> Obj {
    let c = &m.challenge;
    o.str("organizationId", &c.organization_id)
        .str("memberId", &c.member_id)
        .str_or_null("phoneMasked", c.phone_masked.as_deref())
        .bool("enrollmentRequired", c.enrollment_required)
        .str_array("allowedMethods", &c.allowed_methods)
        .bool("smsAlreadySent", c.sms_already_sent)
        .int("istExpiresAt", m.ist_expires_at)
}

fn pending_fields(o: Obj, p: &Pending) -> Obj {
    o.str("flow", p.flow.as_str())
        .str("channel", "sms")
        .str("phoneMasked", &p.phone_masked)
        .int("codeExpiresAt", p.code_expires_at)
        .int("resendAllowedAt", p.resend_allowed_at)
        .opt_str("organizationId", p.organization_id.as_deref())
        .opt_str("memberId", p.member_id.as_deref())
        .opt_str("methodId", p.method_id.as_deref())
}

/// The JS `Session` object as JSON (camelCase).
pub fn session_to_js_json(s: &SessionInfo) -> String {
    session_fields(Obj::new(), s).finish()
}

/// The JS `MfaState` object as JSON (camelCase), for `JSON.parse` on the JS
/// side. A consumer `code_sent` also carries `methodId`.
pub fn view_to_js_json(v: &View<'_>) -> String {
    let o = Obj::new().str("status", v.status());
    match v {
        View::None => o,
        View::MfaRequired(m) => mfa_fields(o, m),
        View::CodeSent(p) => pending_fields(o, p),
        View::Authenticated(s) => session_fields(o, s),
    }
    .finish()
}

/// Serialises the state for storage: `{"v":1,"pending"?,"mfa"?,"session"?}`
/// holding the same objects as the view (no secrets).
pub fn to_json(state: &State) -> String {
    let mut o = Obj::new().int("v", STATE_VERSION);
    if let Some(p) = &state.pending {
        o = o.raw("pending", &pending_fields(Obj::new(), p).finish());
    }
    if let Some(m) = &state.mfa {
        o = o.raw("mfa", &mfa_fields(Obj::new(), m).finish());
    }
    if let Some(s) = &state.session {
        o = o.raw("session", &session_fields(Obj::new(), s).finish());
    }
    o.finish()
}

/// Reads what [`to_json`] wrote. `None` for anything else: malformed JSON,
/// another version, a missing or mistyped field, out-of-range values.
pub fn from_json(input: &str) -> Option<State> {
    if input.len() > MAX_STORED {
        return None;
    }
    let v = json::parse(input)?;
    let mut r = Fields::default();
    let version = r.int(&v, "v");
    r.check(version == STATE_VERSION);
    let pending = v.non_null("pending").map(|p| {
        let flow = p.str_at("flow").and_then(Flow::parse);
        r.check(flow.is_some());
        Pending {
            flow: flow.unwrap_or(Flow::Login),
            method_id: r.opt_id(p, "methodId"),
            organization_id: r.opt_id(p, "organizationId"),
            member_id: r.opt_id(p, "memberId"),
            phone_masked: r.string(p, "phoneMasked", MAX_TEXT),
            code_expires_at: r.int(p, "codeExpiresAt"),
            resend_allowed_at: r.int(p, "resendAllowedAt"),
        }
    });
    let mfa = v.non_null("mfa").map(|m| {
        let allowed_methods = r.strings(m, "allowedMethods", MAX_LIST);
        r.check(m.get("allowedMethods").is_some());
        Mfa {
            challenge: MfaChallenge {
                organization_id: r.id(m, "organizationId"),
                member_id: r.id(m, "memberId"),
                phone_masked: r.opt_string(m, "phoneMasked", MAX_TEXT),
                enrollment_required: r.bool(m, "enrollmentRequired"),
                allowed_methods,
                sms_already_sent: r.bool(m, "smsAlreadySent"),
            },
            ist_expires_at: r.int(m, "istExpiresAt"),
        }
    });
    let session = v.non_null("session").map(|s| {
        let mut factors = Vec::new();
        for f in r.array(s, "factors", MAX_LIST) {
            factors.push(Factor {
                kind: r.string(f, "type", 64),
                delivery_method: r.string(f, "deliveryMethod", 64),
                phone_number: r.opt_string(f, "phoneNumber", MAX_TEXT),
                email_address: r.opt_string(f, "emailAddress", MAX_TEXT),
                last_authenticated_at: r.opt_int(f, "lastAuthenticatedAt"),
            });
        }
        SessionInfo {
            session_id: r.id(s, "sessionId"),
            expires_at: r.int(s, "expiresAt"),
            factors,
            user_id: r.opt_id(s, "userId"),
            member_id: r.opt_id(s, "memberId"),
            organization_id: r.opt_id(s, "organizationId"),
        }
    });
    r.ok.then_some(State { pending, mfa, session })
}
