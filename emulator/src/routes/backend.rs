//! `/v1`: the backend API, authenticated with `project_id:secret`.
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::Value;

use super::flat;
use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::extract::{backend_auth, ApiRequest, Fields};
use crate::flows::{b2b, common::ok, consumer, orgs, Api};

/// Checks the secret, then the body, then runs `f`.
fn run(app: &App, req: ApiRequest, f: impl FnOnce(&App, &Fields) -> ApiResult<Value>) -> Response {
    flat(backend_auth(&req.headers, app.cfg()).and_then(|_| {
        let body = req.body?;
        f(app, &body)
    }))
}

macro_rules! backend {
    ($name:ident, $call:expr) => {
        async fn $name(State(app): State<App>, req: ApiRequest) -> Response {
            run(&app, req, $call)
        }
    };
}

backend!(create_user, consumer::create_user);
backend!(sms_send, |a, b| consumer::send(
    a,
    Api::Backend,
    b,
    None,
    false,
    None
));
backend!(sms_login_or_create, |a, b| consumer::login_or_create(
    a,
    Api::Backend,
    b,
    None
));
backend!(otp_authenticate, |a, b| consumer::authenticate(
    a,
    Api::Backend,
    b,
    None
));
backend!(session_authenticate, |a, b| consumer::session_authenticate(
    a,
    Api::Backend,
    b,
    None
));
backend!(session_revoke, |a, b| consumer::session_revoke(
    a,
    Api::Backend,
    b,
    None
));
backend!(create_org, orgs::create_org);
backend!(b2b_sms_send, |a, b| b2b::sms_send(
    a,
    Api::Backend,
    b,
    None,
    None
));
backend!(b2b_sms_authenticate, |a, b| b2b::sms_authenticate(
    a,
    Api::Backend,
    b,
    None
));
backend!(b2b_email_login, |a, b| b2b::email_login_or_signup(
    a, b, None
));
backend!(b2b_email_authenticate, |a, b| b2b::email_authenticate(
    a,
    Api::Backend,
    b,
    None,
    None
));
backend!(b2b_session_authenticate, |a, b| b2b::session_authenticate(
    a,
    Api::Backend,
    b,
    None
));
backend!(b2b_session_revoke, |a, b| b2b::session_revoke(
    a,
    Api::Backend,
    b,
    None
));

async fn update_user(
    State(app): State<App>,
    Path(user_id): Path<String>,
    req: ApiRequest,
) -> Response {
    run(&app, req, |a, b| consumer::update_user(a, &user_id, b))
}

async fn create_member(
    State(app): State<App>,
    Path(org_id): Path<String>,
    req: ApiRequest,
) -> Response {
    run(&app, req, |a, b| orgs::create_member(a, &org_id, b))
}

/// JWKS: the public key of the run's RS256 session JWTs.
async fn jwks(State(app): State<App>, Path(project_id): Path<String>) -> Response {
    if project_id != app.cfg().project.project_id {
        return flat(Err(ApiError::new(
            404,
            "project_not_found",
            "Project could not be found.",
        )));
    }
    flat(Ok(ok(app.jwt().jwks())))
}

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/v1/users", post(create_user))
        .route("/v1/users/{user_id}", put(update_user))
        .route("/v1/otps/sms/send", post(sms_send))
        .route("/v1/otps/sms/login_or_create", post(sms_login_or_create))
        .route("/v1/otps/authenticate", post(otp_authenticate))
        .route("/v1/sessions/authenticate", post(session_authenticate))
        .route("/v1/sessions/revoke", post(session_revoke))
        .route("/v1/sessions/jwks/{project_id}", get(jwks))
        .route("/v1/b2b/organizations", post(create_org))
        .route(
            "/v1/b2b/organizations/{organization_id}/members",
            post(create_member),
        )
        .route("/v1/b2b/otps/sms/send", post(b2b_sms_send))
        .route("/v1/b2b/otps/sms/authenticate", post(b2b_sms_authenticate))
        .route("/v1/b2b/otps/email/login_or_signup", post(b2b_email_login))
        .route(
            "/v1/b2b/otps/email/authenticate",
            post(b2b_email_authenticate),
        )
        .route(
            "/v1/b2b/sessions/authenticate",
            post(b2b_session_authenticate),
        )
        .route("/v1/b2b/sessions/revoke", post(b2b_session_revoke))
        .route("/v1/b2b/sessions/jwks/{project_id}", get(jwks))
}
