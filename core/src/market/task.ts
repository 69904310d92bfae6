import type { Result } from 'ethers';
import { cidFromBytes } from './cid.js';

/** On-chain lifecycle state of a task (phases of `open` follow from the deadlines, see `taskPhase`). */
export type TaskState = 'open' | 'finalized' | 'cancelled';

const TASK_STATES: readonly TaskState[] = ['open', 'finalized', 'cancelled'];

/** A task as read from TaskMarket. Amounts in wei, deadlines in unix seconds. */
export interface MarketTask {
  id: bigint;
  owner: string;
  verifier: string;
  state: TaskState;
  bounty: bigint;
  commitDeadline: bigint;
  revealDeadline: bigint;
  scoringDeadline: bigint;
  minScore: bigint;
  /** Best recorded score (meaningful when `bestSubmissionId` is not 0). */
  bestScore: bigint;
  /** Id of the best scored submission, 0 when none is scored. */
  bestSubmissionId: bigint;
  submissionCount: bigint;
  revealCount: bigint;
  scoredCount: bigint;
  /** Fixed by the first reveal; zero hash before. */
  testSeed: string;
  /** The spec CID's text, or `null` if the stored bytes are not a valid CID. */
  specCid: string | null;
  /** The spec CID's bytes as stored, 0x-hex. */
  specCidHex: string;
}

/** A submission as read from TaskMarket. */
export interface MarketSubmission {
  taskId: bigint;
  /** Position in commit order, from 1. */
  id: bigint;
  solver: string;
  commitment: string;
  revealed: boolean;
  scored: boolean;
  score: bigint;
  /** The result CID's text once revealed (`null` before, or if the bytes are not a valid CID). */
  resultCid: string | null;
  /** The result CID's bytes as stored (`0x` before the reveal). */
  resultCidHex: string;
}

type Fields = Record<string, unknown>;
const fieldsOf = (r: Result | Fields): Fields =>
  typeof (r as Result).toObject === 'function' ? (r as Result).toObject() : (r as Fields);

/** Converts the contract's `TaskView` tuple into a {@link MarketTask}. */
export function decodeTask(raw: Result | Fields): MarketTask {
  const f = fieldsOf(raw);
  const specCidHex = String(f.specCid);
  return {
    id: BigInt(f.id as bigint),
    owner: String(f.owner),
    verifier: String(f.verifier),
    state: TASK_STATES[Number(f.state)] ?? 'open',
    bounty: BigInt(f.bounty as bigint),
    commitDeadline: BigInt(f.commitDeadline as bigint),
    revealDeadline: BigInt(f.revealDeadline as bigint),
    scoringDeadline: BigInt(f.scoringDeadline as bigint),
    minScore: BigInt(f.minScore as bigint),
    bestScore: BigInt(f.bestScore as bigint),
    bestSubmissionId: BigInt(f.bestSubmissionId as bigint),
    submissionCount: BigInt(f.submissionCount as bigint),
    revealCount: BigInt(f.revealCount as bigint),
    scoredCount: BigInt(f.scoredCount as bigint),
    testSeed: String(f.testSeed),
    specCid: cidFromBytes(specCidHex),
    specCidHex,
  };
}

/** Converts the contract's `SubmissionView` tuple into a {@link MarketSubmission}. */
export function decodeSubmission(raw: Result | Fields): MarketSubmission {
  const f = fieldsOf(raw);
  const resultCidHex = String(f.resultCid);
  return {
    taskId: BigInt(f.taskId as bigint),
    id: BigInt(f.id as bigint),
    solver: String(f.solver),
    commitment: String(f.commitment),
    revealed: Boolean(f.revealed),
    scored: Boolean(f.scored),
    score: BigInt(f.score as bigint),
    resultCid: resultCidHex === '0x' ? null : cidFromBytes(resultCidHex),
    resultCidHex,
  };
}
