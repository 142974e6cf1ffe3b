//! Bot protection: the project's bootstrap, read once per client, and the
//! `captcha` and `dfpTelemetryId` hooks around each send.
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{boundary, Inner, Input, Method};
use crate::platform::js;
use crate::sdk::api::{BotProtection, BotTokens};
use crate::sdk::error::{kind, Error};
use crate::sdk::session::{Done, Prepared};
use crate::sdk::token::Secret;

impl Inner {
    /// Sends `first`, or for a send on a project with bot protection, the
    /// same call with the hooks' values; a captcha refusal gets a fresh
    /// token and one retry, as Stytch's SDK does.
    pub(super) async fn run(
        &self,
        method: Method,
        input: &Input,
        first: Prepared,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<Done, Error> {
        if !matches!(method, Method::SendSms | Method::EmailLoginOrSignup) {
            return self.send(first, signal).await;
        }
        let bot = self.bot_protection().await;
        let mut tokens = BotTokens {
            captcha: None,
            dfp: match (&self.dfp, bot.dfp) {
                (Some(hook), true) => boundary::call_hook(hook).await.ok().map(Secret::new),
                _ => None,
            },
        };
        if bot.captcha {
            tokens.captcha = Some(self.captcha_token().await?);
        }
        let prepared = if tokens == BotTokens::default() {
            first
        } else {
            self.prepare(method, input, &tokens)?
        };
        match self.send(prepared, signal).await {
            Err(e) if e.error_type == kind::CAPTCHA_REQUIRED && self.captcha.is_some() => {
                tokens.captcha = Some(self.captcha_token().await?);
                self.send(self.prepare(method, input, &tokens)?, signal)
                    .await
            }
            done => done,
        }
    }

    /// A token from the `captcha` hook.
    ///
    /// # Errors
    /// `captcha_required`: there is no hook, or it gave no token.
    pub(super) async fn captcha_token(&self) -> Result<Secret, Error> {
        let hook = self.captcha.as_ref().ok_or(Error::captcha_required(
            "This project requires a captcha: pass a captcha hook to createClient.",
        ))?;
        boundary::call_hook(hook)
            .await
            .map(Secret::new)
            .map_err(|()| Error::captcha_required("The captcha hook gave no token."))
    }

    /// Reads the project's bootstrap, once per client, in the background.
    pub(super) fn start_bootstrap(self: &Rc<Self>) {
        let prepared = self.engine.prepare_bootstrap(js::now());
        let inner = self.clone();
        let reading = future_to_promise(async move {
            // A failed read is none: Stytch's SDK goes on without it too, and
            // a send the project refuses for want of a captcha is retried.
            let bot = match inner.send(prepared, None).await {
                Ok(Done::Bootstrap(b)) => b,
                _ => BotProtection::default(),
            };
            inner.bot.set(Some(bot));
            Ok(JsValue::UNDEFINED)
        });
        *self.bootstrap.borrow_mut() = Some(reading);
    }

    /// The bootstrap's bot protection, waiting for the read in flight.
    pub(super) async fn bot_protection(&self) -> BotProtection {
        if let Some(bot) = self.bot.get() {
            return bot;
        }
        let reading = self.bootstrap.borrow().clone();
        if let Some(reading) = reading {
            let _ = JsFuture::from(reading).await;
        }
        self.bot.get().unwrap_or_default()
    }
}
