import type { ScoreDomainParameters } from '@tem/core/market';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { checkSignedScore, type VerifierScore } from './signed-scores.js';
import type { TaskBoard } from './task-board.js';
import { VerifierRequestError, requestSignedScore } from './verifier-api.js';
import type { TaskVerifierEndpoint } from './verifier-endpoints.js';

/** Submission id (decimal) → verifier index → what that verifier signed. */
export type SignedScores = Map<string, Map<number, VerifierScore>>;

/**
 * Checked answers by (verify URL, market, task, submission, seed): a verifier's signature is
 * final for a given seed, so each is asked once per page load. Failures are not kept.
 */
const answered = new Map<string, VerifierScore>();

/** Requests to one verifier at a time are few: scoring a submission may take it a minute. */
const PER_VERIFIER = 2;

/**
 * Every signed score the task's verifiers serve for its revealed submissions, asked from the
 * endpoints this deployment knows once the test seed is fixed (a verifier signs only over it),
 * checked against the chain, a few requests per verifier at a time. `retry` asks again where a
 * verifier did not answer.
 */
export function useSignedScores(
  domain: ScoreDomainParameters,
  board: TaskBoard | null,
  endpoints: readonly TaskVerifierEndpoint[],
): { scores: SignedScores; retry: () => void } {
  const [scores, setScores] = useState<SignedScores>(new Map());
  const [attempt, setAttempt] = useState(0);
  const seed = board?.task.testSeed ?? '';
  const seedFixed = !!board && !/^0x0*$/.test(seed);
  const revealed = board ? board.submissions.filter((s) => s.revealed) : [];
  const revealedKey = revealed.map((s) => s.id).join(',');

  useEffect(() => {
    if (!board) return;
    let live = true;
    const table: SignedScores = new Map();
    const publish = () => live && setScores(new Map(table));
    const set = (submissionId: bigint, index: number, state: VerifierScore) => {
      const row = table.get(submissionId.toString()) ?? new Map<number, VerifierScore>();
      row.set(index, state);
      table.set(submissionId.toString(), row);
    };
    const queues = new Map<number, (() => Promise<void>)[]>();
    for (const submission of revealed) {
      for (const endpoint of endpoints) {
        const url = endpoint.url;
        if (!url) {
          set(submission.id, endpoint.index, { status: 'no-endpoint' });
          continue;
        }
        if (!seedFixed) continue;
        const key = [url, domain.contract, board.task.id, submission.id, seed].join('|');
        const known = answered.get(key);
        if (known) {
          set(submission.id, endpoint.index, known);
          continue;
        }
        set(submission.id, endpoint.index, { status: 'asking' });
        const job = async () => {
          let state: VerifierScore;
          try {
            const answer = await requestSignedScore(url, board.task.id, submission.id);
            state = checkSignedScore(domain, board.task, submission, endpoint.index, answer);
            answered.set(key, state);
          } catch (error) {
            state = {
              status: 'unanswered',
              message:
                error instanceof VerifierRequestError
                  ? error.detail
                  : (error as Error).message.slice(0, 200),
            };
          }
          if (!live) return;
          set(submission.id, endpoint.index, state);
          publish();
        };
        const queue = queues.get(endpoint.index) ?? [];
        queue.push(job);
        queues.set(endpoint.index, queue);
      }
    }
    publish();
    for (const queue of queues.values()) {
      const worker = async () => {
        for (let job = queue.shift(); job && live; job = queue.shift()) await job();
      };
      for (let i = 0; i < PER_VERIFIER; i++) void worker();
    }
    return () => {
      live = false;
    };
    // The board object changes on every refresh; what decides the requests is listed here.
  }, [board?.task.id, seed, seedFixed, revealedKey, endpoints, domain.contract, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { scores, retry };
}
