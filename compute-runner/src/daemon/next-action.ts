import { seedPhase, type MarketSubmission, type MarketTask } from '@tem/core/market';
import { formatChainTime, formatTfuel } from '../format/human.js';
import {
  isTerminal,
  type QuorumReport,
  type RecordChange,
  type RecordIn,
  type TaskRecord,
} from '../state/index.js';

/** What the chain shows of a task, read after the task's own transaction in flight settled. */
export interface ChainView {
  task: MarketTask;
  /** This runner's submission: by its id once known, found by its commitment while committing. */
  mine: MarketSubmission | undefined;
  /** The account's withdrawable credit (read once the task is finalized). */
  credit: bigint | undefined;
  /** Another task of this runner has a withdraw in flight: credit is per account, so wait. */
  withdrawInFlight: boolean;
}

/** An event of the runner's log that a decision produces. */
export interface DecisionEvent {
  event: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** The seed transactions the runner relays for its verifiers (see docs/test-seed.md). */
export type SeedStep = 'fixTestSeed' | 'commitSeed' | 'revealSeed';

/** What to do next for a task; `nextAction` decides, `advanceTask` performs. */
export type Action =
  /** Nothing to do yet; `until` is the chain time (unix seconds) the wait ends, when a deadline. */
  | { kind: 'wait'; why: string; until?: bigint }
  /** Write down what the chain shows (no transaction). */
  | { kind: 'note'; change: RecordChange; log: DecisionEvent }
  | { kind: 'fail'; reason: string }
  /**
   * A commit of the bundle in `workDir` (its CID computed locally; the bundle stays there until
   * the commit deadline); `secret` is the salt and commitment kept from an earlier attempt.
   */
  | {
      kind: 'commit';
      workDir: string;
      resultCid: string | undefined;
      secret: { salt: string; commitment: string } | undefined;
    }
  /** After the commit deadline: the bundle goes public, under the CID committed to. */
  | { kind: 'upload'; workDir: string; resultCid: string }
  | { kind: 'reveal'; submissionId: string; resultCid: string; salt: string }
  /** Ask the verifiers for their seed parts and relay one (`fixTestSeed`, `commitSeed`, `revealSeed`). */
  | { kind: 'seed'; step: SeedStep; specCid: string }
  /** n > 1, after the seed window: fix the seed from the contributions revealed. */
  | { kind: 'settle-seed' }
  /**
   * Ask every verifier for the score and relay it once m agree, if it beats the best; `reported`
   * is what they answered last time, so only a change is logged.
   */
  | { kind: 'score'; submissionId: string; specCid: string; reported: QuorumReport | undefined }
  | { kind: 'finalize' }
  | { kind: 'withdraw' };

const wait = (why: string, until?: bigint): Action =>
  until === undefined ? { kind: 'wait', why } : { kind: 'wait', why, until };
const fail = (reason: string): Action => ({ kind: 'fail', reason });
const note = (change: RecordChange, log: DecisionEvent): Action => ({
  kind: 'note',
  change,
  log,
});
const missing = (record: TaskRecord, what: string): Action =>
  fail(`the record of phase ${record.phase} lacks ${what}`);

/** Wei the winner of a finalized task was credited: its bounty plus bonds never revealed. */
export function payout(task: MarketTask): bigint {
  return task.bounty + task.commitBond * (task.submissionCount - task.revealCount);
}

/**
 * The next step for a task from its record and the chain alone (no I/O). It never reads a
 * refused transaction as a state: every decision that a task is done, failed or paid comes from
 * the chain view, which is read after the task's own transaction has settled.
 */
export function nextAction(record: TaskRecord, chain: ChainView, now: bigint): Action {
  const { task } = chain;
  if (record.sent) return wait(`the ${record.sent.step} transaction ${record.sent.hash} settles`);
  if (isTerminal(record)) return wait(`the task is ${record.phase}`);
  if (task.state === 'cancelled') return fail('the owner cancelled the task');

  switch (record.phase) {
    case 'accepted':
    case 'training':
      return wait('training');
    case 'trained':
    case 'committing':
      return commitStep(record, chain, now);
    case 'committed':
    case 'uploaded':
    case 'revealing':
      return revealStep(record, chain, now);
    case 'revealed':
    case 'seeding':
    case 'scoring':
      return scoreStep(record, chain, now);
    case 'scored':
    case 'finalizing':
    case 'finalized':
      return finalizeStep(record, chain, now);
  }
}

/** Scored (or not): finalize after the scoring deadline, then collect what was won. */
function finalizeStep(
  record: RecordIn<'scored' | 'finalizing' | 'finalized'>,
  chain: ChainView,
  now: bigint,
): Action {
  const { task } = chain;
  if (task.state !== 'finalized') {
    // A 'finalized' record on an open task: an older runner took a refusal for the state.
    if (now < task.scoringDeadline) {
      return wait(
        `finalize opens at ${formatChainTime(task.scoringDeadline, now)}`,
        task.scoringDeadline,
      );
    }
    return { kind: 'finalize' };
  }
  if (record.phase !== 'finalized') {
    return note(
      { phase: 'finalized' },
      {
        event: 'finalized',
        message:
          task.bestSubmissionId === 0n
            ? 'the task is finalized: no submission won'
            : `the task is finalized: submission ${task.bestSubmissionId} has the best score`,
      },
    );
  }
  return collect(record, chain);
}

/** Trained: commit the bundle's CID (computed locally) while the commit window is open. */
function commitStep(
  record: RecordIn<'trained' | 'committing'>,
  { task, mine }: ChainView,
  now: bigint,
): Action {
  if (mine) {
    return note(
      { phase: 'committed', submissionId: mine.id.toString() },
      { event: 'committed', message: `committed submission ${mine.id}` },
    );
  }
  const committing = record.phase === 'committing';
  if (now >= task.commitDeadline) {
    return fail(
      committing
        ? 'the commit never landed before the commit deadline'
        : 'the commit deadline passed before the commit',
    );
  }
  const secret = committing ? { salt: record.salt, commitment: record.commitment } : undefined;
  return { kind: 'commit', workDir: record.workDir, resultCid: record.resultCid, secret };
}

/** Committed: after the commit deadline, upload the bundle, then reveal it. */
function revealStep(
  record: RecordIn<'committed' | 'uploaded' | 'revealing'>,
  { task, mine }: ChainView,
  now: bigint,
): Action {
  const { submissionId, resultCid, salt } = record;
  if (!mine) return missing(record, `submission ${submissionId} on chain`);
  if (mine.revealed) {
    return note(
      { phase: 'revealed' },
      { event: 'revealed', message: `revealed ${resultCid} (submission ${submissionId})` },
    );
  }
  if (now < task.commitDeadline) {
    return wait(
      `the bundle stays private until the commit deadline, ${formatChainTime(task.commitDeadline, now)}; then it is uploaded and revealed`,
      task.commitDeadline,
    );
  }
  if (now >= task.revealDeadline) return fail('the reveal window closed before the reveal');
  if (record.phase === 'committed') {
    return { kind: 'upload', workDir: record.workDir, resultCid };
  }
  return { kind: 'reveal', submissionId, resultCid, salt };
}

/** Revealed: the verifiers fix the test seed (relayed by the runner), then score. */
function scoreStep(
  record: RecordIn<'revealed' | 'seeding' | 'scoring'>,
  { task, mine }: ChainView,
  now: bigint,
): Action {
  const { submissionId, specCid } = record;
  if (!mine) return missing(record, `submission ${submissionId} on chain`);
  if (mine.scored) {
    const best = task.bestSubmissionId === mine.id;
    return note(
      { phase: 'scored', score: mine.score.toString() },
      {
        event: 'scored',
        message: `score ${mine.score} recorded${best ? ' (the best so far)' : ''}`,
        fields: { score: mine.score.toString(), best },
      },
    );
  }
  if (now >= task.scoringDeadline || task.state === 'finalized') {
    const reason = 'the scoring window closed before a score was recorded';
    return note(
      { phase: 'scored', reason },
      { event: 'unscored', message: `${reason}; the task goes to finalize` },
    );
  }
  switch (seedPhase(task, now)) {
    case 'reveals-open':
      return wait(
        `the verifiers fix the test seed after the reveal deadline, ${formatChainTime(task.revealDeadline, now)}`,
        task.revealDeadline,
      );
    case 'awaiting-signature':
      return { kind: 'seed', step: 'fixTestSeed', specCid };
    case 'committing':
      return { kind: 'seed', step: 'commitSeed', specCid };
    case 'revealing':
      return { kind: 'seed', step: 'revealSeed', specCid };
    case 'settleable':
      return { kind: 'settle-seed' };
    case 'missed': {
      const reason = `no test seed: fewer than ${task.threshold} of the ${task.verifiers.length} verifiers took part in time, so no score can count`;
      return note(
        { phase: 'scored', reason },
        { event: 'unscored', message: `${reason}; the task refunds its owner at finalize` },
      );
    }
    case 'fixed':
      return { kind: 'score', submissionId, specCid, reported: record.quorum };
  }
}

/** After finalization: withdraw while the contract holds credit, then record the payout or loss. */
function collect(
  record: RecordIn<'finalized'>,
  { task, credit, withdrawInFlight }: ChainView,
): Action {
  const won =
    task.bestSubmissionId.toString() === record.submissionId && task.bestScore >= task.minScore;
  if (!won) {
    const reason =
      task.bestSubmissionId === 0n
        ? 'no submission was scored'
        : task.bestScore < task.minScore
          ? `the best score ${task.bestScore} is below the minimum ${task.minScore}`
          : `submission ${task.bestSubmissionId} won with score ${task.bestScore}`;
    return note({ phase: 'lost', reason }, { event: 'lost', message: reason });
  }
  if (withdrawInFlight) return wait("another task's withdraw is in flight");
  if (credit === undefined) return wait('reading the credit');
  if (credit > 0n) return { kind: 'withdraw' };
  const tx = record.txs.withdraw ?? record.txs.withdrawTo;
  const amount = payout(task);
  return note(
    { phase: 'withdrawn', paid: amount.toString() },
    {
      event: 'withdrawn',
      message: tx
        ? `won: withdrew ${formatTfuel(amount)}`
        : `won: ${formatTfuel(amount)}, withdrawn with another task's credit`,
      fields: { amount: amount.toString(), ...(tx ? { tx } : {}) },
    },
  );
}
