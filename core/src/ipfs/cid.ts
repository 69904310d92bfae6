import { CID } from 'multiformats/cid';
import { InvalidCidError, InvalidPathError } from './errors.js';

/** Codec numbers used by UnixFS. */
export const DAG_PB = 0x70;
export const RAW = 0x55;

/** CIDs are at most a few dozen characters; anything longer is refused before parsing. */
const MAX_CID_CHARS = 256;

/**
 * Parses a CID string (CIDv0 `Qm...` or any multibase CIDv1), or passes a CID through.
 *
 * @example parseCid('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
 */
export function parseCid(value: string | CID): CID {
  if (typeof value !== 'string') {
    const cid = CID.asCID(value);
    if (!cid) throw new InvalidCidError(`not a CID: ${String(value)}`);
    return cid;
  }
  if (value.length === 0 || value.length > MAX_CID_CHARS) {
    throw new InvalidCidError(`invalid CID '${value.slice(0, 64)}': wrong length ${value.length}`);
  }
  try {
    return CID.parse(value);
  } catch (error) {
    // base32 CIDv1 is case-insensitive in URLs (subdomain gateways lower-case it).
    if (value.startsWith('B')) return parseCid(value.toLowerCase());
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidCidError(`invalid CID '${value}': ${detail}`);
  }
}

/** A CID plus the path segments below it, e.g. `bafy.../a/b` -> `{ cid, segments: ['a', 'b'] }`. */
export interface ContentPath {
  cid: CID;
  segments: string[];
}

/**
 * Parses `<cid>[/<path>]`, `/ipfs/<cid>[/<path>]` or `ipfs://<cid>[/<path>]`. Segments are
 * percent-decoded; empty, `.` and `..` segments are refused (a trailing slash is allowed).
 */
export function parseContentPath(value: string | CID | ContentPath): ContentPath {
  if (typeof value !== 'string') {
    if ('segments' in value && 'cid' in value) return value as ContentPath;
    return { cid: parseCid(value as CID), segments: [] };
  }
  let rest = value;
  if (rest.startsWith('ipfs://')) rest = rest.slice('ipfs://'.length);
  else if (rest.startsWith('/ipfs/')) rest = rest.slice('/ipfs/'.length);
  const [first = '', ...parts] = rest.split('/');
  const cid = parseCid(first);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return { cid, segments: parts.map((p) => decodeSegment(p, value)) };
}

function decodeSegment(segment: string, whole: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new InvalidPathError(`invalid path '${whole}': bad percent-encoding in '${segment}'`);
  }
  if (decoded === '' || decoded === '.' || decoded === '..' || decoded.includes('/')) {
    throw new InvalidPathError(`invalid path '${whole}': segment '${segment}' is not allowed`);
  }
  if (decoded.includes('\0')) throw new InvalidPathError(`invalid path '${whole}': NUL in segment`);
  return decoded;
}

/** Formats a content path back to `<cid>/a/b` (segments percent-encoded). */
export function formatContentPath(path: ContentPath): string {
  return [path.cid.toString(), ...path.segments.map(encodeURIComponent)].join('/');
}
