import { describe, expect, it } from 'vitest';
import type { MarketSubmission, MarketTask } from '@tem/core/market';
import { formatChainTime } from '../format/human.js';
import type { TaskRecord } from '../state/index.js';
import { nextAction, type Action, type ChainView } from './next-action.js';

const COMMIT = 1_000n;
const REVEAL = 2_000n;
const SCORING = 3_000n;
const SALT = `0x${'11'.repeat(32)}`;
const COMMITMENT = `0x${'22'.repeat(32)}`;
const CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
const SPEC = 'bafkreie7ohywtosou76tasm7j63yigtzxe7d5zqus4zu3j6oltvgtibeom';

function task(over: Partial<MarketTask> = {}): MarketTask {
  return {
    id: 7n,
    owner: '0x0000000000000000000000000000000000000001',
    verifier: '0x0000000000000000000000000000000000000009',
    state: 'open',
    bounty: 10n ** 18n,
    commitDeadline: COMMIT,
    revealDeadline: REVEAL,
    scoringDeadline: SCORING,
    minScore: 0n,
    bestScore: 0n,
    bestSubmissionId: 0n,
    submissionCount: 1n,
    revealCount: 0n,
    scoredCount: 0n,
    testSeed: `0x${'00'.repeat(32)}`,
    specCid: SPEC,
    specCidHex: '0x',
    ...over,
  };
}

function submission(over: Partial<MarketSubmission> = {}): MarketSubmission {
  return {
    taskId: 7n,
    id: 2n,
    solver: '0x0000000000000000000000000000000000000002',
    commitment: COMMITMENT,
    revealed: false,
    scored: false,
    score: 0n,
    resultCid: null,
    resultCidHex: '0x',
    ...over,
  };
}

