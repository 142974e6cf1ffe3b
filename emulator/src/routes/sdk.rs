//! `/sdk/v1`: the frontend-SDK API. Public token in the Basic user half, session token (if
//! any) in the password half, `{"data": ...}` on success.
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::wrapped;
use crate::app::App;
use crate::bot;
use crate::errors::{ApiError, ApiResult};
use crate::extract::{sdk_auth, ApiRequest, Fields};
use crate::flows::{b2b, common::ok, consumer, Api};
use crate::messages::origin_host;

/// Whether a call is one of the send endpoints that require a captcha token when captcha is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// Not captcha-checked.
    Open,
    /// Captcha-checked (SMS and email sends).
    Captcha,
}

/// Records the body's DFP telemetry id and, for a [`Guard::Captcha`] call, checks (and
/// spends) its captcha token. `false`: refuse the call.
fn screen(app: &App, body: &Fields, guard: Guard) -> bool {
    let mut bot = app.bot();
    bot.record_dfp(body);
    guard == Guard::Open || bot.admit(body)
}

/// Checks the public token, then the body, then bot protection (before any side effect),
/// then runs `f` with the session token and the calling page's host (from
/// `X-SDK-Parent-Host`, else `Origin`), used in the WebOTP line.
fn run(
    app: &App,
    req: ApiRequest,
    guard: Guard,
    f: impl FnOnce(&App, &Fields, Option<String>, Option<&str>) -> ApiResult<Value>,
) -> Response {
    let page = ["x-sdk-parent-host", "origin"].iter().find_map(|h| {
        req.headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .and_then(origin_host)
    });
    let checked = sdk_auth(&req.headers, app.cfg()).and_then(|s| req.body.map(|b| (s, b)));
    let (session, body) = match checked {
        Ok(x) => x,
        Err(e) => return wrapped(Err(e)),
    };
    if !screen(app, &body, guard) {
        return bot::captcha_required();
    }
    wrapped(f(app, &body, session, page.as_deref()))
}

macro_rules! sdk {
    (@captcha $name:ident, $call:expr) => {
        async fn $name(State(app): State<App>, req: ApiRequest) -> Response {
            run(&app, req, Guard::Captcha, $call)
        }
    };
    ($name:ident, $call:expr) => {
        async fn $name(State(app): State<App>, req: ApiRequest) -> Response {
            run(&app, req, Guard::Open, $call)
        }
    };
}

sdk!(@captcha login_or_create, |a, b, _s, p| consumer::login_or_create(
    a,
    Api::Sdk,
    b,
    p
));
sdk!(@captcha send_primary, |a, b, _s, p| consumer::send(
    a,
    Api::Sdk,
    b,
    None,
    false,
    p
));
sdk!(@captcha send_secondary, |a, b, s, p| consumer::send(
    a,
    Api::Sdk,
    b,
    s,
    true,
    p
));
sdk!(authenticate, |a, b, s, _p| consumer::authenticate(
    a,
    Api::Sdk,
    b,
    s
));
sdk!(session_authenticate, |a, b, s, _p| {
    consumer::session_authenticate(a, Api::Sdk, b, s)
});
sdk!(session_revoke, |a, b, s, _p| consumer::session_revoke(
    a,
    Api::Sdk,
    b,
    s
));
sdk!(@captcha b2b_sms_send, |a, b, s, p| b2b::sms_send(
    a,
    Api::Sdk,
    b,
    s,
    p
));
sdk!(b2b_sms_authenticate, |a, b, s, _p| b2b::sms_authenticate(
    a,
    Api::Sdk,
    b,
    s
));
sdk!(@captcha b2b_email_login, |a, b, _s, p| b2b::email_login_or_signup(
    a, b, p
));
sdk!(b2b_email_authenticate, |a, b, s, p| {
    b2b::email_authenticate(a, Api::Sdk, b, s, p)
});
sdk!(b2b_session_authenticate, |a, b, s, _p| {
    b2b::session_authenticate(a, Api::Sdk, b, s)
});
sdk!(b2b_session_revoke, |a, b, s, _p| b2b::session_revoke(
    a,
    Api::Sdk,
    b,
    s
));

/// `GET /sdk/v1/projects/bootstrap/{public_token}`: captcha and DFP as currently set,
/// `password_config: null`.
async fn bootstrap(State(app): State<App>, Path(token): Path<String>) -> Response {
    let p = &app.cfg().project;
    if token != p.public_token {
        return wrapped(Err(ApiError::unauthorized()));
    }
    let (captcha, dfp) = {
        let bot = app.bot();
        (bot.captcha_settings(), bot.dfp_enabled())
    };
    wrapped(Ok(ok(json!({
        "project_name": p.project_name,
        "disable_sdk_watermark": true,
        "captcha_settings": captcha,
        "cname_domain": null,
        "email_domains": [],
        "pkce_required_for_email_magic_links": false,
        "pkce_required_for_password_resets": false,
        "pkce_required_for_oauth": false,
        "pkce_required_for_sso": false,
        "slug_pattern": "",
        "create_organization_enabled": false,
        "password_config": null,
        "dfp_protected_auth_enabled": dfp,
        "dfp_protected_auth_mode": "OBSERVATION",
        "rbac_policy": {"roles": [], "resources": [], "scopes": []},
        "siwe_required_for_crypto_wallets": false,
        "vertical": null,
    }))))
}

/// `POST /sdk/v1/events`: telemetry; accepted and ignored.
async fn events() -> Response {
    wrapped(Ok(ok(json!({}))))
}

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/sdk/v1/otps/sms/login_or_create", post(login_or_create))
        .route("/sdk/v1/otps/sms/send/primary", post(send_primary))
        .route("/sdk/v1/otps/sms/send/secondary", post(send_secondary))
        .route("/sdk/v1/otps/authenticate", post(authenticate))
        .route("/sdk/v1/sessions/authenticate", post(session_authenticate))
        .route("/sdk/v1/sessions/revoke", post(session_revoke))
        .route("/sdk/v1/b2b/otps/sms/send", post(b2b_sms_send))
        .route(
            "/sdk/v1/b2b/otps/sms/authenticate",
            post(b2b_sms_authenticate),
        )
        .route(
            "/sdk/v1/b2b/otps/email/login_or_signup",
            post(b2b_email_login),
        )
        .route(
            "/sdk/v1/b2b/otps/email/authenticate",
            post(b2b_email_authenticate),
        )
        .route(
            "/sdk/v1/b2b/sessions/authenticate",
            post(b2b_session_authenticate),
        )
        .route("/sdk/v1/b2b/sessions/revoke", post(b2b_session_revoke))
        .route("/sdk/v1/projects/bootstrap/{public_token}", get(bootstrap))
        .route("/sdk/v1/events", post(events))
}
