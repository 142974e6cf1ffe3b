// Human messages for every error type the SDK can reject with.
// Keys are `SdkError.errorType` strings (Stytch's plus the SDK's local ones).

const MESSAGES = {
  invalid_phone_number: 'That does not look like a valid mobile number. Check the digits and the country.',
  invalid_phone_number_country_code: 'We cannot send text messages to that country yet. Try a number from another country.',
  invalid_code: 'A passcode is exactly 6 digits.',
  otp_code_not_found: 'That code is not right. Check the message and try again.',
  unable_to_auth_otp_code: 'That code has expired or was already used. Request a new code.',
  too_many_requests: 'Too many codes were requested for this number. Wait a little before asking again.',
  user_lock_limit_reached: 'Too many wrong codes. Verification is locked for this account for a while.',
  intermediate_session_not_found: 'Your sign-in took too long and has expired.',
  invalid_intermediate_session_token_for_organization: 'This sign-in belongs to another organization.',
  unauthorized_credentials: 'The code or credentials were not accepted. Try again.',
  session_not_found: 'Your session has ended. Sign in again.',
  member_not_found: 'No member with that email exists in this organization.',
  organization_not_found: 'That organization does not exist.',
  email_not_found: 'No member with that email exists in this organization.',
  invalid_email: 'That email address does not look right.',
  phone_number_not_found: 'That phone number is not on file.',
  duplicate_member_phone_number: 'That phone number is already used by another member.',
  member_phone_number_not_found: 'No phone number is on file for this member. Add one first.',
  internal_server_error: 'The server had a problem. Try again in a moment.',
  invalid_config: 'The SDK is misconfigured (check the public token and base URL).',
  invalid_input: 'Some of the information entered is not valid.',
  no_pending_challenge: 'There is no code waiting to be checked. Request a new code.',
  resend_too_soon: 'Please wait before requesting another code.',
  network_error: 'We could not reach the server. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  aborted: 'The request was cancelled.',
  invalid_response: 'The server sent an unexpected answer. Try again.',
  storage_unavailable: 'This browser blocks storage, so the sign-in cannot be remembered. Allow cookies or storage for this site.',
  not_initialized: 'The SDK is still loading. Try again in a moment.',
  web_otp_unavailable: 'This browser cannot read the code from the text message. Type it in.',
  captcha_required: 'Please complete the check that you are not a robot, then try again.',
  intermediate_session_expired: 'Your sign-in took too long and has expired.',
  user_unauthenticated: 'Your session has ended. Sign in again.',
};

/** Error types after which the sign-in has to start again (the page offers a control for it). */
export const START_AGAIN = new Set(['intermediate_session_not_found', 'intermediate_session_expired', 'invalid_intermediate_session_token_for_organization', 'session_not_found', 'user_unauthenticated']);

/**
 * A short, human explanation of an error thrown by the SDK (or anything else).
 * With a `Retry-After`, `message` ends with "Try again in 42 s." and `base`
 * is the message without any "try again" sentence, for a page that counts
 * the wait down itself (`retryAfterMs`).
 * @param {unknown} error
 * @returns {{ message: string, base: string, type: string, retryable: boolean, retryAfterMs: number, requestId: string }}
 */
export function describeError(error) {
  const e = /** @type {any} */ (error) || {};
  const type = typeof e.errorType === 'string' ? e.errorType : 'unknown';
  let message = MESSAGES[type];
  if (!message) {
    if (typeof e.statusCode === 'number' && e.statusCode >= 500) message = MESSAGES.internal_server_error;
    else if (typeof e.errorMessage === 'string' && e.errorMessage) message = e.errorMessage;
    else message = 'Something went wrong. Try again.';
  }
  const retryAfterMs = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter * 1000 : 0;
  // "Try again in a moment." and the like give way to the server's figure.
  const base = retryAfterMs ? message.replace(/\s*(Try again|Wait a little)[^.]*\.$/, '').replace(/ for a while\.$/, '.') : message;
  if (retryAfterMs) message = `${base} ${retryIn(retryAfterMs)}`;
  return {
    message,
    base,
    type,
    retryable: Boolean(e.retryable),
    retryAfterMs,
    requestId: typeof e.requestId === 'string' ? e.requestId : '',
  };
}

/** "Try again in 42 s." / "You can try again now." */
export function retryIn(ms) {
  return ms > 0 ? `Try again in ${formatDuration(ms)}.` : 'You can try again now.';
}

/** "1 min 05 s", "42 s". */
export function formatDuration(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s} s`;
  if (s === 0) return `${m} min`;
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/** "1:05". */
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

export const KNOWN_ERROR_TYPES = Object.keys(MESSAGES);
