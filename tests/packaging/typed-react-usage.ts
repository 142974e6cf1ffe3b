// Typed usage of `sms-mfa-sdk/react`, compiled with `tsc --noEmit` against the
// shipped `.d.ts` (no React types needed: the hooks' signatures name only the
// SDK's). Every `@ts-expect-error` line must really be an error.
import type { Client, MfaState, SdkError, SendSmsResult, Session } from 'sms-mfa-sdk';
import { useMfaState, useSmsLogin, type SmsLogin } from 'sms-mfa-sdk/react';

export async function LoginView(client: Client): Promise<string> {
  const state: MfaState = useMfaState(client);
  const login: SmsLogin = useSmsLogin(client);
  const { sendSms, authenticate, pending, error } = login;
  const busy: boolean = pending;
  const last: SdkError | null = error;
  if (last) console.log(last.errorType, last.retryable);

  const sent: SendSmsResult | undefined = await sendSms({ phoneNumber: '+12025550100' });
  if (sent) console.log(sent.codeExpiresAt);
  await sendSms({ organizationId: 'organization-x', memberId: 'member-x' });
  // null: no session yet (B2B, primary still required); undefined: the call failed.
  const session: Session | null | undefined = await authenticate({ code: '123456' });
  // @ts-expect-error the result may be undefined (the call failed)
  const sure: Session = await authenticate({ code: '123456' });
  // @ts-expect-error sendSms takes an input object
  await sendSms('+12025550100');
  // @ts-expect-error a client is required
  useMfaState();
  // @ts-expect-error useMfaState takes a Client
  useMfaState({ getMfaState: () => ({ status: 'none' }) });

  switch (state.status) {
    case 'code_sent': return `${state.phoneMasked} ${busy} ${sure.sessionId}`;
    case 'primary_required': return state.allowedAuthMethods.join(', ');
    case 'mfa_required': return state.memberId;
    case 'authenticated': return session?.sessionId ?? state.sessionId;
    case 'none': return 'none';
  }
}
