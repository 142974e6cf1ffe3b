//! `/emulator/v1`: the emulator's own admin API (not Stytch's): outboxes, reset, clock,
//! project view, faults, stats, session revocation, bot protection, organization policies.
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::flat;
use crate::app::App;
use crate::clock::rfc3339;
use crate::errors::ApiError;
use crate::extract::AdminBody;
use crate::faults;
use crate::flows::common::parse_phone;
use crate::flows::orgs;

/// Reads one query parameter, percent-decoded, with `+` kept as `+` (so that
/// `?phone_number=+1202...` works unencoded).
pub fn query_param(uri: &Uri, key: &str) -> Option<String> {
    let q = uri.query()?;
    q.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

/// Percent-decodes `s` (invalid escapes kept as they are; invalid UTF-8 replaced).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn message_json(m: &crate::outbox::Message, key: &str, status: &str) -> Value {
    json!({key: m.to, "code": m.code, "body": m.body, "sent_at": m.sent_at, "expires_at": rfc3339(m.expires_ms), "status": status, "seq": m.seq})
}

async fn sms(State(app): State<App>, uri: Uri) -> Response {
    let now = app.now();
    let store = app.store();
    let msgs: Vec<Value> = match query_param(&uri, "phone_number") {
        Some(raw) => {
            let raw = raw.trim().to_string();
            let phone = parse_phone(&raw).unwrap_or(raw);
            store.sms.list(&phone)
        }
        None => store.sms.all(),
    }
    .iter()
    .map(|m| message_json(m, "phone_number", store.otps.status(&m.key, &m.code, now)))
    .collect();
    flat(Ok(json!({ "messages": msgs })))
}

async fn email(State(app): State<App>, uri: Uri) -> Response {
    let now = app.now();
    let store = app.store();
    let msgs: Vec<Value> = match query_param(&uri, "email_address") {
        Some(e) => store.email.list(&e.trim().to_lowercase()),
        None => store.email.all(),
    }
    .iter()
    .map(|m| message_json(m, "email_address", store.otps.status(&m.key, &m.code, now)))
    .collect();
    flat(Ok(json!({ "messages": msgs })))
}

/// Live sessions (consumer and member) and intermediate sessions, soonest expiry first.
/// Tokens are not shown.
async fn sessions(State(app): State<App>) -> Response {
    let now = app.now();
    let store = app.store();
    let factor_names = |f: &[crate::state::model::Factor]| -> Vec<Value> {
        f.iter()
            .map(|x| x.to_json()["delivery_method"].clone())
            .collect()
    };
    let mut sessions: Vec<(i64, Value)> = store
        .sessions
        .values()
        .map(|s| (s, "consumer"))
        .chain(store.member_sessions.values().map(|s| (s, "member")))
        .filter(|(s, _)| s.expires_ms > now)
        .map(|(s, kind)| {
            (
                s.expires_ms,
                json!({
                    "session_id": s.session_id, "kind": kind, "subject": s.subject,
                    "organization_id": s.organization_id, "started_at": rfc3339(s.started_ms),
                    "expires_at": rfc3339(s.expires_ms), "expires_ms": s.expires_ms, "factors": factor_names(&s.factors),
                }),
            )
        })
        .collect();
    sessions.sort_by_key(|(e, _)| *e);
    let mut ists: Vec<(i64, Value)> = store
        .ists
        .values()
        .filter(|i| i.expires_ms > now)
        .map(|i| {
            (
                i.expires_ms,
                json!({"organization_id": i.organization_id, "member_id": i.member_id, "expires_at": rfc3339(i.expires_ms), "expires_ms": i.expires_ms, "factors": factor_names(&i.factors)}),
            )
        })
        .collect();
    ists.sort_by_key(|(e, _)| *e);
    flat(Ok(json!({
        "now_ms": now,
        "sessions": sessions.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        "intermediate_sessions": ists.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    })))
}

async fn reset(State(app): State<App>, _body: AdminBody) -> Response {
    app.reset();
    flat(Ok(json!({"reset": true})))
}

fn clock_json(app: &App) -> Value {
    let now = app.now();
    json!({"now": rfc3339(now), "now_ms": now, "offset_seconds": app.clock().offset_seconds()})
}

async fn clock(State(app): State<App>) -> Response {
    flat(Ok(clock_json(&app)))
}

async fn clock_advance(State(app): State<App>, AdminBody(b): AdminBody) -> Response {
    let r = (|| {
        let s = b
            .opt_int("seconds", "bad_request")?
            .ok_or_else(|| ApiError::missing("seconds"))?;
        if !(-315_360_000..=315_360_000).contains(&s) {
            return Err(ApiError::bad_request("seconds must be within ten years."));
        }
        app.clock().advance(s);
        app.store().evict(app.now());
        Ok(clock_json(&app))
    })();
    flat(r)
}

async fn clock_reset(State(app): State<App>, _body: AdminBody) -> Response {
    app.clock().reset();
    app.store().evict(app.now());
    flat(Ok(clock_json(&app)))
}

