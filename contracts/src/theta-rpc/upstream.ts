import { UpstreamError } from './errors.js';

/** Calls anvil's JSON-RPC: the chain the double stands in front of. */
export type Upstream = <T = unknown>(method: string, params?: unknown[]) => Promise<T>;

/** A JSON-RPC client for `url`; anvil's errors come back as {@link UpstreamError}. */
export function createUpstream(url: string, signal?: AbortSignal): Upstream {
  let id = 0;
  return async <T>(method: string, params: unknown[] = []) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      ...(signal ? { signal } : {}),
    });
    const body = (await response.json()) as {
      result?: T;
      error?: { code: number; message: string; data?: unknown };
    };
    if (body.error) throw new UpstreamError(body.error.code, body.error.message, body.error.data);
    return body.result as T;
  };
}
