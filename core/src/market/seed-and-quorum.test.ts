import { AbiCoder, TypedDataEncoder, Wallet, ZeroHash, keccak256 } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_REVEALS_DIGEST,
  MarketInputError,
  SEED_COMMITMENT_TYPES,
  TEST_SEED_TYPES,
  deriveSeedContribution,
  foldRevealsDigest,
  hashSeedCommitment,
  hashTestSeed,
  hashVerifierSet,
  recoverSeedCommitmentSigner,
  recoverTestSeedSigner,
  seedContributionCommitment,
  seedPhase,
  signSeedCommitment,
  signTestSeed,
  sortVerifiers,
  submissionsFromEvents,
  type TaskMarketEvent,
  testSeedFromContributions,
  testSeedFromSignature,
} from './index.js';

const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const abi = AbiCoder.defaultAbiCoder();
const verifier = new Wallet(`0x${'22'.repeat(32)}`);
const domain = {
  chainId: 366n,
  contract: CONTRACT,
  taskId: 7n,
  revealsDigest: `0x${'cd'.repeat(32)}`,
};

describe('test seed types', () => {
  it('are the structs the contract hashes', () => {
    expect(TypedDataEncoder.from(TEST_SEED_TYPES).encodeType('TestSeed')).toBe(
      'TestSeed(uint256 taskId,bytes32 revealsDigest)',
    );
    expect(TypedDataEncoder.from(SEED_COMMITMENT_TYPES).encodeType('SeedCommitment')).toBe(
      'SeedCommitment(uint256 taskId,bytes32 revealsDigest,bytes32 commitment)',
    );
  });

  it('signs TestSeed deterministically; the seed of one verifier is keccak256 of the signature', async () => {
    const a = await signTestSeed(verifier, domain);
    expect(await signTestSeed(verifier, domain)).toBe(a);
    expect(recoverTestSeedSigner(domain, a)).toBe(verifier.address);
    expect(testSeedFromSignature(a)).toBe(keccak256(a));
    expect(hashTestSeed(domain)).not.toBe(hashTestSeed({ ...domain, revealsDigest: ZeroHash }));
    expect(await deriveSeedContribution(verifier, domain)).toBe(keccak256(a));
  });

  it('commits to a contribution as keccak256(abi.encode(bytes32)) with a signed SeedCommitment', async () => {
    const contribution = await deriveSeedContribution(verifier, domain);
    const commitment = seedContributionCommitment(contribution);
    expect(commitment).toBe(keccak256(abi.encode(['bytes32'], [contribution])));
    const signature = await signSeedCommitment(verifier, { ...domain, commitment });
    expect(recoverSeedCommitmentSigner({ ...domain, commitment }, signature)).toBe(
      verifier.address,
    );
    expect(hashSeedCommitment({ ...domain, commitment })).not.toBe(
      hashSeedCommitment({ ...domain, commitment: ZeroHash }),
    );
    expect(() => seedContributionCommitment('0x12')).toThrow(MarketInputError);
  });

  it('derives the seed of several verifiers from their contributions, keyed by index, in any order', () => {
    const c0 = `0x${'01'.repeat(32)}`;
    const c1 = `0x${'02'.repeat(32)}`;
    const digest = domain.revealsDigest;
    const seed = testSeedFromContributions(
      digest,
      new Map([
        [0, c0],
        [2, c1],
      ]),
    );
    expect(
      testSeedFromContributions(
        digest,
        new Map([
          [2, c1],
          [0, c0],
        ]),
      ),
    ).toBe(seed);
    expect(
      testSeedFromContributions(
        digest,
        new Map([
          [1, c0],
          [2, c1],
        ]),
      ),
    ).not.toBe(seed);
    expect(testSeedFromContributions(digest, new Map([[0, c0]]))).not.toBe(seed);
    // The same contribution under two indexes does not cancel out.
    expect(
      testSeedFromContributions(
        digest,
        new Map([
          [0, c0],
          [1, c0],
        ]),
      ),
    ).not.toBe(testSeedFromContributions(digest, new Map()));
    const term = (i: number, c: string) =>
      BigInt(keccak256(abi.encode(['uint8', 'bytes32'], [i, c])));
    const xor = `0x${(term(0, c0) ^ term(2, c1)).toString(16).padStart(64, '0')}`;
    expect(seed).toBe(keccak256(abi.encode(['bytes32', 'bytes32'], [digest, xor])));
  });

  it('folds reveals into the digest as the contract does', () => {
    const cid = new Uint8Array([1, 85, 18, 32, ...new Uint8Array(32).fill(9)]);
    const one = foldRevealsDigest(EMPTY_REVEALS_DIGEST, 1n, cid);
    expect(one).toBe(
      keccak256(abi.encode(['bytes32', 'uint256', 'bytes32'], [ZeroHash, 1n, keccak256(cid)])),
    );
    expect(foldRevealsDigest(one, 2n, cid)).not.toBe(foldRevealsDigest(one, 3n, cid));
  });
});

