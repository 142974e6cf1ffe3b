// A typed usage example, compiled with `tsc --noEmit` against the `.d.ts` that
// ships in the npm tarball. Every `@ts-expect-error` line must really be an
// error: if the types got looser, tsc reports the directive as unused.
import init, {
  createClient,
  isSdkError,
  normalizePhoneNumber,
  checkPhoneNumber,
  type Client,
  type ClientConfig,
  type MfaState,
  type SdkError,
  type SendSmsResult,
  type Session,
  type StorageAdapter,
  type ErrorType,
} from 'sms-mfa-sdk';

export async function example(): Promise<void> {
  await init();
  await init(new URL('/assets/sms_mfa_sdk_bg.wasm', 'https://app.example'));
  await init(fetch('/sms_mfa_sdk_bg.wasm'));

  const memory = new Map<string, string>();
  const adapter: StorageAdapter = {
    getItem: (k) => memory.get(k) ?? null,
    setItem: (k, v, _expiresAt) => void memory.set(k, v),
    removeItem: (k) => void memory.delete(k),
  };
  const config: ClientConfig = {
    publicToken: 'public-token-test-00000000-0000-0000-0000-000000000000',
    baseUrl: 'http://127.0.0.1:9010',
    storage: adapter,
    cookieOptions: { sameSite: 'Strict', istCookieName: 'my_ist' },
    sessionDurationMinutes: 60,
    timeoutMs: 5000,
  };
  const client: Client = createClient(config);
  createClient({ publicToken: 'public-token-test-x', storage: 'sessionStorage' });

  const e164: string | null = normalizePhoneNumber('(202) 555-0100');
  const checked = checkPhoneNumber('+44 7911 123456');
  const why: string = checked.valid ? checked.phoneNumber : `${checked.errorType}: ${checked.message}`;
  void why;
  const tokens = client.getTokens();
  const bearer: string | undefined = tokens?.sessionJwt;
  void bearer;
  const afterCancel: MfaState = client.cancel();
  void afterCancel;
  createClient({
    publicToken: 'public-token-test-x',
    captcha: async () => 'turnstile-token',
    dfpTelemetryId: () => 'telemetry-id',
  });
  // @ts-expect-error a captcha hook returns a token
  createClient({ publicToken: 'public-token-test-x', captcha: () => 42 });
  const sent: SendSmsResult = await client.sendSms({ phoneNumber: e164 ?? '+12025550100', expirationMinutes: 5 });
  const flow: 'login' | 'step_up' | 'mfa' = sent.flow;
  const resendIn: number = sent.resendAllowedAt - Date.now();
  void flow; void resendIn;

  const controller = new AbortController();
  try {
    const session: Session | null = await client.authenticate({ code: '123456', signal: controller.signal });
    // null: no session yet (B2B primary still required), see getMfaState().
    const factorTypes: string[] = session ? session.factors.map((f) => f.deliveryMethod) : [];
    void factorTypes;
  } catch (e: unknown) {
    if (isSdkError(e)) {
      const err: SdkError = e;
      const type: ErrorType = err.errorType;
      const retry: boolean = err.retryable;
      const after: number | undefined = err.retryAfter;
      if (type === 'otp_code_not_found' || type === 'some_future_error_type') void retry;
      void after;
    }
  }

  // B2B: email code as the primary factor, then SMS MFA.
  await client.emailLoginOrSignup({ organizationId: 'organization-test-x', emailAddress: 'a@b.test' });
  const afterEmail: MfaState = await client.emailAuthenticate({ organizationId: 'organization-test-x', emailAddress: 'a@b.test', code: '123456' });
  if (afterEmail.status === 'mfa_required') {
    await client.sendSms({
      organizationId: afterEmail.organizationId,
      memberId: afterEmail.memberId,
      ...(afterEmail.enrollmentRequired ? { mfaPhoneNumber: '+12025550199' } : {}),
    });
  }
  client.setPrimaryAuth({ intermediateSessionToken: 'ist', organizationId: 'o', memberId: 'm' });
  client.setPrimaryAuth({ intermediate_session_token: 'ist', member_id: 'm', organization_id: 'o' });

  const unsubscribe: () => void = client.onChange((state) => render(state));
  unsubscribe();
  render(client.getMfaState());
  client.signOut();

  // Misuse the types must refuse.
  // @ts-expect-error publicToken is required
  createClient({ baseUrl: 'http://127.0.0.1:9010' });
  // @ts-expect-error unknown storage kind
  createClient({ publicToken: 'public-token-test-x', storage: 'indexedDB' });
  // @ts-expect-error the phone number is a string
  await client.sendSms({ phoneNumber: 12025550100 });
  // @ts-expect-error the code is a string
  await client.authenticate({ code: 123456 });
  // @ts-expect-error sameSite is a closed set
  createClient({ publicToken: 'public-token-test-x', cookieOptions: { sameSite: 'lax' } });
  const state = client.getMfaState();
  // @ts-expect-error codeExpiresAt exists only once narrowed to code_sent
  void state.codeExpiresAt;
}

/** A UI switches on the discriminant; `never` proves every status is handled. */
function render(state: MfaState): string {
  switch (state.status) {
    case 'none':
      return 'Sign in';
    case 'primary_required':
      return `Sign in again with ${state.allowedAuthMethods.join(' or ')}`;
    case 'mfa_required':
      return state.enrollmentRequired ? 'Add a phone' : `Send a code to ${state.phoneMasked ?? ''}`;
    case 'code_sent':
      if (state.codeExpired) return 'That code expired: send a new one';
      return `Code sent to ${state.phoneMasked}${state.session ? ` (signed in as ${state.session.sessionId})` : ''}, expires ${new Date(state.codeExpiresAt).toISOString()}`;
    case 'authenticated':
      return `Signed in: ${state.sessionId} until ${state.expiresAt}`;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
