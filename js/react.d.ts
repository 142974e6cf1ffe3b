/**
 * `sms-mfa-sdk/react`: React (18 or later) hooks over a `Client`.
 *
 * ```tsx
 * import { useMfaState, useSmsLogin } from 'sms-mfa-sdk/react';
 * const state = useMfaState(client);
 * const { sendSms, authenticate, pending, error } = useSmsLogin(client);
 * ```
 */
import type { AuthenticateInput, Client, MfaState, SdkError, SendSmsInput, SendSmsResult, Session } from '../pkg/sms_mfa_sdk.js';

/**
 * The client's state, re-rendering the component on every change, in this
 * tab or another (through `client.onChange`). The object is the same while
 * the state is unchanged. The client's own timer reports a code, IST or
 * session that expires, so the component re-renders then too. During server
 * rendering: `{ status: 'none' }`.
 */
export function useMfaState(client: Client): MfaState;

export interface SmsLogin {
  /** `client.sendSms`; resolves with `undefined` when it failed with an `SdkError` (then in `error`). */
  sendSms(input: SendSmsInput): Promise<SendSmsResult | undefined>;
  /** `client.authenticate` (`null`: no session yet, see its doc); resolves with `undefined` when it failed with an `SdkError` (then in `error`). */
  authenticate(input: AuthenticateInput): Promise<Session | null | undefined>;
  /** A call is running. */
  pending: boolean;
  /** The error of the last call that failed; `null` once another call starts. */
  error: SdkError | null;
}

/** `sendSms` and `authenticate` with `pending` and `error`; the functions are stable for a given client. */
export function useSmsLogin(client: Client): SmsLogin;
