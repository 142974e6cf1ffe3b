// Loads the built SDK (served next to this page under sdk/) and exposes it to
// the browser tests as `window.sdk`; `html[data-ready]` tells it is loaded.
import init, * as sdk from './sdk/pkg/sms_mfa_sdk.js';

try {
  await init();
  window.sdk = sdk;
  document.documentElement.dataset.ready = 'true';
} catch (e) {
  window.sdkLoadError = String(e);
  document.documentElement.dataset.ready = 'error';
}
