/**
 * The EIP-712 score attestation shared by the verifiers (which sign) and TaskMarket (which checks
 * m of them): domain `TaskMarket` version `2` on the contract's chain and address, and the `Score`
 * struct. The seed types (`TestSeed`, `SeedCommitment`) are in `test-seed.ts`.
 */
import {
  type TypedDataDomain,
  type TypedDataField,
  TypedDataEncoder,
  getAddress,
  keccak256,
  verifyTypedData,
} from 'ethers';
import { type CidInput, cidToBytes } from './cid.js';
import { MarketInputError } from './errors.js';

/** EIP-712 domain name of TaskMarket. */
export const SCORE_DOMAIN_NAME = 'TaskMarket';
/** EIP-712 domain version of TaskMarket (2: the quorum contract of issues 18 and 23). */
export const SCORE_DOMAIN_VERSION = '2';

/** EIP-712 types of the score attestation. */
export const SCORE_TYPES: Record<string, TypedDataField[]> = {
  Score: [
    { name: 'taskId', type: 'uint256' },
    { name: 'submissionId', type: 'uint256' },
    { name: 'resultCidHash', type: 'bytes32' },
    { name: 'score', type: 'uint64' },
    { name: 'testSeed', type: 'bytes32' },
  ],
};

/** Which deployment a score is for. */
export interface ScoreDomainParameters {
  chainId: bigint | number;
  /** The TaskMarket address. */
  contract: string;
}

/** What the verifier attests. */
export interface ScoreParameters extends ScoreDomainParameters {
  taskId: bigint | number;
  submissionId: bigint | number;
  /** The revealed result CID (hashed with keccak256 of its bytes); or give `resultCidHash`. */
  resultCid?: CidInput;
  /** keccak256 of the revealed result CID's bytes, when the CID itself is not at hand. */
  resultCidHash?: string;
  /** The score, an unsigned 64-bit integer. */
  score: bigint | number;
  /** The task's test seed (0x-hex, 32 bytes), fixed after the reveal window. */
  testSeed: string;
}

function resultCidHashOf(params: ScoreParameters): string {
  if (params.resultCidHash !== undefined) return params.resultCidHash;
  if (params.resultCid === undefined) {
    throw new MarketInputError('a score needs resultCid or resultCidHash');
  }
  return keccak256(cidToBytes(params.resultCid));
}

/** The EIP-712 domain of a TaskMarket deployment. */
export function scoreDomain(params: ScoreDomainParameters): TypedDataDomain {
  return {
    name: SCORE_DOMAIN_NAME,
    version: SCORE_DOMAIN_VERSION,
    chainId: BigInt(params.chainId),
    verifyingContract: getAddress(params.contract),
  };
}

/** The `Score` struct value as signed. */
export function scoreMessage(params: ScoreParameters): Record<string, unknown> {
  return {
    taskId: BigInt(params.taskId),
    submissionId: BigInt(params.submissionId),
    resultCidHash: resultCidHashOf(params),
    score: BigInt(params.score),
    testSeed: params.testSeed,
  };
}

/** The EIP-712 digest of a score (equals TaskMarket's `scoreDigest`). */
export function hashScore(params: ScoreParameters): string {
  return TypedDataEncoder.hash(scoreDomain(params), SCORE_TYPES, scoreMessage(params));
}

/** Anything that signs EIP-712 typed data (an ethers `Wallet` or `Signer`). */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/**
 * Signs a score as one of the task's verifiers; anyone relays m of them with `recordScore`.
 *
 * @example
 * const signature = await signScore(verifierWallet, { chainId: 366n, contract, taskId, submissionId, resultCid, score: 900n, testSeed });
 */
export function signScore(signer: TypedDataSigner, params: ScoreParameters): Promise<string> {
  return signer.signTypedData(scoreDomain(params), SCORE_TYPES, scoreMessage(params));
}

/** The address that signed a score (compare it with the task's verifiers). */
export function recoverScoreSigner(params: ScoreParameters, signature: string): string {
  return verifyTypedData(scoreDomain(params), SCORE_TYPES, scoreMessage(params), signature);
}
