import { parseCid } from '../cid.js';
import { UploadError } from '../errors.js';
import type { ContentStore } from './content-store.js';
import { checkRoot, packContent } from './pack-content.js';

export interface KuboRpcStoreOptions {
  /**
   * The Kubo RPC base URL, e.g. `http://127.0.0.1:5001`. Credentials in it
   * (`https://user:secret@host:5001`) are sent as HTTP Basic auth and never appear in errors.
   */
  url: string;
  /**
   * The `Authorization` header a hosted node wants, e.g. `Bearer <token>` or `Basic <base64>`
   * (from the environment; never logged). Wins over credentials in the URL.
   */
  authorization?: string;
  /** Other headers to send with every request. */
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}

/** A Kubo URL that cannot be used; names the problem, never the credentials. */
export class KuboUrlError extends Error {
  override name = 'KuboUrlError';
}

/** The URL without credentials, and the Basic auth header they make (if any). */
function splitCredentials(text: string): { base: string; basic?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KuboUrlError('the Kubo RPC URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new KuboUrlError(`the Kubo RPC URL must be http(s), not ${url.protocol}`);
  let basic: string | undefined;
  if (url.username || url.password) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    basic = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(pair)))}`;
    url.username = '';
    url.password = '';
  }
  return { base: url.toString().replace(/\/+$/, ''), ...(basic ? { basic } : {}) };
}

/**
 * Stores content in a Kubo node: POSTs the locally built CAR to `/api/v0/dag/import` (pinning
 * the root) and checks the root Kubo reports. A hosted node's auth goes in `authorization` or
 * in the URL's credentials.
 *
 * @example
 * const cid = await kuboRpcStore({ url: 'http://127.0.0.1:5001' }).put(content)
 * kuboRpcStore({ url: 'https://ipfs.example:5001', authorization: `Bearer ${process.env.TOKEN}` })
 */
export function kuboRpcStore(options: KuboRpcStoreOptions): ContentStore {
  const { base, basic } = splitCredentials(options.url);
  const authorization = options.authorization ?? basic;
  const headers: Record<string, string> = {
    ...options.headers,
    ...(authorization ? { authorization } : {}),
  };
  const doFetch =
    options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  return {
    async put(content, putOptions = {}) {
      const { root, car } = await packContent(content, putOptions);
      const form = new FormData();
      form.append(
        'file',
        new Blob([car as Uint8Array<ArrayBuffer>], { type: 'application/vnd.ipld.car' }),
        'upload.car',
      );
      const url = `${base}/api/v0/dag/import?pin-roots=true&stats=false`;
      const response = await doFetch(url, {
        method: 'POST',
        body: form,
        headers,
        ...(putOptions.signal ? { signal: putOptions.signal } : {}),
      });
      const text = await response.text();
      if (!response.ok)
        throw new UploadError(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
      const roots = parseImportLines(url, text);
      const reported = roots.find((r) => r.cid === root.toString()) ?? roots[0];
      if (!reported) throw new UploadError(`${url} reported no root`);
      if (reported.pinError)
        throw new UploadError(`${url} could not pin ${reported.cid}: ${reported.pinError}`);
      checkRoot(url, root, parseCid(reported.cid));
      return root;
    },
  };
}

/** Kubo answers newline-delimited JSON: `{"Root":{"Cid":{"/":"bafy..."},"PinErrorMsg":""}}`. */
function parseImportLines(url: string, text: string): { cid: string; pinError: string }[] {
  const roots: { cid: string; pinError: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: { Root?: { Cid?: { '/'?: unknown }; PinErrorMsg?: unknown } };
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UploadError(`${url} answered a line that is not JSON: ${line.slice(0, 100)}`);
    }
    const cid = parsed.Root?.Cid?.['/'];
    if (typeof cid === 'string') {
      const pinError = parsed.Root?.PinErrorMsg;
      roots.push({ cid, pinError: typeof pinError === 'string' ? pinError : '' });
    }
  }
  return roots;
}
