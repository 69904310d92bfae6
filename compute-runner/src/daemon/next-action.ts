import type { MarketSubmission, MarketTask } from '@tem/core/market';
import { formatChainTime, formatTfuel } from '../format/human.js';
import { isTerminal, type TaskRecord } from '../state/index.js';

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

/** What to do next for a task; `nextAction` decides, `advanceTask` performs. */
export type Action =
  | { kind: 'wait'; why: string }
  /** Write down what the chain shows (no transaction). */
  | { kind: 'note'; change: Partial<TaskRecord>; log: DecisionEvent }
  | { kind: 'fail'; reason: string }
  | { kind: 'upload'; workDir: string }
  /** A commit; `secret` is the salt and commitment kept from an earlier attempt. */
  | { kind: 'commit'; resultCid: string; secret: { salt: string; commitment: string } | undefined }
  | { kind: 'reveal'; submissionId: string; resultCid: string; salt: string }
  | { kind: 'score'; submissionId: string; specCid: string }
  | { kind: 'finalize' }
  | { kind: 'withdraw' };

const wait = (why: string): Action => ({ kind: 'wait', why });
const fail = (reason: string): Action => ({ kind: 'fail', reason });
const note = (change: Partial<TaskRecord>, log: DecisionEvent): Action => ({
  kind: 'note',
  change,
  log,
});
const missing = (record: TaskRecord, what: string) =>
  fail(`the record of phase ${record.phase} lacks ${what}`);

/**
 * The next step for a task from its record and the chain alone (no I/O). It never reads a
 * refused transaction as a state: every decision that a task is done, failed or paid comes from
 * the chain view, which is read after the task's own transaction has settled.
 */
export function nextAction(record: TaskRecord, chain: ChainView, now: bigint): Action {
  const { task, mine } = chain;
  if (record.sent) return wait(`the ${record.sent.step} transaction ${record.sent.hash} settles`);
  if (task.state === 'cancelled' && !isTerminal(record.phase)) {
    return fail('the owner cancelled the task');
  }

  switch (record.phase) {
    case 'withdrawn':
    case 'lost':
    case 'skipped':
    case 'failed':
      return wait(`the task is ${record.phase}`);

    case 'accepted':
    case 'training':
      return wait('training');

    case 'trained':
      return record.workDir
        ? { kind: 'upload', workDir: record.workDir }
        : missing(record, 'workDir');

    case 'uploaded':
    case 'committing': {
      if (mine) {
        return note(
          { phase: 'committed', submissionId: mine.id.toString() },
          { event: 'committed', message: `committed submission ${mine.id}` },
        );
      }
      if (!record.resultCid) return missing(record, 'resultCid');
      if (now >= task.commitDeadline) {
        return fail(
          record.salt
            ? 'the commit never landed before the commit deadline'
            : 'the commit deadline passed before the commit',
        );
      }
      const secret =
        record.salt && record.commitment
          ? { salt: record.salt, commitment: record.commitment }
          : undefined;
      return { kind: 'commit', resultCid: record.resultCid, secret };
    }

    case 'committed':
    case 'revealing': {
      const { submissionId, resultCid, salt } = record;
      if (!submissionId || !resultCid || !salt) return missing(record, 'its commit');
      if (!mine) return missing(record, `submission ${submissionId} on chain`);
      if (mine.revealed) {
        return note(
          { phase: 'revealed' },
          { event: 'revealed', message: `revealed ${resultCid} (submission ${submissionId})` },
        );
      }
      if (now < task.commitDeadline)
        return wait(`reveal opens at ${formatChainTime(task.commitDeadline, now)}`);
      if (now >= task.revealDeadline) return fail('the reveal window closed before the reveal');
      return { kind: 'reveal', submissionId, resultCid, salt };
    }

    case 'revealed':
    case 'scoring': {
      const { submissionId, specCid } = record;
      if (!submissionId || !specCid) return missing(record, 'its submission and spec');
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
      return { kind: 'score', submissionId, specCid };
    }

    case 'scored':
    case 'finalizing':
    case 'finalized': {
      if (task.state !== 'finalized') {
        // A 'finalized' record on an open task: an older runner took a refusal for the state.
        if (now < task.scoringDeadline)
          return wait(`finalize opens at ${formatChainTime(task.scoringDeadline, now)}`);
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
  }
}

/** After finalization: withdraw while the contract holds credit, then record the payout or loss. */
function collect(record: TaskRecord, { task, credit, withdrawInFlight }: ChainView): Action {
  if (!record.submissionId) return missing(record, 'its submission');
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
  const tx = record.txs.withdraw;
  return note(
    { phase: 'withdrawn', paid: task.bounty.toString() },
    {
      event: 'withdrawn',
      message: tx
        ? `won: withdrew ${formatTfuel(task.bounty)}`
        : `won: ${formatTfuel(task.bounty)}, withdrawn with another task's credit`,
      fields: { amount: task.bounty.toString(), ...(tx ? { tx } : {}) },
    },
  );
}
