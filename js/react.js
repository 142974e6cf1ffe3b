// `sms-mfa-sdk/react`: React hooks over a client. Shipped as written (not
// bundled into the main module, which never imports React).
import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { isSdkError } from '../pkg/sms_mfa_sdk.js';

// getMfaState() builds a new object on every call; useSyncExternalStore needs
// the same object back while nothing changed, or it renders in a loop. One
// cache per client, so every component of a client sees the same object.
const snapshots = new WeakMap();
const SERVER_STATE = Object.freeze({ status: 'none' });

function snapshot(client) {
  const state = client.getMfaState();
  const json = JSON.stringify(state);
  const cached = snapshots.get(client);
  if (cached && cached.json === json) return cached.state;
  snapshots.set(client, { json, state });
  return state;
}

/**
 * The client's `MfaState`, re-rendering on every change (this tab or
 * another, and when a code, the IST or the session expires: the client's
 * own timer tells its listeners).
 */
export function useMfaState(client) {
  const store = useMemo(() => ({
    subscribe: (onStoreChange) => client.onChange(() => onStoreChange()),
    get: () => snapshot(client),
  }), [client]);
  return useSyncExternalStore(store.subscribe, store.get, serverState);
}

function serverState() {
  return SERVER_STATE;
}

/**
 * `sendSms` and `authenticate` with `pending` (a call is running) and
 * `error` (the `SdkError` of the last call that failed; cleared when a call
 * starts). The functions are stable for a given client; they resolve with the
 * client's result, or with `undefined` when the call failed with an
 * `SdkError` (then in `error`); anything else is thrown.
 */
export function useSmsLogin(client) {
  const [running, setRunning] = useState(0);
  const [error, setError] = useState(null);
  const actions = useMemo(() => {
    const wrap = (method) => async (input) => {
      setRunning((n) => n + 1);
      setError(null);
      try {
        return await client[method](input);
      } catch (e) {
        if (!isSdkError(e)) throw e;
        setError(e);
        return undefined;
      } finally {
        setRunning((n) => n - 1);
      }
    };
    return { sendSms: wrap('sendSms'), authenticate: wrap('authenticate') };
  }, [client]);
  return { sendSms: actions.sendSms, authenticate: actions.authenticate, pending: running > 0, error };
}