async fn project(State(app): State<App>) -> Response {
    let v = app.store().project_json(app.cfg());
    flat(Ok(v))
}

async fn faults_arm(State(app): State<App>, AdminBody(b): AdminBody) -> Response {
    let r = faults::parse(&b).map(|f| {
        let mut table = app.faults();
        table.arm(f);
        table.to_json()
    });
    flat(r)
}

async fn faults_list(State(app): State<App>) -> Response {
    let v = app.faults().to_json();
    flat(Ok(v))
}

async fn faults_clear(State(app): State<App>, _body: AdminBody) -> Response {
    app.faults().clear();
    flat(Ok(json!({"faults": []})))
}

async fn stats(State(app): State<App>) -> Response {
    let v = app.store().stats();
    flat(Ok(v))
}

async fn evict(State(app): State<App>, _body: AdminBody) -> Response {
    let now = app.now();
    let mut store = app.store();
    store.evict(now);
    flat(Ok(store.stats()))
}

/// `GET /emulator/v1/bot_protection`: the captcha and DFP settings and what was seen.
async fn bot_protection(State(app): State<App>) -> Response {
    let v = app.bot().to_json();
    flat(Ok(v))
}

/// `POST /emulator/v1/bot_protection` `{captcha_enabled?, site_key?, dfp_enabled?}`.
async fn bot_protection_set(State(app): State<App>, AdminBody(b): AdminBody) -> Response {
    let mut bot = app.bot();
    flat(bot.update(&b).map(|()| bot.to_json()))
}

/// What `POST /emulator/v1/sessions/revoke` revokes: `{"all": true}` (every consumer and
/// member session), `{"session_id": "..."}` (a `session_id` or `member_session_id`),
/// `{"intermediate": true}` (every IST); several may be combined.
fn revoke_sessions(app: &App, b: &crate::extract::Fields) -> crate::errors::ApiResult<Value> {
    let all = b.opt_bool("all")?.unwrap_or(false);
    let id = b.opt_nonempty("session_id")?;
    let ists = b.opt_bool("intermediate")?.unwrap_or(false);
    if !all && id.is_none() && !ists {
        return Err(ApiError::bad_request(
            "Pass {\"all\": true}, {\"session_id\": \"...\"} or {\"intermediate\": true}.",
        ));
    }
    let mut store = app.store();
    let mut sessions = if all { store.revoke_all_sessions() } else { 0 };
    if let Some(id) = id {
        sessions += store.revoke_session_id(&id);
    }
    let intermediate = if ists { store.revoke_all_ists() } else { 0 };
    Ok(json!({
        "revoked": sessions + intermediate,
        "sessions": sessions,
        "intermediate_sessions": intermediate,
    }))
}

async fn sessions_revoke(State(app): State<App>, AdminBody(b): AdminBody) -> Response {
    flat(revoke_sessions(&app, &b))
}

/// `POST /emulator/v1/organizations/{organization_id}`: changes its authentication policies.
async fn organization_update(
    State(app): State<App>,
    Path(org_id): Path<String>,
    AdminBody(b): AdminBody,
) -> Response {
    flat(orgs::update_policies(&app, &org_id, &b))
}

/// The routes.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/emulator/v1/sms", get(sms))
        .route("/emulator/v1/email", get(email))
        .route("/emulator/v1/reset", post(reset))
        .route("/emulator/v1/clock", get(clock))
        .route("/emulator/v1/clock/advance", post(clock_advance))
        .route("/emulator/v1/clock/reset", post(clock_reset))
        .route("/emulator/v1/project", get(project))
        .route(
            "/emulator/v1/faults",
            post(faults_arm).get(faults_list).delete(faults_clear),
        )
        .route("/emulator/v1/stats", get(stats))
        .route("/emulator/v1/sessions", get(sessions))
        .route("/emulator/v1/sessions/revoke", post(sessions_revoke))
        .route(
            "/emulator/v1/bot_protection",
            get(bot_protection).post(bot_protection_set),
        )
        .route(
            "/emulator/v1/organizations/{organization_id}",
            post(organization_update),
        )
        .route("/emulator/v1/evict", post(evict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_is_kept_and_percent_decoded() {
        let u: Uri = "/x?phone_number=+12025550100".parse().unwrap();
        assert_eq!(
            query_param(&u, "phone_number").as_deref(),
            Some("+12025550100")
        );
        let u: Uri = "/x?a=1&phone_number=%2B12025550100".parse().unwrap();
        assert_eq!(
            query_param(&u, "phone_number").as_deref(),
            Some("+12025550100")
        );
        let u: Uri = "/x?phone_number=%".parse().unwrap();
        assert_eq!(query_param(&u, "phone_number").as_deref(), Some("%"));
        let u: Uri = "/x?phone_number=%4".parse().unwrap();
        assert_eq!(query_param(&u, "phone_number").as_deref(), Some("%4"));
    }
}
