/**
 * sms-mfa-sdk: a headless SMS passcode and SMS multi-factor authentication
 * client for Stytch, compiled from Rust to WebAssembly.
 *
 * ```ts
 * import init, { createClient } from 'sms-mfa-sdk';
 * await init();
 * const client = createClient({ publicToken: 'public-token-test-…' });
 * await client.sendSms({ phoneNumber: '+12025550162' });
 * await client.authenticate({ code: '123456' });
 * ```
 *
 * The types below are generated from the Rust sources (`pkg/sms_mfa_sdk.d.ts`);
 * this file re-exports them and declares the entry points of `index.js`.
 */
import type { SdkError } from '../pkg/sms_mfa_sdk.js';

export type {
  StorageKind,
  StorageAdapter,
  CookieOptions,
  ClientConfig,
  SendSmsConsumer,
  SendSmsB2B,
  SendSmsInput,
  SendSmsResult,
  AuthenticateInput,
  AuthenticationFactor,
  Session,
  MfaMethod,
  MfaState,
  MfaStatus,
  EmailLoginInput,
  EmailAuthenticateInput,
  PrimaryAuthResult,
  ErrorType,
  SdkError,
  Client,
} from '../pkg/sms_mfa_sdk.js';

/** What `init` accepts: a URL of the `.wasm`, a `Response`, its bytes or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module. Call once before `createClient`; later calls
 * return the same promise. Without an argument the `.wasm` is fetched from
 * next to the generated glue.
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/**
 * Creates a client. Throws a {@link SdkError} (`errorType: 'invalid_config'`)
 * for a bad config, including a project secret in place of the public token,
 * and `'not_initialized'` before `init()` resolved.
 */
export { createClient } from '../pkg/sms_mfa_sdk.js';

/** Normalises a phone number to E.164, or null when it is malformed or unsupported. Needs `init()`. */
export { normalizePhoneNumber } from '../pkg/sms_mfa_sdk.js';

/** Narrows an unknown thrown value to {@link SdkError}. */
export function isSdkError(value: unknown): value is SdkError;
