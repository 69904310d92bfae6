import { describe, expect, it } from 'vitest';
import type { MarketSubmission, MarketTask } from '@tem/core/market';
import { formatChainTime } from '../format/human.js';
import { parseTaskRecord, type RecordFields, type TaskRecord } from '../state/index.js';
import { nextAction, type Action, type ChainView } from './next-action.js';

const COMMIT = 1_000n;
const REVEAL = 2_000n;
const SCORING = 3_000n;
const SALT = `0x${'11'.repeat(32)}`;
const COMMITMENT = `0x${'22'.repeat(32)}`;
const CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
const SPEC = 'bafkreie7ohywtosou76tasm7j63yigtzxe7d5zqus4zu3j6oltvgtibeom';

const ZERO = `0x${'00'.repeat(32)}`;
const SEED = `0x${'5e'.repeat(32)}`;
const V = [
  '0x0000000000000000000000000000000000000007',
  '0x0000000000000000000000000000000000000008',
  '0x0000000000000000000000000000000000000009',
];

function task(over: Partial<MarketTask> = {}): MarketTask {
  return {
    id: 7n,
    owner: '0x0000000000000000000000000000000000000001',
    verifier: V[2]!,
    verifiers: [V[2]!],
    threshold: 1,
    verifierCount: 1,
    verifierSetHash: ZERO,
    state: 'open',
    bounty: 10n ** 18n,
    commitBond: 0n,
    commitDeadline: COMMIT,
    revealDeadline: REVEAL,
    seedWindow: 0n,
    seedCommitDeadline: REVEAL,
    seedRevealDeadline: REVEAL,
    scoringDeadline: SCORING,
    minScore: 0n,
    bestSolver: `0x${'00'.repeat(20)}`,
    bestScore: 0n,
    bestSubmissionId: 0n,
    submissionCount: 1n,
    revealCount: 0n,
    createdBlock: 1,
    revealsDigest: `0x${'d1'.repeat(32)}`,
    testSeed: ZERO,
    seedCommitted: 0,
    seedRevealed: 0,
    specCid: SPEC,
    specCidHex: '0x',
    ...over,
  };
}

/** A task of three verifiers (threshold 2) with seed halves of 100 s. */
function quorumTask(over: Partial<MarketTask> = {}): MarketTask {
  return task({
    verifiers: V,
    verifier: V[0]!,
    threshold: 2,
    verifierCount: 3,
    seedWindow: 100n,
    seedCommitDeadline: REVEAL + 100n,
    seedRevealDeadline: REVEAL + 200n,
    ...over,
  });
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
    scores: [],
    resultCid: null,
    resultCidHex: '0x',
    resultCidHash: null,
    committedBlock: 1,
    revealedBlock: undefined,
    ...over,
  };
}

