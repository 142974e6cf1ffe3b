
/** Where tokens and the pending state are kept. */
export type StorageKind = 'cookie' | 'localStorage' | 'sessionStorage' | 'memory';

/** A custom storage: synchronous string key/value. Errors thrown are caught. */
export interface StorageAdapter {
    getItem(key: string): string | null;
    /** `expiresAt` (ms since epoch) is a hint, used by cookie-like stores. */
    setItem(key: string, value: string, expiresAt?: number): void;
    removeItem(key: string): void;
}

export interface CookieOptions {
    /** Default `stytch_session`. The three names must differ from each other and from `sms_mfa_state`. */
    opaqueTokenCookieName?: string;
    /** Default `stytch_session_jwt`. */
    jwtCookieName?: string;
    /** Default `stytch_intermediate_session_token`. */
    istCookieName?: string;
    /** Default `/`, as Stytch's own cookies, so that a backend under any path receives them. */
    path?: string;
    domain?: string;
    /** Default `Lax`. `None` implies `Secure`. */
    sameSite?: 'Lax' | 'Strict' | 'None';
}

export interface ClientConfig {
    /** The project's public token (`public-token-test-…` or `public-token-live-…`). A secret is refused. */
    publicToken: string;
    /** API origin, e.g. `http://127.0.0.1:9010`, optionally with a path prefix. Default: `https://test.stytch.com` for test tokens, else `https://api.stytch.com`. `/sdk/v1` is appended (a trailing `/sdk/v1` given here is dropped first). */
    baseUrl?: string;
    /** Default `'cookie'`. */
    storage?: StorageKind | StorageAdapter;
    cookieOptions?: CookieOptions;
    /** Session length asked for by `authenticate`. Default 60. Range 5..=527040. */
    sessionDurationMinutes?: number;
    /** Per-request timeout in milliseconds. Default 10000. */
    timeoutMs?: number;
    /**
     * Bot protection: called for a fresh token (Turnstile, reCAPTCHA, hCaptcha…)
     * before a send when the project requires a captcha, and once more when
     * Stytch refuses the token. Without it such a project's sends fail with
     * `captcha_required`.
     */
    captcha?: () => string | Promise<string>;
    /** Bot protection: the device-fingerprint telemetry id, sent with sends when the project enables DFP. */
    dfpTelemetryId?: () => string | Promise<string>;
}

/** Consumer SMS login (`login_or_create`), or step-up when a session exists. */
export interface SendSmsConsumer {
    phoneNumber: string;
    /** 1..=10, default 2. */
    expirationMinutes?: number;
    locale?: string;
    signal?: AbortSignal;
}

/** B2B SMS MFA. The stored intermediate session token is attached. */
export interface SendSmsB2B {
    organizationId: string;
    memberId: string;
    /** Needed only when the member has no phone enrolled. */
    mfaPhoneNumber?: string;
    locale?: string;
    signal?: AbortSignal;
}

export type SendSmsInput = SendSmsConsumer | SendSmsB2B;

export interface SendSmsResult {
    /** Which flow the code belongs to. */
    flow: 'login' | 'step_up' | 'mfa';
    /** `+1•••••••0162` style (calling code, bullets, last four digits), never the full number. */
    phoneMasked: string;
    /** ms since epoch. */
    codeExpiresAt: number;
    /** ms since epoch; a resend before this is refused locally. */
    resendAllowedAt: number;
    requestId: string;
}

/** `waitForCode`: stop waiting when `signal` fires (the SMS may never come). */
export interface WebOtpInput {
    signal?: AbortSignal;
}

/** `authenticateWithWebOtp`. */
export interface WebOtpAuthenticateInput {
    signal?: AbortSignal;
    sessionDurationMinutes?: number;
}

export interface AuthenticateInput {
    /** 6 digits; spaces and hyphens as in `123 456` or `123-456` are dropped. */
    code: string;
    sessionDurationMinutes?: number;
    signal?: AbortSignal;
}

export interface AuthenticationFactor {
    type: string;
    deliveryMethod: string;
    /** For phone factors, masked like `phoneMasked` elsewhere. */
    phoneMasked?: string;
    emailAddress?: string;
    lastAuthenticatedAt?: number;
}

export interface Session {
    sessionId: string;
    /** ms since epoch. */
    expiresAt: number;
    factors: AuthenticationFactor[];
    /** Consumer sessions. */
    userId?: string;
    /** B2B sessions. */
    memberId?: string;
    organizationId?: string;
}

