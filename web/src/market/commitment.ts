import { AbiCoder, hexlify, keccak256, randomBytes } from 'ethers';
import { CID } from 'multiformats/cid';

/** The CID text as the bytes stored on chain; throws on text that is not a CID. */
export function cidBytes(cid: string): Uint8Array {
  return CID.parse(cid.trim()).bytes;
}

/** A fresh 32-byte salt from the browser's CSPRNG. */
export function newSalt(): string {
  return hexlify(randomBytes(32));
}

/**
 * The commitment the contract checks at reveal, computed locally so the result CID never leaves
 * the browser before the reveal: keccak256(abi.encode(chainId, market, taskId, solver, keccak256(cid), salt)).
 */
export function computeCommitment(p: {
  chainId: number;
  market: string;
  taskId: bigint;
  solver: string;
  resultCid: string;
  salt: string;
}): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ['uint256', 'address', 'uint256', 'address', 'bytes32', 'bytes32'],
      [p.chainId, p.market, p.taskId, p.solver, keccak256(cidBytes(p.resultCid)), p.salt],
    ),
  );
}
