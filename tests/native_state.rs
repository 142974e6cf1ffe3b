#![cfg(not(target_arch = "wasm32"))]
//! The MFA state machine over time, expiries exactly at the boundary, and the
//! stored form.
use sms_mfa_sdk::sdk::codec::{Codec, SerdeJson};
use sms_mfa_sdk::sdk::state::{
    authenticate_target, check_resend, consumer_flow, keep_until, next, next_change, view, Event,
    Factor, Flow, MfaChallenge, MfaState as View, SessionInfo, State, Stored, StoredRef, Target,
    EXPIRED_CODE_SHOWN_MS, IST_LIFETIME_MS, MAX_STORED, RESEND_DELAY_MS,
};

/// The stored form of `state`, as the engine writes it.
fn to_json(state: &State) -> String {
    SerdeJson::to_text(&StoredRef::from(state)).expect("serialisable")
}

/// The state a stored document holds, as the engine reads it; `None` when
/// the document is refused.
fn from_json(input: &str) -> Option<State> {
    if input.len() > MAX_STORED {
        return None;
    }
    SerdeJson::from_text::<Stored>(input).and_then(Stored::into_state)
}

/// The JS `MfaState` as JSON.
fn view_to_js_json(v: &View<'_>) -> String {
    serde_json::to_string(v).unwrap()
}

const T0: i64 = 1_795_355_580_000; // 2026-11-22T13:53:00Z
const MIN: i64 = 60_000;

fn session(expires_at: i64) -> SessionInfo {
    SessionInfo {
        session_id: "session-test-1".into(),
        expires_at,
        factors: vec![Factor {
            kind: "otp".into(),
            delivery_method: "sms".into(),
            phone_masked: Some("+1•••••••0100".into()),
            email_address: None,
            last_authenticated_at: Some(T0),
        }],
        user_id: Some("user-test-1".into()),
        member_id: None,
        organization_id: None,
    }
}

fn challenge(phone: Option<&str>, sent: bool) -> MfaChallenge {
    MfaChallenge {
        organization_id: "organization-test-emulator-acme".into(),
        member_id: "member-test-emulator-alice".into(),
        phone_masked: phone.map(Into::into),
        enrollment_required: phone.is_none(),
        allowed_methods: vec!["sms_otp".into()],
        sms_already_sent: sent,
        // Set by `next` as the step begins.
        ist_expires_at: 0,
        primary_required: None,
    }
}

fn sent(flow: Flow, method_id: Option<&str>, minutes: u32) -> Event {
    Event::CodeSent {
        flow,
        method_id: method_id.map(Into::into),
        organization_id: None,
        member_id: None,
        phone_masked: if flow == Flow::Mfa {
            None
        } else {
            Some("+1•••••••0100".into())
        },
        expiration_minutes: minutes,
    }
}

#[test]
fn consumer_login_over_time() {
    let s = State::default();
    assert_eq!(view(&s, T0), View::None);
    assert_eq!(consumer_flow(&s, T0), Flow::Login);
    assert_eq!(
        authenticate_target(&s, T0).unwrap_err().error_type,
        "no_pending_challenge"
    );

    let s = next(s, sent(Flow::Login, Some("phone-number-test-1"), 2), T0);
    let p = s.pending.clone().unwrap();
    assert_eq!(
        (p.code_expires_at, p.resend_allowed_at),
        (T0 + 2 * MIN, T0 + RESEND_DELAY_MS)
    );
    assert!(matches!(view(&s, T0), View::CodeSent(p) if p.flow == Flow::Login));
    assert_eq!(
        authenticate_target(&s, T0).unwrap(),
        Target::Consumer {
            method_id: "phone-number-test-1"
        }
    );

    // resend: refused until exactly resend_allowed_at
    let e = check_resend(&s, T0).unwrap_err();
    assert_eq!(
        (e.error_type.as_ref(), e.retry_after, e.retryable),
        ("resend_too_soon", Some(30), true)
    );
    assert_eq!(
        check_resend(&s, T0 + 29_001).unwrap_err().retry_after,
        Some(1)
    );
    assert_eq!(
        check_resend(&s, T0 + RESEND_DELAY_MS - 1)
            .unwrap_err()
            .retry_after,
        Some(1)
    );
    assert!(check_resend(&s, T0 + RESEND_DELAY_MS).is_ok());

    // expiry: live 1 ms before, expired exactly at code_expires_at, and
    // reported as expired for EXPIRED_CODE_SHOWN_MS more
    assert!(matches!(view(&s, T0 + 2 * MIN - 1), View::CodeSent(p) if !p.code_expired));
    assert!(matches!(view(&s, T0 + 2 * MIN), View::CodeSent(p) if p.code_expired));
    assert!(check_resend(&s, T0 + 2 * MIN).is_ok());
    let gone = T0 + 2 * MIN + EXPIRED_CODE_SHOWN_MS;
    assert_eq!(next_change(&s, T0), Some(T0 + 2 * MIN));
    assert_eq!(next_change(&s, T0 + 2 * MIN), Some(gone));
    assert_eq!(next_change(&s, gone), None);
    assert_eq!(view(&s, gone), View::None);
    assert!(authenticate_target(&s, gone).is_err());

    // authenticated: pending cleared; session until its expiry
    let s = next(s, Event::Authenticated(session(T0 + 60 * MIN)), T0 + MIN);
    assert!(s.pending.is_none());
    assert!(
        matches!(view(&s, T0 + MIN), View::Authenticated(x) if x.session_id == "session-test-1")
    );
    assert!(matches!(
        view(&s, T0 + 60 * MIN - 1),
        View::Authenticated(_)
    ));
    assert_eq!(view(&s, T0 + 60 * MIN), View::None);
    assert_eq!(consumer_flow(&s, T0 + 2 * MIN), Flow::StepUp);
    assert_eq!(consumer_flow(&s, T0 + 60 * MIN), Flow::Login);

    let s = next(s, Event::SignedOut, T0 + 2 * MIN);
    assert_eq!(s, State::default());
}

