import { CAR_CONTENT_TYPE } from '../car.js';
import { parseCid } from '../cid.js';
import { UploadError } from '../errors.js';
import type { ContentStore } from './content-store.js';
import { checkRoot, packContent } from './pack-content.js';

export interface LocalGatewayStoreOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * Stores content in the local gateway (`@tem/gateway`): packs the CAR locally and POSTs it to
 * `<url>/upload`, which verifies every block and answers `{ "cid": "<root>" }`.
 *
 * @example const cid = await localGatewayStore({ url }).put({ kind: 'file', content: bytes })
 */
export function localGatewayStore(options: LocalGatewayStoreOptions): ContentStore {
  const base = options.url.replace(/\/+$/, '');
  const doFetch =
    options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  return {
    async put(content, putOptions = {}) {
      const { root, car } = await packContent(content, putOptions);
      const url = `${base}/upload`;
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': CAR_CONTENT_TYPE },
        body: car as Uint8Array<ArrayBuffer>,
        ...(putOptions.signal ? { signal: putOptions.signal } : {}),
      });
      const text = await response.text();
      if (!response.ok)
        throw new UploadError(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
      let answered: unknown;
      try {
        answered = (JSON.parse(text) as { cid?: unknown }).cid;
      } catch {
        throw new UploadError(`${url} answered a body that is not JSON: ${text.slice(0, 100)}`);
      }
      if (typeof answered !== 'string') throw new UploadError(`${url} answered no "cid" field`);
      checkRoot(url, root, parseCid(answered));
      return root;
    },
  };
}