function record(over: Partial<TaskRecord>): TaskRecord {
  return {
    taskId: '7',
    phase: 'accepted',
    specCid: SPEC,
    workDir: '/state/tasks/366-7',
    txs: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const committed = { resultCid: CID, salt: SALT, commitment: COMMITMENT, submissionId: '2' };

function view(over: Partial<ChainView> = {}): ChainView {
  return { task: task(), mine: undefined, credit: undefined, withdrawInFlight: false, ...over };
}

type Row = [label: string, record: TaskRecord, chain: ChainView, now: bigint, expected: Action];

const rows: Row[] = [
  // training and upload
  [
    'accepted: trains',
    record({ phase: 'accepted' }),
    view(),
    10n,
    { kind: 'wait', why: 'training' },
  ],
  [
    'trained: uploads',
    record({ phase: 'trained' }),
    view(),
    10n,
    { kind: 'upload', workDir: '/state/tasks/366-7' },
  ],
  [
    'trained without a work folder: fails naming it',
    record({ phase: 'trained', workDir: undefined }),
    view(),
    10n,
    { kind: 'fail', reason: 'the record of phase trained lacks workDir' },
  ],
  // commit
  [
    'uploaded: commits with a new secret',
    record({ phase: 'uploaded', resultCid: CID }),
    view(),
    10n,
    { kind: 'commit', resultCid: CID, secret: undefined },
  ],
  [
    'uploaded after the commit deadline: fails',
    record({ phase: 'uploaded', resultCid: CID }),
    view(),
    COMMIT,
    { kind: 'fail', reason: 'the commit deadline passed before the commit' },
  ],
  [
    'committing, not on chain (its transaction replaced or reverted): commits again, same secret',
    record({ phase: 'committing', resultCid: CID, salt: SALT, commitment: COMMITMENT }),
    view(),
    10n,
    { kind: 'commit', resultCid: CID, secret: { salt: SALT, commitment: COMMITMENT } },
  ],
  [
    'committing, found on chain: committed',
    record({ phase: 'committing', resultCid: CID, salt: SALT, commitment: COMMITMENT }),
    view({ mine: submission() }),
    10n,
    {
      kind: 'note',
      change: { phase: 'committed', submissionId: '2' },
      log: { event: 'committed', message: 'committed submission 2' },
    },
  ],
  [
    'committing, never landed by the deadline: fails',
    record({ phase: 'committing', resultCid: CID, salt: SALT, commitment: COMMITMENT }),
    view(),
    COMMIT,
    { kind: 'fail', reason: 'the commit never landed before the commit deadline' },
  ],
  // reveal
  [
    'committed, before the reveal window: waits',
    record({ phase: 'committed', ...committed }),
    view({ mine: submission() }),
    COMMIT - 1n,
    { kind: 'wait', why: `reveal opens at ${formatChainTime(COMMIT, COMMIT - 1n)}` },
  ],
  [
    'committed, in the reveal window: reveals',
    record({ phase: 'committed', ...committed }),
    view({ mine: submission() }),
    COMMIT,
    { kind: 'reveal', submissionId: '2', resultCid: CID, salt: SALT },
  ],
  [
    'revealing, not revealed on chain (reverted): reveals again',
    record({ phase: 'revealing', ...committed }),
    view({ mine: submission() }),
    COMMIT + 5n,
    { kind: 'reveal', submissionId: '2', resultCid: CID, salt: SALT },
  ],
  [
    'revealing, revealed on chain (after a restart): logs revealed',
    record({ phase: 'revealing', ...committed }),
    view({ mine: submission({ revealed: true }) }),
    COMMIT + 5n,
    {
      kind: 'note',
      change: { phase: 'revealed' },
      log: { event: 'revealed', message: `revealed ${CID} (submission 2)` },
    },
  ],
  [
    'committed after the reveal window: fails',
    record({ phase: 'committed', ...committed }),
    view({ mine: submission() }),
    REVEAL,
    { kind: 'fail', reason: 'the reveal window closed before the reveal' },
  ],
  // scoring
  [
    'revealed: asks for the score',
    record({ phase: 'revealed', ...committed }),
    view({ mine: submission({ revealed: true }) }),
    REVEAL,
    { kind: 'score', submissionId: '2', specCid: SPEC },
  ],
  [
    'scoring, score on chain (after a restart): logs scored',
    record({ phase: 'scoring', ...committed }),
    view({
      task: task({ bestSubmissionId: 2n, bestScore: 900n }),
      mine: submission({ revealed: true, scored: true, score: 900n }),
    }),
    REVEAL,
    {
      kind: 'note',
      change: { phase: 'scored', score: '900' },
      log: {
        event: 'scored',
        message: 'score 900 recorded (the best so far)',
        fields: { score: '900', best: true },
      },
    },
  ],
  [
    'revealed, scoring window closed without a score: on to finalize',
    record({ phase: 'revealed', ...committed }),
    view({ mine: submission({ revealed: true }) }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'scored', reason: 'the scoring window closed before a score was recorded' },
      log: {
        event: 'unscored',
        message: 'the scoring window closed before a score was recorded; the task goes to finalize',
      },
    },
  ],
  // finalize
  [
    'scored, before the scoring deadline: waits',
    record({ phase: 'scored', ...committed }),
    view({ mine: submission({ revealed: true, scored: true }) }),
    SCORING - 1n,
    { kind: 'wait', why: `finalize opens at ${formatChainTime(SCORING, SCORING - 1n)}` },
  ],
  [
    'scored, after the scoring deadline: finalizes',
    record({ phase: 'scored', ...committed }),
    view({ mine: submission({ revealed: true, scored: true }) }),
    SCORING,
    { kind: 'finalize' },
  ],
  [
    'finalizing, finalized on chain: finalized',
    record({ phase: 'finalizing', ...committed }),
    view({ task: task({ state: 'finalized', bestSubmissionId: 2n, bestScore: 900n }) }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'finalized' },
      log: {
        event: 'finalized',
        message: 'the task is finalized: submission 2 has the best score',
      },
    },
  ],
  [
    'finalized in the record but open on chain (a refusal misread): finalizes',
    record({ phase: 'finalized', ...committed }),
    view(),
    SCORING,
    { kind: 'finalize' },
  ],
  // withdraw
  [
    'finalized, won, credit left: withdraws',
    record({ phase: 'finalized', ...committed }),
    view({
      task: task({ state: 'finalized', bestSubmissionId: 2n, bestScore: 900n }),
      credit: 10n ** 18n,
    }),
    SCORING,
    { kind: 'withdraw' },
  ],
  [
    "finalized, won, another task's withdraw in flight: waits",
    record({ phase: 'finalized', ...committed }),
    view({
      task: task({ state: 'finalized', bestSubmissionId: 2n, bestScore: 900n }),
      credit: 10n ** 18n,
      withdrawInFlight: true,
    }),
    SCORING,
    { kind: 'wait', why: "another task's withdraw is in flight" },
  ],
  [
    'finalized, won, no credit left after its own withdraw: withdrawn',
    record({ phase: 'finalized', ...committed, txs: { withdraw: '0xabc' } }),
    view({
      task: task({ state: 'finalized', bestSubmissionId: 2n, bestScore: 900n }),
      credit: 0n,
    }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'withdrawn', paid: '1000000000000000000' },
      log: {
        event: 'withdrawn',
        message: 'won: withdrew 1 TFuel',
        fields: { amount: '1000000000000000000', tx: '0xabc' },
      },
    },
  ],
  [
    'finalized, lost to a better submission',
    record({ phase: 'finalized', ...committed }),
    view({
      task: task({ state: 'finalized', bestSubmissionId: 3n, bestScore: 950n }),
      credit: 0n,
    }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'lost', reason: 'submission 3 won with score 950' },
      log: { event: 'lost', message: 'submission 3 won with score 950' },
    },
  ],
  [
    'finalized, best but under the minimum score: lost',
    record({ phase: 'finalized', ...committed }),
    view({
      task: task({ state: 'finalized', bestSubmissionId: 2n, bestScore: 10n, minScore: 500n }),
      credit: 0n,
    }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'lost', reason: 'the best score 10 is below the minimum 500' },
      log: { event: 'lost', message: 'the best score 10 is below the minimum 500' },
    },
  ],
  // anywhere
  [
    'a transaction in flight: nothing is decided',
    record({
      phase: 'revealing',
      ...committed,
      sent: {
        step: 'reveal',
        hash: `0x${'ab'.repeat(32)}`,
        nonce: 4,
        raw: '0x01',
        gasPrice: '1',
        signedAt: '2026-01-01T00:00:00.000Z',
      },
    }),
    view({ mine: submission({ revealed: true }) }),
    REVEAL,
    { kind: 'wait', why: `the reveal transaction 0x${'ab'.repeat(32)} settles` },
  ],
  [
    'cancelled by the owner: fails',
    record({ phase: 'uploaded', resultCid: CID }),
    view({ task: task({ state: 'cancelled' }) }),
    10n,
    { kind: 'fail', reason: 'the owner cancelled the task' },
  ],
  [
    'terminal: stays',
    record({ phase: 'withdrawn', ...committed }),
    view({ task: task({ state: 'finalized' }) }),
    SCORING,
    { kind: 'wait', why: 'the task is withdrawn' },
  ],
];

describe('nextAction, phase by phase', () => {
  it.each(rows)('%s', (_label, rec, chain, now, expected) => {
    expect(nextAction(rec, chain, now)).toEqual(expected);
  });
});