#[test]
fn step_up_falls_back_to_session() {
    let s = next(
        State::default(),
        Event::Authenticated(session(T0 + 60 * MIN)),
        T0,
    );
    let s = next(
        s,
        sent(Flow::StepUp, Some("phone-number-test-1"), 5),
        T0 + MIN,
    );
    // the pending step-up shows the session it adds a factor to
    assert!(matches!(view(&s, T0 + MIN),
        View::CodeSent(p) if p.flow == Flow::StepUp && p.session.is_some_and(|x| x.session_id == "session-test-1")));
    // code expired: reported, with the session; then authenticated again,
    // or at once after cancel()
    assert!(
        matches!(view(&s, T0 + 6 * MIN), View::CodeSent(p) if p.code_expired && p.session.is_some())
    );
    assert!(matches!(view(&s, T0 + 16 * MIN), View::Authenticated(_)));
    let cancelled = next(s.clone(), Event::Cancelled, T0 + 2 * MIN);
    assert!(matches!(
        view(&cancelled, T0 + 2 * MIN),
        View::Authenticated(_)
    ));
    // a step-up code outlives nothing: session expired -> none
    let s2 = next(
        State::default(),
        Event::Authenticated(session(T0 + 2 * MIN)),
        T0,
    );
    let s2 = next(s2, sent(Flow::StepUp, Some("m"), 5), T0 + MIN);
    assert!(matches!(view(&s2, T0 + 2 * MIN - 1), View::CodeSent(_)));
    assert_eq!(view(&s2, T0 + 2 * MIN), View::None);
    assert!(authenticate_target(&s2, T0 + 2 * MIN).is_err());
}

#[test]
fn b2b_mfa_over_time() {
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), false)),
        T0,
    );
    let ist_end = T0 + IST_LIFETIME_MS;
    assert_eq!(s.mfa.as_ref().unwrap().ist_expires_at, ist_end);
    match view(&s, T0) {
        View::MfaRequired(m) => {
            assert_eq!(m.phone_masked.as_deref(), Some("+1•••••••0162"));
            assert!(!m.sms_already_sent);
        }
        v => panic!("{v:?}"),
    }
    // nothing sent yet -> no target
    assert!(authenticate_target(&s, T0).is_err());

    let s = next(s, sent(Flow::Mfa, None, 2), T0 + MIN);
    match view(&s, T0 + MIN) {
        View::CodeSent(p) => {
            assert_eq!(p.flow, Flow::Mfa);
            assert_eq!(
                p.phone_masked, "+1•••••••0162",
                "falls back to the phone on file"
            );
            assert_eq!(p.organization_id, Some("organization-test-emulator-acme"));
            assert_eq!(p.member_id, Some("member-test-emulator-alice"));
        }
        v => panic!("{v:?}"),
    }
    assert_eq!(
        authenticate_target(&s, T0 + MIN).unwrap(),
        Target::Member {
            organization_id: "organization-test-emulator-acme",
            member_id: "member-test-emulator-alice",
            enroll: false
        }
    );
    // code expires -> reported as expired while the IST lives
    assert!(matches!(view(&s, T0 + 3 * MIN), View::CodeSent(p) if p.code_expired));
    // IST expires exactly at +10 min -> none (a code sent at +9 min dies with it)
    let s = next(s, sent(Flow::Mfa, None, 2), T0 + 9 * MIN);
    assert!(matches!(view(&s, ist_end - 1), View::CodeSent(_)));
    assert_eq!(view(&s, ist_end), View::None);
    assert!(authenticate_target(&s, ist_end).is_err());

    // authenticated clears MFA and the pending code
    let s = next(
        s,
        Event::Authenticated(session(T0 + 60 * MIN)),
        T0 + 9 * MIN + 30_000,
    );
    assert!(s.mfa.is_none() && s.pending.is_none());
}

