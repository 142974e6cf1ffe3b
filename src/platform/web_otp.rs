//! WebOTP: `navigator.credentials.get({ otp: { transport: ['sms'] } })`,
//! which resolves to the code of an SMS ending with the `@host #code` line.
//! The code is handed to the caller and never kept.
use js_sys::{Function, Promise, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::js;
use crate::sdk::error::Error;

#[derive(Serialize)]
struct Otp {
    transport: [&'static str; 1],
}

#[derive(Serialize)]
struct Options {
    otp: Otp,
}

/// Waits for the code of the next SMS through WebOTP, until `signal` fires.
/// `Ok(None)` where the browser has no WebOTP (no `OTPCredential`, or no
/// `navigator.credentials.get`), or when it gives no credential.
///
/// # Errors
/// `aborted` when `signal` fires; `web_otp_unavailable` when the browser
/// refuses (no permission, not a secure context, another request pending).
pub async fn receive(signal: Option<&AbortSignal>) -> Result<Option<String>, Error> {
    let credentials = js::get(&js::global("navigator"), "credentials");
    let get = js::get(&credentials, "get").dyn_into::<Function>();
    let (false, Ok(get)) = (js::global("OTPCredential").is_undefined(), get) else {
        return Ok(None);
    };
    let unavailable = |_| Error::web_otp_unavailable();
    let options = js::to_value(&Options {
        otp: Otp { transport: ["sms"] },
    })
    .map_err(|_| Error::web_otp_unavailable())?;
    if let Some(s) = signal {
        Reflect::set(&options, &JsValue::from_str("signal"), s).map_err(unavailable)?;
    }
    let asked = get.call1(&credentials, &options).map_err(unavailable)?;
    let credential = JsFuture::from(Promise::resolve(&asked))
        .await
        .map_err(|e| {
            if js::get(&e, "name").as_string().as_deref() == Some("AbortError") {
                Error::aborted()
            } else {
                Error::web_otp_unavailable()
            }
        })?;
    Ok(js::get(&credential, "code").as_string())
}
