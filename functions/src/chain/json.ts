import {
  taskPhase,
  type MarketSubmission,
  type MarketTask,
  type TaskPhase,
} from '@tem/core/market';

/** A task as the API answers it: amounts and ids as decimal strings (they are uint256 on chain). */
export interface TaskJson {
  id: string;
  phase: TaskPhase;
  state: MarketTask['state'];
  owner: string;
  verifier: string;
  bountyWei: string;
  commitDeadline: number;
  revealDeadline: number;
  scoringDeadline: number;
  /** The deadline the task waits for now (of its phase), or the scoring deadline once over. */
  nextDeadline: number;
  minScore: string;
  bestScore: string | null;
  bestSubmissionId: string | null;
  submissionCount: number;
  revealCount: number;
  testSeed: string | null;
  specCid: string | null;
}

/** A submission as the API answers it. */
export interface SubmissionJson {
  id: string;
  phase: 'committed' | 'revealed' | 'scored';
  solver: string;
  commitment: string;
  resultCid: string | null;
  score: string | null;
}

const ZERO_SEED = `0x${'0'.repeat(64)}`;

/** The deadline `task` is waiting for at `now` (the scoring deadline once it is over). */
export function nextDeadline(task: MarketTask, now: number): number {
  if (now < Number(task.commitDeadline)) return Number(task.commitDeadline);
  if (now < Number(task.revealDeadline)) return Number(task.revealDeadline);
  return Number(task.scoringDeadline);
}

/** The API form of a task at chain time `now`. */
export function taskJson(task: MarketTask, now: number): TaskJson {
  const scored = task.bestSubmissionId !== 0n;
  return {
    id: task.id.toString(),
    phase: taskPhase(task, now),
    state: task.state,
    owner: task.owner,
    verifier: task.verifier,
    bountyWei: task.bounty.toString(),
    commitDeadline: Number(task.commitDeadline),
    revealDeadline: Number(task.revealDeadline),
    scoringDeadline: Number(task.scoringDeadline),
    nextDeadline: nextDeadline(task, now),
    minScore: task.minScore.toString(),
    bestScore: scored ? task.bestScore.toString() : null,
    bestSubmissionId: scored ? task.bestSubmissionId.toString() : null,
    submissionCount: Number(task.submissionCount),
    revealCount: Number(task.revealCount),
    testSeed: task.testSeed === ZERO_SEED ? null : task.testSeed,
    specCid: task.specCid,
  };
}

/** The API form of a submission. */
export function submissionJson(submission: MarketSubmission): SubmissionJson {
  return {
    id: submission.id.toString(),
    phase: submission.scored ? 'scored' : submission.revealed ? 'revealed' : 'committed',
    solver: submission.solver,
    commitment: submission.commitment,
    resultCid: submission.revealed ? submission.resultCid : null,
    score: submission.scored ? submission.score.toString() : null,
  };
}