#[test]
fn b2b_enrollment_and_auto_sent_code() {
    // Bob: no phone; code to a new number; authenticate enrolls.
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(None, false)),
        T0,
    );
    assert!(matches!(view(&s, T0), View::MfaRequired(m) if m.enrollment_required));
    let s = next(
        s,
        Event::CodeSent {
            flow: Flow::Mfa,
            method_id: None,
            organization_id: None,
            member_id: None,
            phone_masked: Some("+1•••••••1234".into()),
            expiration_minutes: 2,
        },
        T0,
    );
    assert!(matches!(
        authenticate_target(&s, T0).unwrap(),
        Target::Member { enroll: true, .. }
    ));

    // Alice: code sent at primary login -> authenticate works from mfa_required.
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), true)),
        T0,
    );
    assert!(matches!(view(&s, T0), View::MfaRequired(m) if m.sms_already_sent));
    assert!(matches!(
        authenticate_target(&s, T0).unwrap(),
        Target::Member { enroll: false, .. }
    ));
    assert!(authenticate_target(&s, T0 + IST_LIFETIME_MS).is_err());
}

#[test]
fn new_primary_auth_replaces_pending_code() {
    let s = next(State::default(), sent(Flow::Login, Some("m"), 2), T0);
    let s = next(s, Event::PrimaryAuthMfaPending(challenge(None, false)), T0);
    assert!(s.pending.is_none());
    assert!(matches!(view(&s, T0), View::MfaRequired(_)));
}

#[test]
fn saturating_times() {
    let s = next(
        State::default(),
        sent(Flow::Login, Some("m"), u32::MAX),
        i64::MAX - 5,
    );
    assert!(matches!(view(&s, i64::MAX - 5), View::CodeSent(_)));
    let _ = check_resend(&s, i64::MIN);
    let _ = view(&s, i64::MIN);
}

#[test]
fn js_view_json() {
    assert_eq!(view_to_js_json(&View::None), r#"{"status":"none"}"#);
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), true)),
        T0,
    );
    assert_eq!(
        view_to_js_json(&view(&s, T0)),
        r#"{"status":"mfa_required","organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice","phoneMasked":"+1•••••••0162","enrollmentRequired":false,"allowedMethods":["sms_otp"],"smsAlreadySent":true,"istExpiresAt":1795356180000}"#
    );
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(None, false)),
        T0,
    );
    assert!(
        view_to_js_json(&view(&s, T0)).contains(r#""phoneMasked":null,"enrollmentRequired":true"#)
    );
    let s = next(s, sent(Flow::Mfa, None, 2), T0);
    assert_eq!(
        view_to_js_json(&view(&s, T0)),
        r#"{"status":"code_sent","flow":"mfa","channel":"sms","phoneMasked":"","codeExpiresAt":1795355700000,"resendAllowedAt":1795355610000,"organizationId":"organization-test-emulator-acme","memberId":"member-test-emulator-alice","codeExpired":false}"#
    );
    let s = next(s, Event::Authenticated(session(T0 + 60 * MIN)), T0);
    assert_eq!(
        view_to_js_json(&view(&s, T0)),
        r#"{"status":"authenticated","sessionId":"session-test-1","expiresAt":1795359180000,"factors":[{"type":"otp","deliveryMethod":"sms","phoneMasked":"+1•••••••0100","lastAuthenticatedAt":1795355580000}],"userId":"user-test-1"}"#
    );
    assert_eq!(
        serde_json::to_string(s.session.as_ref().unwrap()).unwrap(),
        r#"{"sessionId":"session-test-1","expiresAt":1795359180000,"factors":[{"type":"otp","deliveryMethod":"sms","phoneMasked":"+1•••••••0100","lastAuthenticatedAt":1795355580000}],"userId":"user-test-1"}"#
    );
}

#[test]
fn storage_round_trip() {
    let empty = State::default();
    assert_eq!(to_json(&empty), r#"{"v":1}"#);
    assert_eq!(from_json(&to_json(&empty)), Some(empty));

    let s = next(
        State::default(),
        Event::Authenticated(session(T0 + 60 * MIN)),
        T0,
    );
    let s = next(
        s,
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), true)),
        T0,
    );
    let s = next(s, sent(Flow::Mfa, None, 2), T0);
    let j = to_json(&s);
    assert_eq!(from_json(&j), Some(s.clone()));
    assert!(!j.contains("token"), "{j}");

    let s = next(
        State::default(),
        sent(Flow::Login, Some("phone-number-test-\"x\""), 2),
        T0,
    );
    assert_eq!(from_json(&to_json(&s)), Some(s));
}

