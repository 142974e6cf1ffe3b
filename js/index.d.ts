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
 * The types are generated from the Rust sources into `pkg/sms_mfa_sdk.d.ts`,
 * the declarations of the shipped module, which this file re-exports.
 */
export * from '../pkg/sms_mfa_sdk.js';
export { default } from '../pkg/sms_mfa_sdk.js';
