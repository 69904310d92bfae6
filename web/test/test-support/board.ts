import type { MarketSubmission, MarketTask } from '@tem/core/market';
import type { TaskBoard } from '../../src/market/task-board.js';

const ZERO32 = `0x${'0'.repeat(64)}`;

/** A task as the chain would describe it, open and in its reveal window at t = 1,000,000. */
export function taskOf(overrides: Partial<MarketTask> = {}): MarketTask {
  const verifiers = overrides.verifiers ?? ['0x90F79bf6EB2c4f870365E785982E1f101E93b906'];
  const revealDeadline = overrides.revealDeadline ?? 1_000_600n;
  const seedWindow = overrides.seedWindow ?? 0n;
  return {
    id: 7n,
    owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    state: 'open',
    bounty: 10n ** 18n,
    commitBond: 0n,
    commitDeadline: 1_000_000n,
    revealDeadline,
    seedWindow,
    scoringDeadline: 1_002_000n,
    minScore: 0n,
    threshold: 1,
    verifierCount: verifiers.length,
    verifierSetHash: ZERO32,
    createdBlock: 1,
    submissionCount: 0n,
    revealCount: 0n,
    bestSolver: `0x${'0'.repeat(40)}`,
    bestSubmissionId: 0n,
    bestScore: 0n,
    revealsDigest: `0x${'ab'.repeat(32)}`,
    testSeed: ZERO32,
    seedCommitted: 0,
    seedRevealed: 0,
    verifiers,
    verifier: verifiers[0]!,
    specCid: null,
    specCidHex: '0x',
    seedCommitDeadline: revealDeadline + seedWindow,
    seedRevealDeadline: revealDeadline + 2n * seedWindow,
    ...overrides,
  };
}

/** A submission of task 7 by the solver, committed (and revealed when a result CID hash is given). */
export function submissionOf(overrides: Partial<MarketSubmission> = {}): MarketSubmission {
  return {
    taskId: 7n,
    id: 1n,
    solver: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
    commitment: `0x${'cd'.repeat(32)}`,
    revealed: false,
    scored: false,
    score: 0n,
    scores: [],
    resultCid: null,
    resultCidHex: '0x',
    resultCidHash: null,
    committedBlock: 2,
    revealedBlock: undefined,
    ...overrides,
  };
}

/** A task board with nothing but the task and its submissions. */
export function boardOf(task: MarketTask, submissions: MarketSubmission[] = []): TaskBoard {
  return {
    task,
    submissions,
    seedCommitments: new Map(),
    seedContributions: new Map(),
    seedContributors: null,
    outcome: null,
  };
}
