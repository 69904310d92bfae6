/**
 * The scores a submission's verifiers signed, checked and grouped: who signed what, which
 * verifiers agree, whether m of them agree (a quorum anyone may relay), and what the chain
 * recorded. The chain keeps only scores that beat the task's best, so most signed scores live
 * only with the verifiers; this is where the site puts the two together.
 */
import { recoverScoreSigner, type ScoreDomainParameters } from '@tem/core/market';
import type { SignedScoreAnswer } from './verifier-api.js';
import type { MarketSubmission, MarketTask } from './types.js';

/** What the site knows of one verifier's score of one submission. */
export type VerifierScore =
  | { status: 'no-endpoint' }
  | { status: 'asking' }
  | { status: 'signed'; score: bigint; signature: string }
  | { status: 'invalid'; score: bigint; reason: string }
  | { status: 'unanswered'; message: string };

/** One score value and the verifiers behind it. */
export interface ScoreGroup {
  score: bigint;
  /** Indexes of the verifiers that signed it (checked signatures, or signers recorded on chain). */
  signers: number[];
  /** Checked signatures the site holds for it, by verifier index: what a relay sends. */
  signatures: Map<number, string>;
  /** At least the task's threshold of verifiers signed it. */
  quorum: boolean;
  /** How the chain recorded it, or null when nobody relayed it. */
  recorded: { signers: number; best: boolean } | null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Checks a verifier's answer: the signature must recover to the task's verifier at `index` for
 * this submission, its revealed result CID, the score and the task's seed on chain.
 */
export function checkSignedScore(
  domain: ScoreDomainParameters,
  task: Pick<MarketTask, 'id' | 'testSeed' | 'verifiers'>,
  submission: Pick<MarketSubmission, 'id' | 'resultCidHash'>,
  index: number,
  answer: SignedScoreAnswer,
): VerifierScore {
  const expected = task.verifiers[index];
  if (!expected || !submission.resultCidHash) {
    return { status: 'invalid', score: answer.score, reason: 'nothing to check it against' };
  }
  if (answer.verifier && !same(answer.verifier, expected)) {
    return {
      status: 'invalid',
      score: answer.score,
      reason: `the endpoint signs as ${answer.verifier}, not ${expected}`,
    };
  }
  let signer: string;
  try {
    signer = recoverScoreSigner(
      {
        ...domain,
        taskId: task.id,
        submissionId: submission.id,
        resultCidHash: submission.resultCidHash,
        score: answer.score,
        testSeed: task.testSeed,
      },
      answer.signature,
    );
  } catch {
    return { status: 'invalid', score: answer.score, reason: 'the signature is malformed' };
  }
  if (!same(signer, expected)) {
    return {
      status: 'invalid',
      score: answer.score,
      reason: 'the signature is not the verifier’s over this submission, score and seed',
    };
  }
  return { status: 'signed', score: answer.score, signature: answer.signature };
}

const bits = (mask: number, n: number) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => (mask >> i) & 1);

/**
 * Groups a submission's checked signatures and its recorded scores by score value, highest
 * first: the verifiers that agree on each, whether they reach the threshold, and whether (and
 * by whom) it was recorded on chain.
 */
export function scoreGroups(
  task: Pick<MarketTask, 'threshold' | 'verifiers'>,
  submission: Pick<MarketSubmission, 'scores'>,
  scores: ReadonlyMap<number, VerifierScore>,
): ScoreGroup[] {
  const groups = new Map<bigint, ScoreGroup>();
  const group = (score: bigint) => {
    let g = groups.get(score);
    if (!g) {
      g = { score, signers: [], signatures: new Map(), quorum: false, recorded: null };
      groups.set(score, g);
    }
    return g;
  };
  for (const [index, state] of scores) {
    if (state.status !== 'signed') continue;
    const g = group(state.score);
    g.signatures.set(index, state.signature);
    if (!g.signers.includes(index)) g.signers.push(index);
  }
  for (const recorded of submission.scores) {
    const g = group(recorded.score);
    g.recorded = {
      signers: (g.recorded?.signers ?? 0) | recorded.signers,
      best: (g.recorded?.best ?? false) || recorded.best,
    };
    for (const index of bits(recorded.signers, task.verifiers.length)) {
      if (!g.signers.includes(index)) g.signers.push(index);
    }
  }
  return [...groups.values()]
    .map((g) => ({
      ...g,
      signers: g.signers.sort((a, b) => a - b),
      quorum: g.signers.length >= task.threshold,
    }))
    .sort((a, b) => (a.score > b.score ? -1 : a.score < b.score ? 1 : 0));
}

/**
 * The score a quorum agrees on that is worth relaying: signed by at least m verifiers whose
 * signatures the site holds, not recorded yet, and better than the task's best (the chain keeps
 * only a better score; ties go to the earlier commit, so an equal score of a later submission
 * changes nothing either).
 */
export function relayableScore(
  task: Pick<MarketTask, 'threshold' | 'bestSubmissionId' | 'bestScore'>,
  submissionId: bigint,
  groups: readonly ScoreGroup[],
): ScoreGroup | null {
  for (const g of groups) {
    if (g.recorded || g.signatures.size < task.threshold) continue;
    const beats =
      task.bestSubmissionId === 0n ||
      g.score > task.bestScore ||
      (g.score === task.bestScore && submissionId < task.bestSubmissionId);
    if (beats) return g;
  }
  return null;
}
