/**
 * The runner's reading of its verifiers' scores (issue 23): every verifier of the task is asked;
 * a signature counts only if it recovers to that verifier over the task's test seed; a score is
 * relayed once m verifiers signed the same value, and only if it beats the task's best (any other
 * changes nothing on chain). Pure: the answers come in, the decision and the report come out.
 */
import { getAddress, recoverAddress } from 'ethers';
import { hashScore, type MarketSubmission, type MarketTask } from '@tem/core/market';
import type { QuorumReport } from '../state/index.js';

/** One verifier's answer to a score request. */
export type VerifierScoreAnswer =
  | { verifier: string; ok: true; score: string; signature: string }
  | { verifier: string; ok: false; reason: string; retryable: boolean };

/** What to do with the answers. */
export type ScoreDecision =
  /** m verifiers signed `score`, which beats the best: relay these signatures (verifier order). */
  | { kind: 'relay'; score: bigint; signatures: string[]; report: QuorumReport }
  /** m verifiers signed `score`, which does not beat the task's best: relaying changes nothing. */
  | { kind: 'not-best'; score: bigint; report: QuorumReport; why: string }
  /** No score has m valid signatures (yet); `retry` when a verifier may still answer. */
  | { kind: 'no-quorum'; report: QuorumReport; retry: boolean; why: string };

/** The inputs of {@link decideScore}. */
export interface ScoreQuorumInput {
  chainId: number;
  contract: string;
  task: Pick<
    MarketTask,
    'id' | 'verifiers' | 'threshold' | 'testSeed' | 'bestScore' | 'bestSubmissionId'
  >;
  submission: Pick<MarketSubmission, 'id' | 'resultCidHash'>;
  answers: readonly VerifierScoreAnswer[];
  /** The contract's `MAX_SCORE`: a score above it cannot be recorded. */
  maxScore: bigint;
  at: Date;
}

/** Whether `score` for `submissionId` would become the task's best (the contract's rule). */
export function beatsBest(
  task: Pick<MarketTask, 'bestScore' | 'bestSubmissionId'>,
  submissionId: bigint,
  score: bigint,
): boolean {
  return (
    task.bestSubmissionId === 0n ||
    score > task.bestScore ||
    (score === task.bestScore && submissionId < task.bestSubmissionId)
  );
}

/**
 * Checks each answer's signature, finds the score that m verifiers signed, and decides whether
 * to relay it. Verifiers that signed another score are reported as disagreeing; those that did not
 * answer, refused, or whose signature does not recover to them, as missing.
 */
export function decideScore(input: ScoreQuorumInput): ScoreDecision {
  const { task, submission } = input;
  const report: QuorumReport = {
    agreed: [],
    disagreed: [],
    missing: [],
    at: input.at.toISOString(),
  };
  const valid = new Map<string, { index: number; signature: string }[]>();
  let retry = false;
  for (const [index, verifier] of task.verifiers.entries()) {
    const answer = input.answers.find((a) => a.verifier.toLowerCase() === verifier.toLowerCase());
    if (!answer) {
      report.missing.push({ verifier, reason: 'not asked: the spec names no endpoint for it' });
      continue;
    }
    if (!answer.ok) {
      report.missing.push({ verifier, reason: answer.reason });
      retry ||= answer.retryable;
      continue;
    }
    const reason = signatureProblem(input, answer, verifier);
    if (reason) {
      report.missing.push({ verifier, reason });
      continue;
    }
    const signed = valid.get(answer.score) ?? [];
    signed.push({ index, signature: answer.signature });
    valid.set(answer.score, signed);
  }
  // The score most verifiers signed; with fewer than m dishonest ones only the true score can reach m.
  const ranked = [...valid.entries()].sort((a, b) => b[1].length - a[1].length);
  const [top, second] = ranked;
  const quorum =
    top && top[1].length >= task.threshold && !(second && second[1].length === top[1].length)
      ? top
      : undefined;
  for (const [score, signers] of ranked) {
    for (const { index } of signers) {
      const verifier = task.verifiers[index]!;
      if (quorum && score === quorum[0]) report.agreed.push(verifier);
      else report.disagreed.push({ verifier, score });
    }
  }
  if (!quorum) {
    const counts = ranked.map(([score, s]) => `${s.length} signed ${score}`).join(', ');
    return {
      kind: 'no-quorum',
      report,
      retry,
      why: `no score has ${task.threshold} matching verifier signatures (${counts || 'none signed'})`,
    };
  }
  const score = BigInt(quorum[0]);
  report.score = quorum[0];
  if (score > input.maxScore) {
    return {
      kind: 'no-quorum',
      report,
      retry: false,
      why: `the verifiers signed ${score}, above the contract's MAX_SCORE ${input.maxScore}: it cannot be recorded`,
    };
  }
  if (!beatsBest(task, submission.id, score)) {
    return {
      kind: 'not-best',
      score,
      report,
      why: `score ${score} does not beat the best, ${task.bestScore} of submission ${task.bestSubmissionId}: not relayed (it would change nothing)`,
    };
  }
  const signatures = quorum[1]
    .sort((a, b) => a.index - b.index)
    .slice(0, task.threshold)
    .map((s) => s.signature);
  return { kind: 'relay', score, signatures, report };
}

/** Why a signed answer does not count, or undefined when it recovers to its verifier. */
function signatureProblem(
  input: ScoreQuorumInput,
  answer: Extract<VerifierScoreAnswer, { ok: true }>,
  verifier: string,
): string | undefined {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(answer.score)) {
    return `answered a score that is not a uint64: ${JSON.stringify(answer.score.slice(0, 40))}`;
  }
  if (!input.submission.resultCidHash) return 'the submission is not revealed';
  let signer: string;
  try {
    signer = getAddress(
      recoverAddress(
        hashScore({
          chainId: input.chainId,
          contract: input.contract,
          taskId: input.task.id,
          submissionId: input.submission.id,
          resultCidHash: input.submission.resultCidHash,
          score: BigInt(answer.score),
          testSeed: input.task.testSeed,
        }),
        answer.signature,
      ),
    );
  } catch {
    return 'answered a malformed signature';
  }
  return signer === getAddress(verifier)
    ? undefined
    : `its signature of score ${answer.score} recovers to ${signer}, not to it (another seed, submission or key)`;
}
