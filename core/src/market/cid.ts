import { getBytes, hexlify, isHexString } from 'ethers';
import { CID } from 'multiformats/cid';
import { MarketInputError } from './errors.js';

/** A CID as the client accepts it: a CID object, its text (`bafy...`, `Qm...`), its bytes, or 0x-hex bytes. */
export type CidInput = CID | string | Uint8Array;

/** The binary form of a CID, as the contract stores it. */
export function cidToBytes(cid: CidInput): Uint8Array {
  if (cid instanceof Uint8Array) return cid;
  if (typeof cid === 'string') {
    if (isHexString(cid)) return getBytes(cid);
    try {
      return CID.parse(cid).bytes;
    } catch (err) {
      throw new MarketInputError(`not a CID: ${JSON.stringify(cid.slice(0, 100))}`, { cause: err });
    }
  }
  return cid.bytes;
}

/** The CID text of bytes read from the chain, or `null` when they are not a valid CID (untrusted input). */
export function cidFromBytes(bytes: Uint8Array | string): string | null {
  try {
    return CID.decode(typeof bytes === 'string' ? getBytes(bytes) : bytes).toString();
  } catch {
    return null;
  }
}

/** 0x-hex of a CID's bytes. */
export function cidToHex(cid: CidInput): string {
  return hexlify(cidToBytes(cid));
}
