// sms-mfa-sdk: thin ESM entry over the wasm-bindgen output. No business logic.
import wasmInit, { createClient as create, normalizePhoneNumber as normalize } from '../pkg/sms_mfa_sdk.js';

let ready;
let loaded = false;

function notReady() {
  const m = 'Call init() before createClient().';
  const e = new Error(m);
  e.name = 'SdkError';
  Object.assign(e, { errorType: 'not_initialized', statusCode: 0, requestId: '', errorMessage: m, errorUrl: '', retryable: false });
  return e;
}

export default function init(input) {
  return (ready ||= wasmInit(input === undefined ? undefined : { module_or_path: input }).then(
    () => { loaded = true; },
    (e) => { ready = undefined; throw e; },
  ));
}

export function createClient(config) {
  if (!loaded) throw notReady();
  return create(config);
}

export function normalizePhoneNumber(input) {
  if (!loaded) throw notReady();
  return normalize(input);
}

export function isSdkError(value) {
  return value instanceof Error && value.name === 'SdkError' && typeof value.errorType === 'string';
}
