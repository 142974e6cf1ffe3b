
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
