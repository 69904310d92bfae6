/**
 * The EIP-712 score attestation shared by the verifier (which signs) and TaskMarket (which checks):
 * domain `TaskMarket` version `1` on the contract's chain and address, and the `Score` struct.
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

/** EIP-712 domain name of TaskMarket. */
export const SCORE_DOMAIN_NAME = 'TaskMarket';
/** EIP-712 domain version of TaskMarket. */
export const SCORE_DOMAIN_VERSION = '1';

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
  /** The revealed result CID (hashed with keccak256 of its bytes). */
  resultCid: CidInput;
  /** The score, an unsigned 64-bit integer. */
  score: bigint | number;
  /** The task's test seed (0x-hex, 32 bytes), fixed by the first reveal. */
  testSeed: string;
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
    resultCidHash: keccak256(cidToBytes(params.resultCid)),
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
 * Signs a score as the task's verifier; anyone can relay the signature with `recordScore`.
 *
 * @example
 * const signature = await signScore(verifierWallet, { chainId: 366n, contract, taskId, submissionId, resultCid, score: 900n, testSeed });
 */
export function signScore(signer: TypedDataSigner, params: ScoreParameters): Promise<string> {
  return signer.signTypedData(scoreDomain(params), SCORE_TYPES, scoreMessage(params));
}

/** The address that signed a score (compare it with the task's verifier). */
export function recoverScoreSigner(params: ScoreParameters, signature: string): string {
  return verifyTypedData(scoreDomain(params), SCORE_TYPES, scoreMessage(params), signature);
}