/** A record as the store would read it: every fixture must fit its phase. */
function record(over: RecordFields): TaskRecord {
  return parseTaskRecord('7', {
    taskId: '7',
    phase: 'accepted',
    specCid: SPEC,
    workDir: '/state/tasks/366-7',
    txs: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
}

const committed = { resultCid: CID, salt: SALT, commitment: COMMITMENT, submissionId: '2' };

function view(over: Partial<ChainView> = {}): ChainView {
  return { task: task(), mine: undefined, credit: undefined, withdrawInFlight: false, ...over };
}

type Row = [label: string, record: TaskRecord, chain: ChainView, now: bigint, expected: Action];

const revealedSub = (over: Partial<MarketSubmission> = {}) =>
  submission({ revealed: true, resultCid: CID, resultCidHash: `0x${'ce'.repeat(32)}`, ...over });

const rows: Row[] = [
  // training and commit
  [
    'accepted: trains',
    record({ phase: 'accepted' }),
    view(),
    10n,
    { kind: 'wait', why: 'training' },
  ],
  [
    'trained: commits the bundle (its CID computed locally), with a new secret',
    record({ phase: 'trained' }),
    view(),
    10n,
    { kind: 'commit', workDir: '/state/tasks/366-7', resultCid: undefined, secret: undefined },
  ],
  [
    'trained after the commit deadline: fails',
    record({ phase: 'trained' }),
    view(),
    COMMIT,
    { kind: 'fail', reason: 'the commit deadline passed before the commit' },
  ],
  [
    'uploaded by an older runner, not committed (read as trained): commits that CID',
    record({ phase: 'uploaded', resultCid: CID }),
    view(),
    10n,
    { kind: 'commit', workDir: '/state/tasks/366-7', resultCid: CID, secret: undefined },
  ],
  [
    'committing, not on chain (its transaction replaced or reverted): commits again, same secret',
    record({ phase: 'committing', resultCid: CID, salt: SALT, commitment: COMMITMENT }),
    view(),
    10n,
    {
      kind: 'commit',
      workDir: '/state/tasks/366-7',
      resultCid: CID,
      secret: { salt: SALT, commitment: COMMITMENT },
    },
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
  // upload after the commit deadline, then reveal
  [
    'committed, before the commit deadline: the bundle stays private',
    record({ phase: 'committed', ...committed }),
    view({ mine: submission() }),
    COMMIT - 1n,
    {
      kind: 'wait',
      why: `the bundle stays private until the commit deadline, ${formatChainTime(COMMIT, COMMIT - 1n)}; then it is uploaded and revealed`,
      until: COMMIT,
    },
  ],
  [
    'committed, in the reveal window: uploads the bundle first',
    record({ phase: 'committed', ...committed }),
    view({ mine: submission() }),
    COMMIT,
    { kind: 'upload', workDir: '/state/tasks/366-7', resultCid: CID },
  ],
  [
    'uploaded: reveals',
    record({ phase: 'uploaded', ...committed }),
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
    view({ mine: revealedSub() }),
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
  // the test seed
  [
    'revealed, reveal window still open: waits for its deadline',
    record({ phase: 'revealed', ...committed }),
    view({ mine: revealedSub() }),
    REVEAL - 1n,
    {
      kind: 'wait',
      why: `the verifiers fix the test seed after the reveal deadline, ${formatChainTime(REVEAL, REVEAL - 1n)}`,
      until: REVEAL,
    },
  ],
  [
    'revealed, one verifier, seed open: relays its TestSeed signature',
    record({ phase: 'revealed', ...committed }),
    view({ mine: revealedSub() }),
    REVEAL,
    { kind: 'seed', step: 'fixTestSeed', specCid: SPEC },
  ],
  [
    'seeding, three verifiers, commit half: relays seed commitments',
    record({ phase: 'seeding', ...committed }),
    view({ task: quorumTask({ seedCommitted: 0b001 }), mine: revealedSub() }),
    REVEAL + 10n,
    { kind: 'seed', step: 'commitSeed', specCid: SPEC },
  ],
  [
    'seeding, all three committed: the reveal half opens early, relays contributions',
    record({ phase: 'seeding', ...committed }),
    view({ task: quorumTask({ seedCommitted: 0b111 }), mine: revealedSub() }),
    REVEAL + 10n,
    { kind: 'seed', step: 'revealSeed', specCid: SPEC },
  ],
  [
    'seeding, two committed and the commit half over: relays their contributions',
    record({ phase: 'seeding', ...committed }),
    view({ task: quorumTask({ seedCommitted: 0b101 }), mine: revealedSub() }),
    REVEAL + 100n,
    { kind: 'seed', step: 'revealSeed', specCid: SPEC },
  ],
  [
    'seeding, seed window over with two contributions revealed: settles the seed',
    record({ phase: 'seeding', ...committed }),
    view({
      task: quorumTask({ seedCommitted: 0b111, seedRevealed: 0b011 }),
      mine: revealedSub(),
    }),
    REVEAL + 200n,
    { kind: 'settle-seed' },
  ],
  [
    'seeding, fewer than m verifiers committed in time: no seed, on to finalize',
    record({ phase: 'seeding', ...committed }),
    view({ task: quorumTask({ seedCommitted: 0b001 }), mine: revealedSub() }),
    REVEAL + 100n,
    {
      kind: 'note',
      change: {
        phase: 'scored',
        reason:
          'no test seed: fewer than 2 of the 3 verifiers took part in time, so no score can count',
      },
      log: {
        event: 'unscored',
        message:
          'no test seed: fewer than 2 of the 3 verifiers took part in time, so no score can count; the task refunds its owner at finalize',
      },
    },
  ],
  // scoring
  [
    'seed fixed: asks every verifier for the score',
    record({ phase: 'seeding', ...committed }),
    view({ task: task({ testSeed: SEED }), mine: revealedSub() }),
    REVEAL,
    { kind: 'score', submissionId: '2', specCid: SPEC, reported: undefined },
  ],
  [
    'scoring, score on chain (after a restart): logs scored',
    record({ phase: 'scoring', ...committed, score: '900' }),
    view({
      task: task({ bestSubmissionId: 2n, bestScore: 900n, testSeed: SEED }),
      mine: revealedSub({ scored: true, score: 900n }),
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
    view({ mine: revealedSub() }),
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
    view({ mine: revealedSub({ scored: true }) }),
    SCORING - 1n,
    {
      kind: 'wait',
      why: `finalize opens at ${formatChainTime(SCORING, SCORING - 1n)}`,
      until: SCORING,
    },
  ],
  [
    'scored, after the scoring deadline: finalizes',
    record({ phase: 'scored', ...committed }),
    view({ mine: revealedSub({ scored: true }) }),
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
    'finalized, won, no credit left after its own withdraw: withdrawn, the bounty and forfeited bonds',
    record({ phase: 'finalized', ...committed, txs: { withdraw: '0xabc' } }),
    view({
      task: task({
        state: 'finalized',
        bestSubmissionId: 2n,
        bestScore: 900n,
        commitBond: 10n ** 17n,
        submissionCount: 3n,
        revealCount: 1n,
      }),
      credit: 0n,
    }),
    SCORING,
    {
      kind: 'note',
      change: { phase: 'withdrawn', paid: '1200000000000000000' },
      log: {
        event: 'withdrawn',
        message: 'won: withdrew 1.2 TFuel',
        fields: { amount: '1200000000000000000', tx: '0xabc' },
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
      phase: 'seeding',
      ...committed,
      sent: {
        step: 'commitSeed',
        verifierIndex: 1,
        hash: `0x${'ab'.repeat(32)}`,
        nonce: 4,
        raw: '0x01',
        gasPrice: '1',
        signedAt: '2026-01-01T00:00:00.000Z',
      },
    }),
    view({ task: quorumTask(), mine: revealedSub() }),
    REVEAL,
    { kind: 'wait', why: `the commitSeed transaction 0x${'ab'.repeat(32)} settles` },
  ],
  [
    'cancelled by the owner: fails',
    record({ phase: 'trained' }),
    view({ task: task({ state: 'cancelled' }) }),
    10n,
    { kind: 'fail', reason: 'the owner cancelled the task' },
  ],
  [
    'terminal: stays',
    record({ phase: 'withdrawn', ...committed, paid: '1' }),
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
