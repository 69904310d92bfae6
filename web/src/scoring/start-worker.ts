/** Starts the scoring worker (a separate file, never in the initial bundle). */
export function startScoreWorker(): Worker {
  return new Worker(new URL(`./${__SCORE_WORKER_FILE__}`, import.meta.url), {
    type: 'module',
    name: 'tem-score',
  });
}
