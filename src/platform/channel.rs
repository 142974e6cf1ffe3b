//! Hearing of other tabs: a `BroadcastChannel` message after each change,
//! and the `storage` event of Web Storage. Another tab's message can arrive
//! before its Web Storage write is visible here, so both only ask the client
//! to read its state again. Both listeners are removed on drop.
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, EventTarget};

use super::js;

/// The listeners of one client.
pub struct Channel {
    channel: Option<BroadcastChannel>,
    window: Option<EventTarget>,
    on_change: Closure<dyn FnMut()>,
}

impl Channel {
    /// Listens on channel `name` and to `storage` events, calling `on_change`
    /// for each. Where neither exists (a worker, Node) it hears nothing.
    pub fn open(name: &str, on_change: Closure<dyn FnMut()>) -> Channel {
        let callback: &Function = on_change.as_ref().unchecked_ref();
        let channel = BroadcastChannel::new(name).ok();
        if let Some(c) = &channel {
            c.set_onmessage(Some(callback));
            // Node: the channel does not keep the process alive.
            if let Ok(unref) = js::get(c, "unref").dyn_into::<Function>() {
                let _ = unref.call0(c);
            }
        }
        let window = js_sys::global().dyn_into::<EventTarget>().ok().filter(|w| {
            w.add_event_listener_with_callback("storage", callback)
                .is_ok()
        });
        Channel {
            channel,
            window,
            on_change,
        }
    }

    /// Tells the other tabs that something changed.
    pub fn post(&self) {
        if let Some(c) = &self.channel {
            let _ = c.post_message(&JsValue::from(1));
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        if let Some(c) = &self.channel {
            c.set_onmessage(None);
            c.close();
        }
        if let Some(w) = &self.window {
            let _ = w.remove_event_listener_with_callback(
                "storage",
                self.on_change.as_ref().unchecked_ref(),
            );
        }
    }
}
