// The demo has a human message for every error type the public API declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './harness.mjs';
import { describeError, KNOWN_ERROR_TYPES } from '../../www/lib/errors.js';

/** The `ErrorType` union of the public typings (generated d.ts, its reviewed copy, or the entry d.ts). */
function declaredErrorTypes() {
  const candidates = ['pkg/sms_mfa_sdk.d.ts', 'tests/sms_mfa_sdk.d.ts', 'js/index.d.ts'];
  let m = null;
  for (const f of candidates) {
    let dts = '';
    try { dts = readFileSync(join(repoRoot, f), 'utf8'); } catch { continue; }
    m = /export type ErrorType\s*=([\s\S]*?);/.exec(dts);
    if (m) break;
  }
  assert.ok(m, `ErrorType union found in one of ${candidates.join(', ')}`);
  return [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
}

test('every declared ErrorType has its own message in the demo', () => {
  const declared = declaredErrorTypes();
  assert.ok(declared.length >= 20, `parsed ${declared.length} error types`);
  const missing = declared.filter((t) => !KNOWN_ERROR_TYPES.includes(t));
  assert.deepEqual(missing, [], 'error types without a message');
  for (const t of declared) {
    const { message } = describeError({ name: 'SdkError', errorType: t, statusCode: 400 });
    assert.ok(message.length > 10 && !/Something went wrong/.test(message), `${t}: ${message}`);
  }
});

test('unknown types fall back to the server message, 5xx to a generic one, and Retry-After is shown', () => {
  assert.equal(describeError({ errorType: 'brand_new_type', statusCode: 400, errorMessage: 'Server says no.' }).message, 'Server says no.');
  assert.match(describeError({ errorType: 'brand_new_type', statusCode: 502 }).message, /server had a problem/);
  assert.match(describeError({ errorType: 'too_many_requests', statusCode: 429, retryAfter: 42, retryable: true }).message, /42 s/);
  assert.match(describeError(new TypeError('x')).message, /went wrong/);
  assert.match(describeError(null).message, /went wrong/);
});
