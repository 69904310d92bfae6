import type { Result } from 'ethers';
import { cidFromBytes } from './cid.js';

/** On-chain lifecycle state of a task (phases of `open` follow from the deadlines, see `taskPhase`). */
export type TaskState = 'open' | 'finalized' | 'cancelled';

const TASK_STATES: readonly TaskState[] = ['open', 'finalized', 'cancelled'];

/** A task as TaskMarket stores it (`getTask` view). Amounts in wei, deadlines in unix seconds. */
export interface MarketTaskView {
  id: bigint;
  owner: string;
  state: TaskState;
  bounty: bigint;
  /** Wei each commit pays, returned on reveal, forfeited to the bounty if never revealed. */
  commitBond: bigint;
  commitDeadline: bigint;
  revealDeadline: bigint;
  /** Length of each half of the seed window in seconds (0 when the task has one verifier). */
  seedWindow: bigint;
  scoringDeadline: bigint;
  minScore: bigint;
  /** Verifier signatures a score needs (m). */
  threshold: number;
  /** Verifiers the task names (n). */
  verifierCount: number;
  /** keccak256(abi.encode(verifiers)). */
  verifierSetHash: string;
  /** Block of the `createTask` transaction: where its events start. */
  createdBlock: number;
  submissionCount: bigint;
  revealCount: bigint;
  /** Solver of the best scored submission (zero address when none). */
  bestSolver: string;
  /** Id of the best scored submission, 0 when none is scored. */
  bestSubmissionId: bigint;
  /** Best recorded score (meaningful when `bestSubmissionId` is not 0). */
  bestScore: bigint;
  /** Running hash of the reveals; final once the reveal window has closed. */
  revealsDigest: string;
  /** Zero hash until the seed is fixed (after the reveal window). */
  testSeed: string;
  /** Bit i set: verifier i committed its seed contribution (n > 1). */
  seedCommitted: number;
  /** Bit i set: verifier i revealed its seed contribution (n > 1). */
  seedRevealed: number;
}

/** What only `TaskCreated` records: the spec CID and the verifier addresses. */
export interface TaskCreation {
  taskId: bigint;
  owner: string;
  /** The verifier set, ascending. */
  verifiers: string[];
  threshold: number;
  /** The spec CID's text, or `null` if the bytes are not a valid CID (untrusted input). */
  specCid: string | null;
  /** The spec CID's bytes, 0x-hex. */
  specCidHex: string;
  blockNumber: number;
  transactionHash: string;
}

/** A task: its storage view merged with its creation event. */
export interface MarketTask extends MarketTaskView {
  /** The verifier set, ascending (n addresses). */
  verifiers: string[];
  /**
   * The first verifier.
   * @deprecated Tasks name several verifiers: use `verifiers` and `threshold`.
   */
  verifier: string;
  /** The spec CID's text, or `null` if the bytes are not a valid CID. */
  specCid: string | null;
  /** The spec CID's bytes, 0x-hex. */
  specCidHex: string;
  /** End of seed commitments: `revealDeadline + seedWindow` (n > 1; `revealDeadline` when n = 1). */
  seedCommitDeadline: bigint;
  /** End of seed contribution reveals: `revealDeadline + 2 * seedWindow`. */
  seedRevealDeadline: bigint;
}

/** One recorded score of a submission. */
export interface SubmissionScore {
  score: bigint;
  /** Bit i set: verifier i signed it. */
  signers: number;
  /** Whether it became the task's best when recorded. */
  best: boolean;
  blockNumber: number;
  transactionHash: string;
}

/** A submission, rebuilt from TaskMarket's events (storage keeps only a hash of it). */
export interface MarketSubmission {
  taskId: bigint;
  /** Position in commit order, from 1. */
  id: bigint;
  solver: string;
  commitment: string;
  revealed: boolean;
  /** Whether any score was recorded. */
  scored: boolean;
  /** The highest recorded score (0 when none). */
  score: bigint;
  /** Every recorded score, in chain order. */
  scores: SubmissionScore[];
  /** The result CID's text once revealed (`null` before, or if the bytes are not a valid CID). */
  resultCid: string | null;
  /** The result CID's bytes (`0x` before the reveal). */
  resultCidHex: string;
  /** keccak256 of the result CID's bytes (`null` before the reveal): what scores are signed over. */
  resultCidHash: string | null;
  committedBlock: number;
  revealedBlock: number | undefined;
}

type Fields = Record<string, unknown>;
const fieldsOf = (r: Result | Fields): Fields =>
  typeof (r as Result).toObject === 'function' ? (r as Result).toObject() : (r as Fields);

/** Converts the contract's `TaskView` tuple into a {@link MarketTaskView}. */
export function decodeTaskView(raw: Result | Fields): MarketTaskView {
  const f = fieldsOf(raw);
  const big = (k: string) => BigInt(f[k] as bigint);
  return {
    id: big('id'),
    owner: String(f.owner),
    state: TASK_STATES[Number(f.state)] ?? 'open',
    bounty: big('bounty'),
    commitBond: big('commitBond'),
    commitDeadline: big('commitDeadline'),
    revealDeadline: big('revealDeadline'),
    seedWindow: big('seedWindow'),
    scoringDeadline: big('scoringDeadline'),
    minScore: big('minScore'),
    threshold: Number(f.threshold),
    verifierCount: Number(f.verifierCount),
    verifierSetHash: String(f.verifierSetHash),
    createdBlock: Number(f.createdBlock),
    submissionCount: big('submissionCount'),
    revealCount: big('revealCount'),
    bestSolver: String(f.bestSolver),
    bestSubmissionId: big('bestSubmissionId'),
    bestScore: big('bestScore'),
    revealsDigest: String(f.revealsDigest),
    testSeed: String(f.testSeed),
    seedCommitted: Number(f.seedCommitted),
    seedRevealed: Number(f.seedRevealed),
  };
}

/** Merges a task's storage view with its creation event. */
export function mergeTask(view: MarketTaskView, creation: TaskCreation): MarketTask {
  return {
    ...view,
    verifiers: creation.verifiers,
    verifier: creation.verifiers[0] ?? '',
    specCid: creation.specCid,
    specCidHex: creation.specCidHex,
    seedCommitDeadline: view.revealDeadline + view.seedWindow,
    seedRevealDeadline: view.revealDeadline + 2n * view.seedWindow,
  };
}

/** The CID text of event bytes (`null` when they are not a valid CID). */
export function cidTextOf(hex: string): string | null {
  return hex === '0x' ? null : cidFromBytes(hex);
}
