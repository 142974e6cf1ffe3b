//! HTTP through gloo-net: one [`send`] for every call the SDK makes.
use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials};

use super::js;
use crate::sdk::api::Response;
use crate::sdk::session::{Call, Method, Outcome, SessionIds, Transport};
use crate::sdk::time::parse_retry_after;

/// The SDK's name and version in its telemetry.
const SDK: Named = Named {
    identifier: "sms-mfa-sdk",
    version: Some(env!("CARGO_PKG_VERSION")),
};

/// The ids that stay the same for a client's lifetime.
pub struct ClientIds {
    /// Stytch's `app_session_id`.
    pub app_session_id: String,
    /// Stytch's `persistent_id`.
    pub persistent_id: String,
}

impl ClientIds {
    /// New ids for a new client.
    pub fn new() -> ClientIds {
        ClientIds {
            app_session_id: js::uuid(),
            persistent_id: js::uuid(),
        }
    }
}

#[derive(Serialize)]
struct Named {
    identifier: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
}

#[derive(Serialize)]
struct App {
    identifier: String,
}

/// The `X-SDK-Client` header, as Stytch's SDK sends it (base64 of this JSON).
#[derive(Serialize)]
struct Telemetry<'a> {
    event_id: String,
    app_session_id: &'a str,
    persistent_id: &'a str,
    client_sent_at: String,
    timezone: String,
    app: App,
    sdk: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    stytch_user_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stytch_session_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stytch_member_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stytch_member_session_id: Option<&'a str>,
}

fn telemetry_header(call: &Call, ids: &ClientIds) -> Option<String> {
    let session: &SessionIds = &call.telemetry;
    let mut event_id = String::from("event-id-");
    event_id.push_str(&js::uuid());
    let t = Telemetry {
        event_id,
        app_session_id: &ids.app_session_id,
        persistent_id: &ids.persistent_id,
        client_sent_at: js_sys::Date::new_0().to_iso_string().into(),
        timezone: js::time_zone(),
        app: App {
            identifier: js::location("hostname"),
        },
        sdk: SDK,
        stytch_user_id: session.stytch_user_id.as_deref(),
        stytch_session_id: session.stytch_session_id.as_deref(),
        stytch_member_id: session.stytch_member_id.as_deref(),
        stytch_member_session_id: session.stytch_member_session_id.as_deref(),
    };
    let json = js_sys::JSON::stringify(&js::to_value(&t).ok()?).ok()?;
    js::btoa(&String::from(json)).ok()
}

/// Why the fetch was stopped, once it was.
type Stop = Rc<Cell<Option<Transport>>>;

/// Follows the caller's signal, noting [`Transport::Aborted`]; removed on drop.
struct Follow {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl Drop for Follow {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// A function that aborts `controller`, noting `why` unless a reason is noted.
fn stopper(controller: &AbortController, stop: &Stop, why: Transport) -> impl FnMut() + 'static {
    let (controller, stop) = (controller.clone(), stop.clone());
    move || {
        if stop.get().is_none() {
            stop.set(Some(why));
        }
        controller.abort();
    }
}

/// Sends `call` (a `POST`, or the bootstrap's `GET`) with the SDK's headers
/// and `credentials: 'include'`, stopped by the client's timeout or the
/// caller's `signal` (already checked to be a real `AbortSignal`). The body
/// is read with `Response.json()` when the answer says it is JSON; a plain
/// text refusal is only looked at for Stytch's `Captcha required`.
pub async fn send(call: &Call, signal: Option<&AbortSignal>, ids: &ClientIds) -> Outcome<JsValue> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Transport::Aborted);
    }
    let controller = AbortController::new().map_err(|_| Transport::Network)?;
    let stop: Stop = Rc::default();
    let _timer = js::Timeout::new(
        i64::from(call.timeout_ms),
        stopper(&controller, &stop, Transport::Timeout),
    );
    let _follow = match signal {
        Some(s) => {
            let callback =
                Closure::<dyn FnMut()>::new(stopper(&controller, &stop, Transport::Aborted));
            s.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref())
                .map_err(|_| Transport::Network)?;
            Some(Follow {
                signal: s.clone(),
                callback,
            })
        }
        None => None,
    };
    let failed = |stop: &Stop| stop.get().unwrap_or(Transport::Network);

    let mut authorization = String::from("Basic ");
    authorization.push_str(&js::btoa(call.credentials.expose()).map_err(|_| Transport::Network)?);
    let builder = match call.method {
        Method::Get => Request::get(&call.url),
        Method::Post => Request::post(&call.url),
    };
    let mut request = builder
        .header("Authorization", &authorization)
        .header("Content-Type", "application/json")
        .credentials(RequestCredentials::Include)
        .abort_signal(Some(&controller.signal()));
    if let Some(client) = telemetry_header(call, ids) {
        request = request.header("X-SDK-Client", &client);
    }
    let origin = js::location("origin");
    if !origin.is_empty() {
        request = request.header("X-SDK-Parent-Host", &origin);
    }
    let request = match &call.body {
        Some(body) => request.body(body.expose()),
        None => request.build(),
    }
    .map_err(|_| Transport::Network)?;
    let response = request.send().await.map_err(|_| failed(&stop))?;

    let headers = response.headers();
    let status = response.status();
    let retry_after = headers
        .get("retry-after")
        .and_then(|v| parse_retry_after(&v, js::now()));
    let is_json = headers
        .get("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("application/json"));
    let raw = web_sys::Response::from(response);
    // JSON is the answer; a plain-text refusal is read for Stytch's
    // `Captcha required` only; any other body is left unread.
    let reading = match (is_json, status >= 300) {
        (true, _) => raw.json().ok(),
        (false, true) => raw.text().ok(),
        (false, false) => None,
    };
    let body = match reading {
        Some(reading) => match JsFuture::from(reading).await {
            Ok(document) => Some(document),
            // Malformed or cut short, unless the read was stopped.
            Err(_) => match stop.get() {
                Some(why) => return Err(why),
                None => None,
            },
        },
        None => None,
    };
    let (body, text) = if is_json {
        (body, None)
    } else {
        (None, body.and_then(|b| b.as_string()))
    };
    Ok(Response {
        status,
        retry_after,
        body,
        captcha_required: text.is_some_and(|t| t.len() < 1024 && t.contains("Captcha required")),
    })
}