export type MfaMethod = 'sms_otp' | 'totp' | (string & {});

/** Primary B2B authentication methods, as Stytch names them. */
export type AuthMethod = 'email_otp' | 'magic_link' | 'password' | 'sso' | 'google_oauth' | 'microsoft_oauth' | (string & {});

/** `getTokens()`: the live session's tokens (either may be `''` when the project gives the browser only one). */
export interface SessionTokens {
    sessionToken: string;
    sessionJwt: string;
}

/** `checkPhoneNumber()`: what `sendSms` would make of a number. */
export type PhoneCheck =
| { valid: true; phoneNumber: string; /** ISO 3166 code, e.g. `US`. */ country: string }
| { valid: false; errorType: 'invalid_phone_number' | 'invalid_phone_number_country_code'; message: string };

export type MfaState =
| { status: 'none' }
| {
    /** The organization restricts primary authentication: sign in again with one of `allowedAuthMethods` (the IST is kept). */
    status: 'primary_required';
    organizationId: string;
    memberId: string;
    allowedAuthMethods: AuthMethod[];
    /** ms since epoch. */
    istExpiresAt: number;
}
| {
    status: 'mfa_required';
    organizationId: string;
    memberId: string;
    /** Masked phone on file, or null when the member must enroll one. */
    phoneMasked: string | null;
    enrollmentRequired: boolean;
    allowedMethods: MfaMethod[];
    /** A code was already sent at primary login. */
    smsAlreadySent: boolean;
    /** ms since epoch. */
    istExpiresAt: number;
}
| {
    status: 'code_sent';
    flow: 'login' | 'step_up' | 'mfa';
    channel: 'sms';
    phoneMasked: string;
    codeExpiresAt: number;
    resendAllowedAt: number;
    organizationId?: string;
    memberId?: string;
    /** The code expired: resend, or `cancel()`. Reported for 10 minutes, then the state moves on. */
    codeExpired: boolean;
    /** Step-up: the session the code adds a factor to (the user is still signed in). */
    session?: Session;
}
| ({ status: 'authenticated' } & Session);

export type MfaStatus = MfaState['status'];

/** Primary B2B login through email OTP, which yields the MFA step. */
export interface EmailLoginInput { organizationId: string; emailAddress: string; signal?: AbortSignal }
export interface EmailAuthenticateInput { organizationId: string; emailAddress: string; code: string; sessionDurationMinutes?: number; signal?: AbortSignal }

/**
 * A primary B2B authentication done elsewhere (e.g. by the app's backend):
 * either Stytch's raw response (snake_case) or its essentials.
 */
export type PrimaryAuthResult =
| { intermediate_session_token: string; member_id: string; organization_id?: string; member?: unknown; organization?: unknown; mfa_required?: unknown; [k: string]: unknown }
| { intermediateSessionToken: string; organizationId: string; memberId: string; phoneMasked?: string | null; enrollmentRequired?: boolean; allowedMethods?: MfaMethod[] };

/** Error types: Stytch's strings plus the SDK's local ones. Open to new strings. */
export type ErrorType =
| 'invalid_phone_number'
| 'invalid_phone_number_country_code'
| 'invalid_code'
| 'otp_code_not_found'
| 'unable_to_auth_otp_code'
| 'too_many_requests'
| 'user_lock_limit_reached'
| 'intermediate_session_not_found'
| 'invalid_intermediate_session_token_for_organization'
| 'unauthorized_credentials'
| 'session_not_found'
| 'member_not_found'
| 'organization_not_found'
| 'internal_server_error'
| 'invalid_config'
| 'invalid_input'
| 'no_pending_challenge'
| 'resend_too_soon'
| 'network_error'
| 'timeout'
| 'aborted'
| 'invalid_response'
| 'storage_unavailable'
| 'not_initialized'
| 'web_otp_unavailable'
| 'captcha_required'
| 'intermediate_session_expired'
| 'user_unauthenticated'
| (string & {});

/** The one error type every call rejects with. */
export interface SdkError extends Error {
    name: 'SdkError';
    errorType: ErrorType;
    /** HTTP status, or 0 for local and transport errors. */
    statusCode: number;
    requestId: string;
    errorMessage: string;
    errorUrl: string;
    /** True for transport failures, timeouts, 429 and 5xx. */
    retryable: boolean;
    /** Seconds, when the server sent `Retry-After`. */
    retryAfter?: number;
}



