// Passcode input behaviour: digits only, paste of a whole message, auto-submit
// at 6 digits, and WebOTP where the browser offers it.

/** The first 6-digit run in a text ("Your code is 123 456" -> "123456"). */
export function extractCode(text) {
  const s = String(text || '');
  const run = /(?:^|\D)(\d{6})(?!\d)/.exec(s);
  if (run) return run[1];
  const spaced = /(\d{3})[\s-](\d{3})(?!\d)/.exec(s);
  if (spaced) return spaced[1] + spaced[2];
  return s.replace(/\D/g, '').slice(0, 6);
}

/**
 * Wires a code input. `onComplete(code)` runs when 6 digits are present
 * after typing or pasting (once per distinct value, so an error does not loop).
 */
export function wireCodeInput(input, onComplete) {
  let lastAuto = '';
  const complete = () => {
    const v = input.value;
    if (v.length === 6 && v !== lastAuto) {
      lastAuto = v;
      onComplete(v);
    }
  };
  input.addEventListener('input', () => {
    const clean = input.value.replace(/\D/g, '').slice(0, 6);
    if (clean !== input.value) input.value = clean;
    input.removeAttribute('aria-invalid');
    if (clean.length < 6) lastAuto = '';
    complete();
  });
  input.addEventListener('paste', (ev) => {
    const text = ev.clipboardData ? ev.clipboardData.getData('text/plain') || ev.clipboardData.getData('text') : '';
    if (!text) return;
    ev.preventDefault();
    input.value = extractCode(text);
    input.removeAttribute('aria-invalid');
    lastAuto = '';
    complete();
  });
  return {
    reset() { lastAuto = ''; },
  };
}

/**
 * Asks the browser for an incoming SMS code (WebOTP). Resolves with the code,
 * or null when unsupported, aborted or refused. Never rejects.
 */
export async function webOtp(signal) {
  if (!('OTPCredential' in window) || !navigator.credentials || !navigator.credentials.get) return null;
  try {
    const cred = await navigator.credentials.get({ otp: { transport: ['sms'] }, signal });
    return cred && typeof cred.code === 'string' ? extractCode(cred.code) : null;
  } catch {
    return null;
  }
}
