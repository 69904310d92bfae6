/**
 * The test seed of a task, as TaskMarket derives it (see docs/test-seed.md):
 * - reveals fold `(submissionId, keccak256(resultCid))` into the task's `revealsDigest`;
 * - n = 1: the verifier signs `TestSeed(taskId, revealsDigest)` after the reveal deadline and the
 *   seed is `keccak256(signature)`;
 * - n > 1: each verifier's contribution is `keccak256` of its `TestSeed` signature (deterministic,
 *   so a stateless verifier recomputes it), committed as `keccak256(abi.encode(contribution))` by a
 *   signed `SeedCommitment(taskId, revealsDigest, commitment)` and revealed after commitments
 *   close; the seed is `keccak256(abi.encode(revealsDigest, XOR_i keccak256(abi.encode(uint8 i,
 *   contribution_i))))` over the revealed contributions.
 */
import {
  AbiCoder,
  type TypedDataField,
  TypedDataEncoder,
  ZeroHash,
  keccak256,
  toBeHex,
  verifyTypedData,
} from 'ethers';
import { type CidInput, cidToBytes } from './cid.js';
import { type ScoreDomainParameters, type TypedDataSigner, scoreDomain } from './eip712.js';
import { MarketInputError } from './errors.js';

const abi = AbiCoder.defaultAbiCoder();

/** The reveals digest of a task nobody has revealed to yet. */
export const EMPTY_REVEALS_DIGEST = ZeroHash;

/** EIP-712 type a verifier signs to fix (n = 1) or derive (n > 1) the test seed. */
export const TEST_SEED_TYPES: Record<string, TypedDataField[]> = {
  TestSeed: [
    { name: 'taskId', type: 'uint256' },
    { name: 'revealsDigest', type: 'bytes32' },
  ],
};

/** EIP-712 type of a verifier's commitment to its seed contribution (n > 1). */
export const SEED_COMMITMENT_TYPES: Record<string, TypedDataField[]> = {
  SeedCommitment: [
    { name: 'taskId', type: 'uint256' },
    { name: 'revealsDigest', type: 'bytes32' },
    { name: 'commitment', type: 'bytes32' },
  ],
};

/** What a `TestSeed` signature covers. */
export interface TestSeedParameters extends ScoreDomainParameters {
  taskId: bigint | number;
  /** The task's final reveals digest (read it from the chain after the reveal deadline). */
  revealsDigest: string;
}

/** What a `SeedCommitment` signature covers. */
export interface SeedCommitmentParameters extends TestSeedParameters {
  /** {@link seedContributionCommitment} of the verifier's contribution. */
  commitment: string;
}

const bytes32 = (value: string, what: string): string => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new MarketInputError(`${what} must be 32 bytes of 0x-hex, got ${JSON.stringify(value)}`);
  }
  return value;
};

const testSeedMessage = (p: TestSeedParameters) => ({
  taskId: BigInt(p.taskId),
  revealsDigest: bytes32(p.revealsDigest, 'revealsDigest'),
});

const seedCommitmentMessage = (p: SeedCommitmentParameters) => ({
  ...testSeedMessage(p),
  commitment: bytes32(p.commitment, 'commitment'),
});

/**
 * The reveals digest after one more reveal: `keccak256(abi.encode(previous, submissionId,
 * keccak256(resultCid)))`, as TaskMarket folds it (and emits it in `SolutionRevealed`).
 *
 * @example
 * let digest = EMPTY_REVEALS_DIGEST;
 * for (const r of revealsInChainOrder) digest = foldRevealsDigest(digest, r.submissionId, r.resultCid);
 */
export function foldRevealsDigest(
  previous: string,
  submissionId: bigint | number,
  resultCid: CidInput,
): string {
  return keccak256(
    abi.encode(
      ['bytes32', 'uint256', 'bytes32'],
      [
        bytes32(previous, 'previous digest'),
        BigInt(submissionId),
        keccak256(cidToBytes(resultCid)),
      ],
    ),
  );
}

/** The EIP-712 digest of `TestSeed(taskId, revealsDigest)` (TaskMarket's `testSeedDigest`). */
export function hashTestSeed(params: TestSeedParameters): string {
  return TypedDataEncoder.hash(scoreDomain(params), TEST_SEED_TYPES, testSeedMessage(params));
}

