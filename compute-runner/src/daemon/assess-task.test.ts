import { describe, expect, it } from 'vitest';
import type { MarketTask } from '@tem/core/market';
import { defaultTaskSpec } from '@tem/core/task';
import { assessTask } from './assess-task.js';

const verifier = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const spec = defaultTaskSpec({
  verifierUrl: 'http://127.0.0.1:1/api/verify',
  verifierAddress: verifier,
});
const task: MarketTask = {
  id: 1n,
  owner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  verifier,
  state: 'open',
  bounty: 10n ** 18n,
  commitDeadline: 1_000n,
  revealDeadline: 2_000n,
  scoringDeadline: 3_000n,
  minScore: 0n,
  bestScore: 0n,
  bestSubmissionId: 0n,
  submissionCount: 0n,
  revealCount: 0n,
  testSeed: `0x${'0'.repeat(64)}`,
  specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  specCidHex: '0x',
  verifiers: [verifier],
  threshold: 1,
  verifierCount: 1,
  verifierSetHash: `0x${'0'.repeat(64)}`,
  commitBond: 0n,
  seedWindow: 0n,
  seedCommitDeadline: 2_000n,
  seedRevealDeadline: 2_000n,
  createdBlock: 0,
  bestSolver: `0x${'0'.repeat(40)}`,
  revealsDigest: `0x${'0'.repeat(64)}`,
  seedCommitted: 0,
  seedRevealed: 0,
};
const base = {
  task,
  spec,
  now: 100n,
  minBountyWei: 0n,
  safetyMarginSeconds: 60,
  minTrainingSeconds: 30,
  trustedVerifiers: [verifier],
  maxScore: 2_000_000n,
  blockTimeSeconds: 6,
};

/** A task of three verifiers, threshold 2, seed halves of 600 s, and its spec. */
const three = [
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
];
const quorumTask: MarketTask = {
  ...task,
  verifiers: three,
  verifier: three[0]!,
  threshold: 2,
  verifierCount: 3,
  seedWindow: 600n,
  seedCommitDeadline: 2_600n,
  seedRevealDeadline: 3_200n,
  scoringDeadline: 4_000n,
};
const quorumSpec = {
  ...spec,
  verifier: { url: 'http://127.0.0.1:1/api/verify', address: three[0]! },
  verifiers: three.map((address, i) => ({ url: `http://127.0.0.1:${i + 1}/api/verify`, address })),
};

describe('which tasks the runner takes', () => {
  it('takes an open task with time to train, and says how long it may train', () => {
    expect(assessTask(base)).toEqual({ accept: true, trainingSeconds: 840 });
  });

  it('takes a quorum task where m of its n verifiers are trusted and fewer than m are not', () => {
    const quorum = { ...base, task: quorumTask, spec: quorumSpec };
    expect(assessTask({ ...quorum, trustedVerifiers: three }).accept).toBe(true);
    expect(assessTask({ ...quorum, trustedVerifiers: [three[0]!, three[2]!] }).accept).toBe(true);
    expect(assessTask({ ...quorum, trustedVerifiers: [three[2]!] }).accept).toBe(false);
  });

  it.each([
    [
      'a finalized task',
      { task: { ...task, state: 'finalized' as const } },
      'the task is finalized',
    ],
    ['a closed commit window', { now: 1_000n }, 'the commit window has closed'],
    ['a small bounty', { minBountyWei: 2n * 10n ** 18n }, 'is below the minimum'],
    ['too little time', { now: 920n }, 'only 20 s to train'],
    [
      'a spec naming another verifier',
      { task: { ...task, verifiers: [three[0]!], verifier: three[0]! }, trustedVerifiers: three },
      `the spec names verifier ${verifier} but the task's are ${three[0]}`,
    ],
    [
      'an untrusted verifier',
      { trustedVerifiers: [three[0]!] },
      `untrusted verifier ${verifier}: 0 trusted, the task needs 1 of its 1 verifiers' signatures`,
    ],
    ['no trusted verifier at all', { trustedVerifiers: [] }, 'it trusts no verifier'],
    [
      'a quorum where only one of three is trusted',
      { task: quorumTask, spec: quorumSpec, trustedVerifiers: [three[1]!] },
      `untrusted verifiers ${three[0]}, ${three[2]}: 1 trusted`,
    ],
    [
      'its owner among the verifiers',
      { task: { ...task, owner: verifier } },
      `its owner ${verifier} is one of its verifiers`,
    ],
    [
      'a minScore over MAX_SCORE',
      { task: { ...task, minScore: 2_000_001n } },
      "its minScore 2000001 exceeds the contract's MAX_SCORE 2000000",
    ],
    [
      'a reveal window shorter than 10 blocks',
      {
        task: {
          ...task,
          revealDeadline: 1_059n,
          seedCommitDeadline: 1_059n,
          seedRevealDeadline: 1_059n,
        },
      },
      'its reveal window (59 s) is shorter than 10 blocks (60 s)',
    ],
    [
      'a seed window shorter than 10 blocks',
      { task: { ...quorumTask, seedWindow: 30n }, spec: quorumSpec, trustedVerifiers: three },
      'its seed window (30 s) is shorter than 10 blocks',
    ],
  ])('skips %s with a reason', (_label, change, reason) => {
    const result = assessTask({ ...base, ...change });
    expect(result.accept).toBe(false);
    expect(!result.accept && result.reason).toContain(reason);
  });
});