#[test]
fn storage_refuses_edits() {
    let s = next(
        State::default(),
        Event::Authenticated(session(T0 + 60 * MIN)),
        T0,
    );
    let s = next(
        s,
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), false)),
        T0,
    );
    let s = next(s, sent(Flow::Mfa, None, 2), T0);
    let j = to_json(&s);
    for (from, to) in [
        (r#""v":1"#, r#""v":2"#),
        (r#""v":1"#, r#""v":"1""#),
        (r#""v":1,"#, ""),
        (r#""flow":"mfa""#, r#""flow":"sms""#),
        (r#""codeExpiresAt":"#, r#""codeExpiresAt":1e3,"x":"#),
        (
            r#""istExpiresAt":1795356180000"#,
            r#""istExpiresAt":"1795356180000""#,
        ),
        (
            r#""istExpiresAt":1795356180000"#,
            r#""istExpiresAt":99999999999999999999"#,
        ),
        (r#""enrollmentRequired":false"#, r#""enrollmentRequired":0"#),
        (r#""allowedMethods":["sms_otp"]"#, r#""allowedMethods":[1]"#),
        (
            r#""allowedMethods":["sms_otp"]"#,
            r#""allowedMethods":"sms_otp""#,
        ),
        (
            r#""memberId":"member-test-emulator-alice""#,
            r#""memberId":"""#,
        ),
        (
            r#""memberId":"member-test-emulator-alice""#,
            r#""memberId":"a b""#,
        ),
        (r#""sessionId":"session-test-1""#, r#""sessionId":null"#),
        (r#""factors":["#, r#""factors":[1,"#),
        ("}", ""),
    ] {
        assert!(j.contains(from), "{from}");
        let edited = j.replacen(from, to, 1);
        assert_eq!(from_json(&edited), None, "{edited}");
    }
    for junk in [
        "",
        "null",
        "[]",
        "{}",
        "{\"v\":1",
        "v=1",
        "\u{0}",
        "{\"v\":1,\"pending\":5}",
    ] {
        assert_eq!(from_json(junk), None, "{junk:?}");
    }
    // Integers beyond 2^53 but within i64 are read natively as they are
    // (serde_json): the old hand-written reader refused them.
    let big = j.replacen(
        r#""istExpiresAt":1795356180000"#,
        r#""istExpiresAt":9007199254740993"#,
        1,
    );
    assert_eq!(
        from_json(&big)
            .and_then(|s| s.mfa)
            .map(|m| m.ist_expires_at),
        Some(9_007_199_254_740_993)
    );
    // Too large to be one the SDK wrote: refused before it is parsed.
    let padded = format!("{j}{}", " ".repeat(MAX_STORED));
    assert_eq!(from_json(&padded), None);
    // null members are absent members
    assert_eq!(
        from_json(r#"{"v":1,"pending":null,"mfa":null,"session":null}"#),
        Some(State::default())
    );
}

#[test]
fn stored_form_is_kept_until_the_last_expiry() {
    assert_eq!(keep_until(&State::default()), None);
    let s = next(
        State::default(),
        Event::Authenticated(session(T0 + 60 * MIN)),
        T0,
    );
    assert_eq!(keep_until(&s), Some(T0 + 60 * MIN));
    let s = next(
        s,
        Event::PrimaryAuthMfaPending(challenge(Some("+1•••••••0162"), false)),
        T0,
    );
    assert_eq!(keep_until(&s), Some(T0 + 60 * MIN));
    let s = next(
        State::default(),
        Event::PrimaryAuthMfaPending(challenge(None, false)),
        T0,
    );
    assert_eq!(keep_until(&s), Some(T0 + IST_LIFETIME_MS));
    let s = next(s, sent(Flow::Mfa, None, 10), T0 + 5 * MIN);
    assert_eq!(keep_until(&s), Some(T0 + 15 * MIN + EXPIRED_CODE_SHOWN_MS));
    // The stored JSON holds no method id of a B2B code and no secrets.
    assert!(!to_json(&s).contains("methodId"));
}

#[test]
fn resend_wait_is_capped_by_the_delay() {
    let s = next(State::default(), sent(Flow::Login, Some("m"), 10), T0);
    // A clock moved back an hour: the code is still pending, and the wait
    // is never longer than the resend delay.
    let e = check_resend(&s, T0 - 60 * MIN).unwrap_err();
    assert_eq!(e.retry_after, Some(30));
    for back in [1, 999, 1000, 1001, 29_999, 30_000, 30_001, 5 * MIN] {
        let e = check_resend(&s, T0 - back).unwrap_err();
        let wait = e.retry_after.unwrap();
        assert!((1..=30).contains(&wait), "{back}: {wait}");
    }
}
