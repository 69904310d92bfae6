import type { CID } from 'multiformats/cid';
import type { CidVersion } from '../add.js';
import type { Content } from '../content.js';

export interface PutOptions {
  /** Default 1 (raw leaves). */
  cidVersion?: CidVersion;
  signal?: AbortSignal;
}

/**
 * One storage interface: put a file or a directory, get back its CID. The CID is always computed
 * locally first; an adapter that is answered with a different root throws {@link UploadError}.
 *
 * @example const cid = await store.put({ kind: 'file', content: bytes })
 */
export interface ContentStore {
  put(content: Content, options?: PutOptions): Promise<CID>;
}
