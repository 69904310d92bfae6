/**
 * Asking every verifier of a task: their endpoints from the spec, their score answers, and the
 * log lines that name the verifiers that disagreed or did not answer.
 */
import type { MarketSubmission, MarketTask } from '@tem/core/market';
import { specVerifiers, type VerifierEndpoint } from '@tem/core/task';
import type { QuorumReport } from '../state/index.js';
import type { RunnerContext } from './runner-context.js';
import type { VerifierScoreAnswer } from './score-quorum.js';
import { VerifierError, requestScore } from './verifier-client.js';

/** What a spec of any kind says of its verifiers: the first, and all of them with their endpoints. */
export interface SpecEndpoints {
  verifier: VerifierEndpoint;
  verifiers?: VerifierEndpoint[] | undefined;
}

/** The verify URL of each verifier of `task` (by index), from the spec; undefined where it names none. */
export function verifierUrls(
  spec: SpecEndpoints,
  task: Pick<MarketTask, 'verifiers'>,
): (string | undefined)[] {
  const endpoints = specVerifiers(spec);
  return task.verifiers.map(
    (v) => endpoints.find((e) => e.address.toLowerCase() === v.toLowerCase())?.url,
  );
}

/** Asks every verifier of `task` for the signed score of `mine`, all at once. */
export async function askForScores(
  ctx: RunnerContext,
  task: MarketTask,
  mine: MarketSubmission,
  spec: SpecEndpoints,
): Promise<VerifierScoreAnswer[]> {
  const urls = verifierUrls(spec, task);
  return Promise.all(
    task.verifiers.map(async (verifier, i): Promise<VerifierScoreAnswer> => {
      const url = urls[i];
      if (!url) {
        return {
          verifier,
          ok: false,
          reason: 'the spec names no endpoint for it',
          retryable: false,
        };
      }
      try {
        const answer = await requestScore(url, task.id.toString(), mine.id.toString(), ctx.signal);
        return { verifier, ok: true, score: answer.score, signature: answer.signature };
      } catch (error) {
        if (!(error instanceof VerifierError)) throw error;
        return { verifier, ok: false, reason: error.message, retryable: error.retryable };
      }
    }),
  );
}

/**
 * Logs which verifiers disagreed with the quorum's score or gave no usable answer, when that
 * differs from what the record last said (so a waiting task does not repeat it every poll).
 */
export function reportChanges(
  ctx: RunnerContext,
  taskId: string,
  before: QuorumReport | undefined,
  report: QuorumReport,
): void {
  const key = (r: QuorumReport | undefined) =>
    JSON.stringify(r ? [r.score, r.agreed, r.disagreed, r.missing.map((m) => m.verifier)] : null);
  if (key(before) === key(report)) return;
  for (const { verifier, score } of report.disagreed) {
    ctx.log.warn({
      event: 'verifier-disagreed',
      taskId,
      message: `verifier ${verifier} signed score ${score}${report.score ? `, the quorum ${report.score}` : ''}`,
      verifier,
      score,
    });
  }
  for (const { verifier, reason } of report.missing) {
    ctx.log.warn({
      event: 'verifier-missing',
      taskId,
      message: `verifier ${verifier} gave no usable score: ${reason}`,
      verifier,
    });
  }
  if (report.score !== undefined) {
    ctx.log.info({
      event: 'quorum',
      taskId,
      message: `${report.agreed.length} of ${report.agreed.length + report.disagreed.length + report.missing.length} verifiers signed score ${report.score}`,
      score: report.score,
      agreed: report.agreed,
    });
  }
}
