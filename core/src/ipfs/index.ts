/**
 * Content addressing and storage (IPFS), isomorphic: browsers, workers and Node.
 *
 * - CIDs computed locally, as `ipfs add` computes them (Kubo defaults: 256 KiB chunks, balanced
 *   DAG of 174 links; CIDv1 with raw leaves by default, CIDv0 with dag-pb leaves on request).
 * - CAR pack and read, every block verified against its CID on the way in.
 * - A UnixFS walker over any block source, and a verified fetch client over trustless gateways.
 * - One storage interface, `ContentStore.put(file | directory) -> CID`, with adapters for the
 *   local gateway, Kubo RPC and Storacha.
 *
 * @example
 * import { cidOfBytes, createVerifiedFetch, localGatewayStore } from '@tem/core/ipfs'
 *
 * const bytes = new TextEncoder().encode('hello world')
 * (await cidOfBytes(bytes)).toString() // 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e'
 *
 * const store = localGatewayStore({ url: 'http://127.0.0.1:8080' })
 * const cid = await store.put({ kind: 'directory', entries: [{ path: 'a.txt', content: bytes }] })
 *
 * const ipfs = createVerifiedFetch({ gateways: ['http://127.0.0.1:8080'] })
 * await ipfs.text(`${cid}/a.txt`) // 'hello world', every block checked
 */
export { CID } from 'multiformats/cid';
export * from './errors.js';
export {
  parseCid,
  parseContentPath,
  formatContentPath,
  DAG_PB,
  RAW,
  type ContentPath,
} from './cid.js';
export { verifyBlock, verifyingSource, MAX_BLOCK_BYTES } from './verify.js';
export {
  MemoryBlockStore,
  blockKey,
  type BlockStore,
  type BlockSource,
  type BlockOptions,
} from './block-store.js';
export type {
  ByteSource,
  Content,
  FileContent,
  DirectoryContent,
  DirectoryEntryInput,
} from './content.js';
export {
  addFile,
  addDirectory,
  addContent,
  cidOfBytes,
  cidOfFile,
  cidOfDirectory,
  CHUNK_SIZE,
  MAX_LINKS_PER_NODE,
  HAMT_THRESHOLD_BYTES,
  type AddOptions,
  type CidVersion,
} from './add.js';
export { linksOf, walkDag, type Block } from './dag.js';
export { FileSizeChecker } from './unixfs-sizes.js';
export {
  packCar,
  packBlocks,
  packCarBytes,
  readCar,
  collect,
  concatBytes,
  CAR_CONTENT_TYPE,
  type CarContents,
  type ReadCarOptions,
} from './car.js';
export {
  resolvePath,
  readFile,
  listDirectory,
  type ResolvedEntry,
  type DirectoryEntry,
} from './unixfs.js';
export {
  createVerifiedFetch,
  RAW_BLOCK_CONTENT_TYPE,
  type VerifiedFetch,
  type VerifiedFetchOptions,
  type FetchRequestOptions,
  type ContentPathInput,
} from './verified-fetch.js';
export * from './storage/index.js';
