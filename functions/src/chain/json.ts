import {
  seedPhase,
  taskPhase,
  type MarketSubmission,
  type MarketTask,
  type SeedPhase,
  type TaskPhase,
} from '@tem/core/market';

/** Where a task's test seed stands (see `seedPhase` in `@tem/core/market`). */
export interface SeedJson {
  phase: SeedPhase;
  /** The running reveals digest; final once the reveal window has closed. */
  revealsDigest: string;
  /** The test seed, null until fixed. */
  testSeed: string | null;
  /** n > 1: seed commitments close then (or once all n committed); n = 1: the reveal deadline. */
  commitDeadline: number;
  /** n > 1: contributions are revealed until then; n = 1: the reveal deadline. */
  revealDeadline: number;
  /** Verifiers whose seed commitment is on chain (n > 1), in verifier order. */
  committed: string[];
  /** Verifiers whose contribution is revealed (n > 1), in verifier order. */
  revealed: string[];
}

/** A task as the API answers it: amounts and ids as decimal strings (they are uint256 on chain). */
export interface TaskJson {
  id: string;
  phase: TaskPhase;
  state: MarketTask['state'];
  owner: string;
  /** The verifier set (ascending, n = 1 to 7). */
  verifiers: string[];
  /** Matching verifier signatures a score needs (m). */
  threshold: number;
  /** The first verifier (`verifiers[0]`), for readers of one-verifier tasks. */
  verifier: string;
  bountyWei: string;
  /** Wei each commit pays, returned on reveal, forfeited to the bounty if never revealed. */
  commitBondWei: string;
  commitDeadline: number;
  revealDeadline: number;
  /** Seconds of each half of the seed window (0 with one verifier). */
  seedWindow: number;
  scoringDeadline: number;
  /** The deadline the task waits for now (of its phase), or the scoring deadline once over. */
  nextDeadline: number;
  minScore: string;
  bestScore: string | null;
  bestSubmissionId: string | null;
  submissionCount: number;
  revealCount: number;
  testSeed: string | null;
  seed: SeedJson;
  specCid: string | null;
}

/** One recorded score of a submission and who signed it. */
export interface ScoreJson {
  score: string;
  /** The verifiers whose signatures the contract checked, in verifier order. */
  signers: string[];
  /** Whether it became the task's best when recorded. */
  best: boolean;
  blockNumber: number;
  transactionHash: string;
}

/** A submission as the API answers it. */
export interface SubmissionJson {
  id: string;
  phase: 'committed' | 'revealed' | 'scored';
  solver: string;
  commitment: string;
  resultCid: string | null;
  /** keccak256 of the result CID's bytes (what scores are signed over), null before the reveal. */
  resultCidHash: string | null;
  /** The highest recorded score, null when none. */
  score: string | null;
  /** Every recorded score, in chain order (only scores that beat the best are relayed). */
  scores: ScoreJson[];
}

const ZERO_SEED = `0x${'0'.repeat(64)}`;

/** The deadline `task` is waiting for at `now` (the scoring deadline once it is over). */
export function nextDeadline(task: MarketTask, now: number): number {
  if (now < Number(task.commitDeadline)) return Number(task.commitDeadline);
  if (now < Number(task.revealDeadline)) return Number(task.revealDeadline);
  return Number(task.scoringDeadline);
}

/** The verifiers whose bit is set in `mask`, in verifier order. */
export function verifiersIn(verifiers: readonly string[], mask: number): string[] {
  return verifiers.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The API form of a task's seed state at chain time `now`. */
export function seedJson(task: MarketTask, now: number): SeedJson {
  return {
    phase: seedPhase(task, now),
    revealsDigest: task.revealsDigest,
    testSeed: task.testSeed === ZERO_SEED ? null : task.testSeed,
    commitDeadline: Number(task.seedCommitDeadline),
    revealDeadline: Number(task.seedRevealDeadline),
    committed: verifiersIn(task.verifiers, task.seedCommitted),
    revealed: verifiersIn(task.verifiers, task.seedRevealed),
  };
}

/** The API form of a task at chain time `now`. */
export function taskJson(task: MarketTask, now: number): TaskJson {
  const scored = task.bestSubmissionId !== 0n;
  return {
    id: task.id.toString(),
    phase: taskPhase(task, now),
    state: task.state,
    owner: task.owner,
    verifiers: [...task.verifiers],
    threshold: task.threshold,
    verifier: task.verifiers[0] ?? '',
    bountyWei: task.bounty.toString(),
    commitBondWei: task.commitBond.toString(),
    commitDeadline: Number(task.commitDeadline),
    revealDeadline: Number(task.revealDeadline),
    seedWindow: Number(task.seedWindow),
    scoringDeadline: Number(task.scoringDeadline),
    nextDeadline: nextDeadline(task, now),
    minScore: task.minScore.toString(),
    bestScore: scored ? task.bestScore.toString() : null,
    bestSubmissionId: scored ? task.bestSubmissionId.toString() : null,
    submissionCount: Number(task.submissionCount),
    revealCount: Number(task.revealCount),
    testSeed: task.testSeed === ZERO_SEED ? null : task.testSeed,
    seed: seedJson(task, now),
    specCid: task.specCid,
  };
}

/** The API form of a submission of `task`. */
export function submissionJson(
  submission: MarketSubmission,
  task: Pick<MarketTask, 'verifiers'>,
): SubmissionJson {
  return {
    id: submission.id.toString(),
    phase: submission.scored ? 'scored' : submission.revealed ? 'revealed' : 'committed',
    solver: submission.solver,
    commitment: submission.commitment,
    resultCid: submission.revealed ? submission.resultCid : null,
    resultCidHash: submission.resultCidHash,
    score: submission.scored ? submission.score.toString() : null,
    scores: submission.scores.map((s) => ({
      score: s.score.toString(),
      signers: verifiersIn(task.verifiers, s.signers),
      best: s.best,
      blockNumber: s.blockNumber,
      transactionHash: s.transactionHash,
    })),
  };
}
