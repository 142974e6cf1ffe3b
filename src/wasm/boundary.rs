//! Reading what a caller passes, and the one place an SDK error becomes a JS
//! `SdkError`. A caller's object is never handed to serde directly: its
//! members are read with `Reflect.get` (which catches throwing getters and
//! proxies) into a fresh object of primitives first.
use js_sys::{Array, Function, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::platform::js;
use crate::sdk::error::Error;

/// `value` when it is a string, a number or nullish (a `String` or `Number`
/// object as its primitive, as `JSON.stringify` reads them); `true` (which
/// every member refuses as mistyped) for other objects, functions, symbols
/// and the rest.
fn primitive(value: JsValue) -> JsValue {
    if value.is_string() || value.as_f64().is_some() || value.is_null() || value.is_undefined() {
        value
    } else if value.is_instance_of::<js_sys::JsString>() || value.is_instance_of::<js_sys::Number>()
    {
        primitive(value.unchecked_into::<Object>().value_of().into())
    } else {
        JsValue::TRUE
    }
}

/// A plain object (not an array, not a function).
pub fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

/// The members `keys` of `input`, copied as primitives; `nested` members
/// are copied through a JSON round trip instead.
///
/// # Errors
/// `input` is not an object, or reading a member threw.
pub fn copy(input: &JsValue, keys: &[&str], nested: &[&str]) -> Result<JsValue, ()> {
    if !is_plain_object(input) {
        return Err(());
    }
    let out = Object::new();
    for &key in keys.iter().chain(nested) {
        let k = JsValue::from_str(key);
        let v = Reflect::get(input, &k).map_err(drop)?;
        let v = if nested.contains(&key) && is_plain_object(&v) {
            json_copy(&v)?
        } else {
            primitive(v)
        };
        Reflect::set(&out, &k, &v).map_err(drop)?;
    }
    Ok(out.into())
}

/// `JSON.parse(JSON.stringify(value))`: plain data only.
///
/// # Errors
/// Stringifying threw (a getter, a cycle, a BigInt) or gave nothing.
pub fn json_copy(value: &JsValue) -> Result<JsValue, ()> {
    let text = js_sys::JSON::stringify(value).map_err(drop)?;
    js_sys::JSON::parse(&String::from(text)).map_err(drop)
}

/// The names of `value`'s own string-keyed members (symbols are skipped);
/// empty when it is not an object.
///
/// # Errors
/// A proxy's `ownKeys` trap threw.
pub fn own_keys(value: &JsValue) -> Result<Vec<String>, ()> {
    if !is_plain_object(value) {
        return Ok(Vec::new());
    }
    let keys = Reflect::own_keys(value.unchecked_ref()).map_err(drop)?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// The member `name` of `config` when it is a function; `None` when absent.
///
/// # Errors
/// `invalid_config` when it is anything else, or reading it threw.
pub fn hook(
    config: &JsValue,
    name: &str,
    message: &'static str,
) -> Result<Option<Function>, Error> {
    let v = Reflect::get(config, &JsValue::from_str(name))
        .map_err(|_| Error::invalid_config(message))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|_| Error::invalid_config(message))
}

/// Calls a config hook and waits for the string it gives (a `Promise` is
/// awaited): a non-empty string of at most 8 KiB.
///
/// # Errors
/// The hook threw, rejected, or gave something else.
pub async fn call_hook(hook: &Function) -> Result<String, ()> {
    let given = hook.call0(&JsValue::UNDEFINED).map_err(drop)?;
    let value = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&given))
        .await
        .map_err(drop)?;
    value
        .as_string()
        .filter(|t| !t.is_empty() && t.len() <= 8 * 1024)
        .ok_or(())
}

/// A method's input: its members decoded into `T`.
///
/// # Errors
/// `invalid_input` when `input` is not an object or a member cannot be read.
pub fn read_input<T: DeserializeOwned>(input: &JsValue, keys: &[&str]) -> Result<T, Error> {
    let copied = copy(input, keys, &[])
        .map_err(|()| Error::invalid_input("Expected an object whose members can be read."))?;
    serde_wasm_bindgen::from_value(copied).map_err(|_| Error::invalid_input("Expected an object."))
}

/// The input's `signal`: `None` when absent, else a real `AbortSignal`.
///
/// # Errors
/// `invalid_input` for anything else, including objects that pass
/// `instanceof AbortSignal` without being one (a prototype copy, a proxy).
pub fn signal(input: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let bad = || Error::invalid_input("signal must be an AbortSignal.");
    if !input.is_object() {
        return Ok(None);
    }
    let s = Reflect::get(input, &JsValue::from_str("signal")).map_err(|_| bad())?;
    if s.is_null() || s.is_undefined() {
        return Ok(None);
    }
    let s = s.dyn_into::<AbortSignal>().map_err(|_| bad())?;
    // Its own getter, called on it: throws unless it is a real signal.
    Reflect::get(&s, &JsValue::from_str("aborted")).map_err(|_| bad())?;
    Ok(Some(s))
}

/// The JS `SdkError` of `e`: an `Error` named `SdkError` with `e`'s fields.
pub fn to_js_error(e: &Error) -> JsValue {
    let message: &str = if e.error_message.is_empty() {
        &e.error_type
    } else {
        &e.error_message
    };
    let error = js_sys::Error::new(message);
    error.set_name("SdkError");
    if let Ok(fields) = js::to_value(e) {
        Object::assign(&error, fields.unchecked_ref());
    }
    error.into()
}