describe('verifier sets', () => {
  const a = '0x00000000000000000000000000000000000000A1';
  const b = '0x00000000000000000000000000000000000000b2';
  it('sorts ascending by address, checksummed, and hashes as abi.encode(address[])', () => {
    const sorted = sortVerifiers([b, a]);
    expect(sorted.map((x) => x.toLowerCase())).toEqual([a.toLowerCase(), b.toLowerCase()]);
    expect(hashVerifierSet(sorted)).toBe(keccak256(abi.encode(['address[]'], [sorted])));
  });

  it('refuses none, more than seven, duplicates, zero and non-addresses', () => {
    expect(() => sortVerifiers([])).toThrow(/1 to 7/);
    expect(() =>
      sortVerifiers(
        Array.from({ length: 8 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`),
      ),
    ).toThrow(/got 8/);
    expect(() => sortVerifiers([a, a.toLowerCase()])).toThrow(/named twice/);
    expect(() => sortVerifiers([`0x${'0'.repeat(40)}`])).toThrow(/zero address/);
    expect(() => sortVerifiers(['nobody'])).toThrow(MarketInputError);
  });
});

describe('seedPhase', () => {
  const base = {
    revealDeadline: 100n,
    seedWindow: 0n,
    scoringDeadline: 200n,
    verifierCount: 1,
    threshold: 1,
    testSeed: ZeroHash,
    seedCommitted: 0,
    seedRevealed: 0,
  };
  it('one verifier: reveals open, then its signature is awaited until scoring ends', () => {
    expect(seedPhase(base, 99)).toBe('reveals-open');
    expect(seedPhase(base, 100)).toBe('awaiting-signature');
    expect(seedPhase(base, 200)).toBe('missed');
    expect(seedPhase({ ...base, testSeed: `0x${'01'.repeat(32)}` }, 150)).toBe('fixed');
  });
  it('several verifiers: committing, revealing (early once all committed), settleable or missed', () => {
    const q = { ...base, verifierCount: 3, threshold: 2, seedWindow: 10n };
    expect(seedPhase(q, 105)).toBe('committing');
    expect(seedPhase({ ...q, seedCommitted: 7 }, 105)).toBe('revealing');
    expect(seedPhase({ ...q, seedCommitted: 3 }, 110)).toBe('revealing');
    expect(seedPhase({ ...q, seedCommitted: 1 }, 110)).toBe('missed');
    expect(seedPhase({ ...q, seedCommitted: 7, seedRevealed: 3 }, 120)).toBe('settleable');
    expect(seedPhase({ ...q, seedCommitted: 7, seedRevealed: 4 }, 120)).toBe('missed');
  });
});

describe('submissionsFromEvents', () => {
  const at = (n: number) => ({
    blockNumber: n,
    transactionHash: `0x${n.toString(16).padStart(64, '0')}`,
    logIndex: 0,
  });
  const solver = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const cid = '0x01551220' + '11'.repeat(32);
  it('rebuilds commits, reveals and every score of a task, ignoring other tasks', () => {
    const events = [
      {
        eventName: 'SolutionCommitted',
        args: { taskId: 1n, submissionId: 1n, solver, commitment: ZeroHash },
        ...at(1),
      },
      {
        eventName: 'SolutionCommitted',
        args: { taskId: 2n, submissionId: 1n, solver, commitment: ZeroHash },
        ...at(1),
      },
      {
        eventName: 'SolutionCommitted',
        args: { taskId: 1n, submissionId: 2n, solver, commitment: ZeroHash },
        ...at(2),
      },
      {
        eventName: 'SolutionRevealed',
        args: { taskId: 1n, submissionId: 2n, solver, resultCid: cid, revealsDigest: ZeroHash },
        ...at(3),
      },
      {
        eventName: 'ScoreRecorded',
        args: { taskId: 1n, submissionId: 2n, solver, score: 4n, best: true, signers: 3n },
        ...at(4),
      },
      {
        eventName: 'ScoreRecorded',
        args: { taskId: 1n, submissionId: 2n, solver, score: 4n, best: false, signers: 6n },
        ...at(5),
      },
    ] as TaskMarketEvent[];
    const subs = submissionsFromEvents(1n, events);
    expect(subs.map((s) => [s.id, s.revealed, s.scored, s.score])).toEqual([
      [1n, false, false, 0n],
      [2n, true, true, 4n],
    ]);
    expect(subs[1]!.resultCidHash).toBe(keccak256(cid));
    expect(subs[1]!.resultCid).toMatch(/^bafk/);
    expect(subs[1]!.scores.map((s) => s.signers)).toEqual([3, 6]);
    expect(subs[1]!.revealedBlock).toBe(3);
  });
});
