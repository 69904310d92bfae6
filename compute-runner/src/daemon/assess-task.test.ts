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
};

describe('which tasks the runner takes', () => {
  it('takes an open task with time to train, and says how long it may train', () => {
    expect(assessTask(base)).toEqual({ accept: true, trainingSeconds: 840 });
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
    ['a verifier mismatch', { task: { ...task, verifier: task.owner } }, 'but the task'],
  ])('skips %s with a reason', (_label, change, reason) => {
    const result = assessTask({ ...base, ...change });
    expect(result.accept).toBe(false);
    expect(!result.accept && result.reason).toContain(reason);
  });
});