/**
 * Signs `TestSeed(taskId, revealsDigest)` as a verifier. Sign only after the task's reveal
 * deadline and only for the digest on chain: a signature for any other digest tells its holder the
 * seed that digest would get (a seed oracle for selective reveals).
 *
 * @example
 * const signature = await signTestSeed(verifierWallet, { chainId: 366n, contract, taskId, revealsDigest });
 * await fixTestSeed(anyClient, { taskId, signature });
 */
export function signTestSeed(signer: TypedDataSigner, params: TestSeedParameters): Promise<string> {
  return signer.signTypedData(scoreDomain(params), TEST_SEED_TYPES, testSeedMessage(params));
}

/** The address that signed a `TestSeed`. */
export function recoverTestSeedSigner(params: TestSeedParameters, signature: string): string {
  return verifyTypedData(scoreDomain(params), TEST_SEED_TYPES, testSeedMessage(params), signature);
}

/** The seed of a one-verifier task: `keccak256` of the verifier's 65-byte `TestSeed` signature. */
export function testSeedFromSignature(signature: string): string {
  return keccak256(signature);
}

/**
 * A verifier's seed contribution for a task with several verifiers: `keccak256` of its `TestSeed`
 * signature. ethers signs deterministically (RFC 6979), so a stateless verifier gets the same
 * contribution every time it is asked, and nobody without its key can compute it.
 */
export async function deriveSeedContribution(
  signer: TypedDataSigner,
  params: TestSeedParameters,
): Promise<string> {
  return keccak256(await signTestSeed(signer, params));
}

/** The commitment to a contribution: `keccak256(abi.encode(bytes32 contribution))`. */
export function seedContributionCommitment(contribution: string): string {
  return keccak256(abi.encode(['bytes32'], [bytes32(contribution, 'contribution')]));
}

/** The EIP-712 digest of `SeedCommitment(taskId, revealsDigest, commitment)`. */
export function hashSeedCommitment(params: SeedCommitmentParameters): string {
  return TypedDataEncoder.hash(
    scoreDomain(params),
    SEED_COMMITMENT_TYPES,
    seedCommitmentMessage(params),
  );
}

/**
 * Signs a commitment to a seed contribution as a verifier (anyone relays it with `commitSeed`).
 *
 * @example
 * const contribution = await deriveSeedContribution(wallet, { chainId, contract, taskId, revealsDigest });
 * const commitment = seedContributionCommitment(contribution);
 * const signature = await signSeedCommitment(wallet, { chainId, contract, taskId, revealsDigest, commitment });
 */
export function signSeedCommitment(
  signer: TypedDataSigner,
  params: SeedCommitmentParameters,
): Promise<string> {
  return signer.signTypedData(
    scoreDomain(params),
    SEED_COMMITMENT_TYPES,
    seedCommitmentMessage(params),
  );
}

/** The address that signed a `SeedCommitment`. */
export function recoverSeedCommitmentSigner(
  params: SeedCommitmentParameters,
  signature: string,
): string {
  return verifyTypedData(
    scoreDomain(params),
    SEED_COMMITMENT_TYPES,
    seedCommitmentMessage(params),
    signature,
  );
}

/**
 * The seed of a task with several verifiers from its revealed contributions (verifier index →
 * contribution), as TaskMarket computes it. The order of the entries does not matter.
 */
export function testSeedFromContributions(
  revealsDigest: string,
  contributions: ReadonlyMap<number, string>,
): string {
  let accumulator = 0n;
  for (const [index, contribution] of contributions) {
    if (!Number.isInteger(index) || index < 0 || index > 255) {
      throw new MarketInputError(`verifier index must be 0 to 255, got ${index}`);
    }
    const term = keccak256(
      abi.encode(['uint8', 'bytes32'], [index, bytes32(contribution, 'contribution')]),
    );
    accumulator ^= BigInt(term);
  }
  return keccak256(
    abi.encode(
      ['bytes32', 'bytes32'],
      [bytes32(revealsDigest, 'revealsDigest'), toBeHex(accumulator, 32)],
    ),
  );
}