/**
 * A headless SMS passcode and MFA client. Make one with `createClient`.
 */
export class Client {
    private constructor();
    free(): void;
    /**
     * `waitForCode`, then `authenticate` with the code it gives. Fails with
     * `web_otp_unavailable` where the browser has no WebOTP.
     */
    authenticateWithWebOtp(input: WebOtpAuthenticateInput): Promise<Session | null>;
    /**
     * Completes the pending challenge and stores the session. Concurrent
     * calls share one request. Resolves to `null` when Stytch issued no
     * session yet (B2B: the organization still requires a primary factor;
     * `getMfaState()` says what comes next).
     */
    authenticate(input: AuthenticateInput): Promise<Session | null>;
    /**
     * Abandons the pending code and the MFA step (with its IST), keeping a
     * session: to send to a corrected number, or start the sign-in again.
     * Returns the state it leads to.
     */
    cancel(): MfaState;
    /**
     * Stops listening to other tabs, stops its timers (expiry events,
     * session refresh) and drops every listener, so that the client can be
     * garbage-collected. Calls still work; stored state is kept.
     */
    close(): void;
    /**
     * B2B email OTP primary factor: checks the code; yields `mfa_required`
     * with the IST stored, or `authenticated`.
     */
    emailAuthenticate(input: EmailAuthenticateInput): Promise<MfaState>;
    /**
     * B2B email OTP primary factor: sends the code.
     */
    emailLoginOrSignup(input: EmailLoginInput): Promise<{ requestId: string }>;
    /**
     * The state: synchronous, local, never throws.
     */
    getMfaState(): MfaState;
    /**
     * The session token and JWT of the live session, for a bearer header
     * to the app's own API; `null` without one.
     */
    getTokens(): SessionTokens | null;
    /**
     * Calls `listener` on every change of state, in this tab or another of
     * the origin. Returns the unsubscribe function.
     */
    onChange(listener: (state: MfaState) => void): () => void;
    /**
     * Calls `listener` when the storage fails (or holds unreadable state)
     * and the client falls back to memory; a failure before the first
     * listener is delivered to it. Returns the unsubscribe function.
     */
    onStorageError(listener: (error: SdkError) => void): () => void;
    /**
     * Sends a code: consumer login, consumer step-up (a session exists) or
     * B2B MFA (`organizationId` / `memberId`, with the stored IST).
     */
    sendSms(input: SendSmsInput): Promise<SendSmsResult>;
    /**
     * Enters the MFA step from a primary login done elsewhere: Stytch's raw
     * response or `{ intermediateSessionToken, organizationId, memberId, … }`.
     */
    setPrimaryAuth(result: PrimaryAuthResult): MfaState;
    /**
     * Revokes the session (best effort) and removes every token and state
     * this client wrote. Never throws.
     */
    signOut(): void;
    /**
     * Waits for the code of the pending challenge through WebOTP (the SMS
     * ends with `@host #code`) until `signal` fires. Resolves to the code,
     * or `null` where the browser has no WebOTP. The code is not kept.
     */
    waitForCode(input: WebOtpInput): Promise<string | null>;
    /**
     * The storage in use: the configured one, or `'memory'` after a fallback.
     */
    readonly storageKind: StorageKind | 'custom';
}

/**
 * Checks a phone number as `sendSms` will: its E.164 form and country, or
 * why it is refused (malformed, or a country SMS is not sent to).
 */
export function checkPhoneNumber(input: string): PhoneCheck;

/**
 * Creates a client. Throws an `SdkError` with `errorType: 'invalid_config'`
 * for a bad config, a project secret included.
 */
export function createClient(config: ClientConfig): Client;

/**
 * Normalises a phone number to E.164, or returns null when it is malformed
 * or in an unsupported country.
 */
export function normalizePhoneNumber(input: string): string | null;

/** What `init` accepts: a URL of the `.wasm`, a `Response`, its bytes or a compiled module. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module. Call once before `createClient`; later calls
 * return the same promise, and a failed load can be retried. Without an
 * argument the `.wasm` is fetched from next to this module.
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Narrows an unknown thrown value to {@link SdkError}. */
export function isSdkError(value: unknown): value is SdkError;
