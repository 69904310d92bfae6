import { describe, expect, it } from 'vitest';
import { taskFromApi } from './api-tasks.js';

const item = {
  id: '3',
  phase: 'commit',
  state: 'open',
  owner: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  verifier: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  bountyWei: '5000000000000000000',
  commitDeadline: 1_800_000_000,
  revealDeadline: 1_800_000_600,
  scoringDeadline: 1_800_001_200,
  nextDeadline: 1_800_000_000,
  minScore: '0',
  bestScore: null,
  bestSubmissionId: null,
  submissionCount: 0,
  revealCount: 0,
  scoredCount: 0,
  testSeed: null,
  specCid: 'bafkreiebvsa3f4dnkqvddwqkzw5uaz372hpvkoasvssc5asx2l4ir4vd2y',
};

describe('/api/tasks items', () => {
  it('convert to the chain reader shape', () => {
    const task = taskFromApi(item);
    expect(task.id).toBe(3n);
    expect(task.bounty).toBe(5n * 10n ** 18n);
    expect(task.owner).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    expect(task.bestSubmissionId).toBe(0n);
    expect(task.commitDeadline).toBe(1_800_000_000n);
    expect(task.verifiers).toEqual(['0x90F79bf6EB2c4f870365E785982E1f101E93b906']);
    expect(task.threshold).toBe(1);
  });

  it('reads the quorum fields of TaskMarket v2 answers', () => {
    const { verifier: _older, ...rest } = item;
    const task = taskFromApi({
      ...rest,
      verifiers: [`0x${'1'.repeat(40)}`, `0x${'2'.repeat(40)}`, `0x${'3'.repeat(40)}`],
      threshold: 2,
      commitBondWei: '10000000000000000',
      seedWindow: 600,
      seed: {
        phase: 'revealing',
        committed: [`0x${'1'.repeat(40)}`, `0x${'3'.repeat(40)}`],
        revealed: [`0x${'1'.repeat(40)}`],
      },
    });
    expect(task.verifierCount).toBe(3);
    expect(task.threshold).toBe(2);
    expect(task.commitBond).toBe(10n ** 16n);
    expect(task.seedRevealDeadline).toBe(1_800_000_600n + 1200n);
    expect(task.seedCommitted).toBe(0b101);
    expect(task.seedRevealed).toBe(0b001);
  });
  it.each([
    ['id', { id: '0x3' }],
    ['state', { state: 'open<script>' }],
    ['bountyWei', { bountyWei: 5 }],
    ['commitDeadline', { commitDeadline: -1 }],
    ['specCid', { specCid: 'javascript:alert(1)' }],
    ['verifiers', { verifiers: [] }],
    ['threshold', { threshold: 2 }],
    ['commitBondWei', { commitBondWei: 1 }],
    ['seed.committed', { seed: { committed: [`0x${'9'.repeat(40)}`], revealed: [] } }],
  ])('reject a malformed %s', (field, change) => {
    expect(() => taskFromApi({ ...item, ...change })).toThrow(field);
  });
});
