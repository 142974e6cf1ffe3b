// The package's entry point: `init`, the typed guards around the wasm
// exports, and `isSdkError`. `scripts/build.sh` bundles and minifies it with
// the wasm-bindgen glue into `pkg/sms_mfa_sdk.js`, so names and comments here
// cost nothing in the shipped module.
import { initSync, createClient as create, normalizePhoneNumber as normalize, checkPhoneNumber as check } from '../pkg/sms_mfa_sdk.js';

const wasm = WebAssembly;
let loading;
let ready = 0;

// Before `init()` resolved: the SdkError shape, `errorType: 'not_initialized'`.
const afterInit = (f) => (x) => {
  if (!ready) {
    const message = 'Call init() and await it before using the SDK.';
    throw Object.assign(new Error(message), {
      name: 'SdkError', errorType: 'not_initialized', statusCode: 0, requestId: '', errorMessage: message, errorUrl: '', retryable: false,
    });
  }
  return f(x);
};

// A URL (string, URL, Request) is fetched; a Response is compiled while it
// streams (from its bytes when the server's Content-Type is not
// application/wasm); bytes are compiled; a compiled module is used as is.
// The glue's own loader is not bundled: only its `initSync` is.
async function load(input) {
  let source = await (input ?? new URL('sms_mfa_sdk_bg.wasm', import.meta.url));
  if (typeof source == 'string' || source instanceof URL || (typeof Request == 'function' && source instanceof Request)) {
    source = await fetch(source);
  }
  if (typeof Response == 'function' && source instanceof Response) {
    if (!source.ok) throw new Error('Fetching the .wasm failed: ' + source.status);
    const response = source;
    source = await (wasm.compileStreaming
      ? wasm.compileStreaming(response.clone()).catch(() => response.arrayBuffer())
      : response.arrayBuffer());
  }
  initSync({ module: source instanceof wasm.Module ? source : await wasm.compile(source) });
  ready = 1;
}

/** Loads the module once; a failed load can be retried. */
export default (input) => (loading ||= load(input).catch((e) => {
  loading = 0;
  throw e;
}));

export const createClient = afterInit(create);
export const normalizePhoneNumber = afterInit((x) => (typeof x == 'string' ? normalize(x) : null));
export const checkPhoneNumber = afterInit(check);
export const isSdkError = (v) => v instanceof Error && v.name == 'SdkError' && typeof v.errorType == 'string';
