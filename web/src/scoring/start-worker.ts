import type { ReplayRequest, ScoreRequest, ScoreResponse } from './score-protocol.js';

/** Starts the scoring worker (a separate file, never in the initial bundle). */
export function startScoreWorker(): Worker {
  return new Worker(new URL(`./${__SCORE_WORKER_FILE__}`, import.meta.url), {
    type: 'module',
    name: 'tem-score',
  });
}

type Answer<Q> = Extract<ScoreResponse, { type: Q extends ScoreRequest ? 'result' : 'replay' }>;

/** What a worker running one request reports: its stages, its answer, or why it failed. */
export interface ScoreWorkerHandlers<Q> {
  progress: (stage: string, fraction: number) => void;
  done: (answer: Answer<Q>) => void;
  failed: (message: string) => void;
}

/** Runs one request in a new scoring worker, which ends with its answer; returns what stops it. */
export function runInScoreWorker<Q extends ScoreRequest | ReplayRequest>(
  request: Q,
  on: ScoreWorkerHandlers<Q>,
): () => void {
  const worker = startScoreWorker();
  worker.onmessage = (event: MessageEvent<ScoreResponse>) => {
    const m = event.data;
    if (m.type === 'progress') {
      on.progress(m.stage, m.fraction);
      return;
    }
    worker.terminate();
    if (m.type === 'error') on.failed(m.message);
    else on.done(m as Answer<Q>);
  };
  worker.onerror = (event) => on.failed(event.message || 'the worker failed');
  worker.postMessage(request);
  return () => worker.terminate();
}
