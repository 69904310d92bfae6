import { parseCid } from '../cid.js';
import { UploadError } from '../errors.js';
import type { ContentStore } from './content-store.js';
import { checkRoot, packContent } from './pack-content.js';

export interface KuboRpcStoreOptions {
  /** The Kubo RPC base URL, e.g. `http://127.0.0.1:5001`. */
  url: string;
  /** Extra headers, e.g. `{ authorization: 'Bearer ...' }` for a hosted node (token from env). */
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}

/**
 * Stores content in a Kubo node: POSTs the locally built CAR to `/api/v0/dag/import` (pinning
 * the root) and checks the root Kubo reports.
 *
 * @example const cid = await kuboRpcStore({ url: 'http://127.0.0.1:5001' }).put(content)
 */
export function kuboRpcStore(options: KuboRpcStoreOptions): ContentStore {
  const base = options.url.replace(/\/+$/, '');
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
        ...(options.headers ? { headers: options.headers } : {}),
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
