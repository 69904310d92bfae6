import { AbiCoder, getAddress, hexlify, keccak256 } from 'ethers';
import { type CidInput, cidToBytes } from './cid.js';
import { MarketInputError } from './errors.js';

/** What a commitment binds: chain, contract, task, solver, result CID, salt. */
export interface CommitmentParameters {
  chainId: bigint | number;
  /** The TaskMarket address. */
  contract: string;
  taskId: bigint | number;
  /** The address that sends `commit`. */
  solver: string;
  resultCid: CidInput;
  /** 32 bytes, 0x-hex. */
  salt: string;
}

/**
 * The commitment TaskMarket checks on reveal:
 * `keccak256(abi.encode(chainId, contract, taskId, solver, keccak256(resultCid), salt))`.
 */
export function computeCommitment(params: CommitmentParameters): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(params.salt)) {
    throw new MarketInputError(
      `salt must be 32 bytes of 0x-hex, got ${JSON.stringify(params.salt)}`,
    );
  }
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ['uint256', 'address', 'uint256', 'address', 'bytes32', 'bytes32'],
      [
        BigInt(params.chainId),
        getAddress(params.contract),
        BigInt(params.taskId),
        getAddress(params.solver),
        keccak256(cidToBytes(params.resultCid)),
        params.salt,
      ],
    ),
  );
}

/** 32 random bytes from the platform's CSPRNG, as 0x-hex: a fresh commitment salt. */
export function randomSalt(): string {
  return hexlify(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}
