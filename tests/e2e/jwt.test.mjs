// Session JWTs from the emulator verify against its JWKS with an independent
// implementation (Node's crypto, i.e. OpenSSL), the way a backend verifies
// Stytch's cookies locally (jose's createRemoteJWKSet, authenticateJwtLocal).
// Run: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { startEmulator, SEED } from './harness.mjs';

const PROJECT = { id: 'project-test-emulator', secret: 'secret-test-emulator' };
let emu;

before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu?.stop();
});

async function sdkPost(path, body) {
  const r = await fetch(`${emu.url}/sdk/v1${path}`, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + btoa(`${SEED.publicToken}:${SEED.publicToken}`), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const j = await r.json();
  assert.equal(r.status, 200, JSON.stringify(j));
  return j.data;
}

async function jwks(path) {
  const r = await fetch(`${emu.url}${path}`, { headers: { Authorization: 'Basic ' + btoa(`${PROJECT.id}:${PROJECT.secret}`) } });
  assert.equal(r.status, 200);
  return r.json();
}

const b64url = (s) => Buffer.from(s, 'base64url');

test('a session JWT verifies with the JWKS key (RS256), and a tampered one does not', async () => {
  const phone = SEED.consumerPhone;
  const { method_id } = await sdkPost('/otps/sms/login_or_create', { phone_number: phone });
  const code = await emu.admin.latestSmsCode(phone);
  const auth = await sdkPost('/otps/authenticate', { token: code, method_id, session_duration_minutes: 60 });
  const [h, c, s] = auth.session_jwt.split('.');
  const header = JSON.parse(b64url(h));
  const claims = JSON.parse(b64url(c));
  assert.equal(header.alg, 'RS256');

  const consumerSet = await jwks(`/v1/sessions/jwks/${PROJECT.id}`);
  const b2bSet = await jwks(`/v1/b2b/sessions/jwks/${PROJECT.id}`);
  assert.deepEqual(b2bSet.keys, consumerSet.keys, 'one key for both');
  const jwk = consumerSet.keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `a key with kid ${header.kid}`);
  assert.deepEqual([jwk.kty, jwk.alg, jwk.use], ['RSA', 'RS256', 'sig']);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  assert.equal(key.asymmetricKeyDetails.modulusLength, 2048);

  assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), key, b64url(s)), 'signature');
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'user-test-someone-else' })).toString('base64url');
  assert.ok(!verify('sha256', Buffer.from(`${h}.${forged}`), key, b64url(s)), 'changed claims fail');

  assert.equal(claims.sub, auth.user_id);
  assert.equal(claims.iss, `stytch.com/${PROJECT.id}`);
  assert.deepEqual(claims.aud, [PROJECT.id]);
  assert.equal(claims['https://stytch.com/session'].id, auth.session.session_id);
  const now = Date.now() / 1000;
  assert.ok(claims.iat <= now + 5 && claims.exp > now && claims.exp - claims.iat === 300, `lifetime: ${claims.iat}..${claims.exp}`);
  console.log(`# session JWT: RS256, kid ${header.kid}, verified with Node's crypto against /v1/sessions/jwks`);
});
