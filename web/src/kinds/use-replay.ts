import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import type { ReplayRequest } from '../scoring/score-protocol.js';
import { runInScoreWorker } from '../scoring/start-worker.js';
import type { SubmissionViewProps } from './views.js';

/** The seed a view runs under before the task's test seed is fixed. */
export const PREVIEW_SEED = `0x${'00'.repeat(31)}01`;
const ZERO_SEED = /^0x0*$/;

/** Where a replay is: running (with its stage), done (the kind's data), or failed. */
export type ReplayState<R> =
  | { status: 'running'; stage: string }
  | { status: 'done'; data: R; seed: string; testSeed: boolean }
  | { status: 'failed'; message: string };

/**
 * Runs a submission for its kind's view in the scoring worker (the kind's `replay`, on the bundle
 * fetched by CID with every block verified), under the task's test seed once fixed, else a
 * preview seed.
 */
export function useReplay<R>({ task, submission, spec }: SubmissionViewProps): ReplayState<R> {
  const { loaded } = useServices();
  const [state, setState] = useState<ReplayState<R>>({ status: 'running', stage: 'starting' });
  const fixed = !ZERO_SEED.test(task.testSeed);
  const seed = fixed ? task.testSeed : PREVIEW_SEED;
  useEffect(() => {
    if (!submission.resultCid) {
      setState({ status: 'failed', message: 'this submission is not revealed yet' });
      return;
    }
    setState({ status: 'running', stage: 'starting' });
    const request: ReplayRequest = {
      type: 'replay',
      gateways: loaded.config.gateways,
      spec,
      resultCid: submission.resultCid,
      testSeed: seed,
    };
    return runInScoreWorker(request, {
      progress: (stage) => setState({ status: 'running', stage }),
      done: (m) => setState({ status: 'done', data: m.data as R, seed, testSeed: fixed }),
      failed: (message) => setState({ status: 'failed', message }),
    });
  }, [submission.resultCid, seed, spec, loaded.config.gateways]);
  return state;
}
