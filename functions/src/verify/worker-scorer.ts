import { Worker } from 'node:worker_threads';
import type { ScoreInput, ScoreReport, Scorer } from './scorer.js';

/** A scorer that runs jobs in worker threads, plus a way to stop them. */
export interface WorkerScorer extends Scorer {
  /** Terminates the workers; jobs still running fail. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  /** Set when the job's signal aborted it: the error it fails with. */
  aborted?: Error;
  input: Omit<ScoreInput, 'signal' | 'onProgress'>;
  resolve(report: ScoreReport): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/**
 * The worker entry: the `.ts` worker behind a tiny ES module that registers tsx first (Node 20
 * does not apply `--import tsx` from a worker's execArgv to its entry file), or the `.js` worker
 * of a build.
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./score-worker.js', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./score-worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * Scores in up to `size` worker threads, so that a long-lived server keeps answering (cached
 * verifies, task lists) while it scores. Used by the local server; Netlify runs `coreScorer`
 * in-thread (one request per instance). Failures keep their `name` (e.g. `BundleError`).
 *
 * @example
 * const scorer = createWorkerScorer({ size: 2 });
 * const report = await scorer(input);
 * await scorer.close();
 */
export function createWorkerScorer(options: { size: number }): WorkerScorer {
  const size = Math.max(1, Math.floor(options.size));
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(workerUrl());
    worker.unref();
    const slot: Slot = { worker, job: undefined };
    worker.on(
      'message',
      (message: {
        id: number;
        report?: ScoreReport;
        error?: { name: string; message: string };
      }) => {
        const job = slot.job;
        if (job === undefined || job.id !== message.id) return;
        slot.job = undefined;
        if (message.error) {
          const error = new Error(message.error.message);
          error.name = message.error.name;
          job.reject(error);
        } else job.resolve(message.report!);
        dispatch();
      },
    );
    const fail = (error: Error) => {
      const job = slot.job;
      slot.job = undefined;
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      job?.reject(job.aborted ?? error);
      dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scoring worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const dispatch = (): void => {
    while (!closed && waiting.length > 0) {
      let slot = slots.find((s) => s.job === undefined);
      if (slot === undefined && slots.length < size) slot = spawn();
      if (slot === undefined) return;
      const job = waiting.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, input: job.input });
    }
    for (const slot of slots) if (slot.job === undefined) slot.worker.unref();
  };

  const scorer = (async (input: ScoreInput) => {
    if (closed) throw new Error('the worker scorer is closed');
    const { signal, onProgress: _onProgress, ...transferable } = input;
    if (signal?.aborted) throw abortedError();
    return new Promise<ScoreReport>((resolve, reject) => {
      // A worker can be stopped mid-computation, unlike in-thread scoring: abort terminates it.
      const onAbort = () => {
        job.aborted = abortedError();
        const queued = waiting.indexOf(job);
        if (queued >= 0) {
          waiting.splice(queued, 1);
          reject(job.aborted);
        }
        const slot = slots.find((s) => s.job === job);
        if (slot) void slot.worker.terminate();
      };
      // Settled jobs drop the listener, which would otherwise hold their input until the signal's
      // timeout fires.
      const job: Job = {
        id: nextId++,
        input: transferable,
        resolve: (report) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(report);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(job);
      dispatch();
    });
  }) as WorkerScorer;
  scorer.close = async () => {
    closed = true;
    for (const job of waiting.splice(0)) job.reject(new Error('the worker scorer is closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  };
  return scorer;
}

function abortedError(): Error {
  const error = new Error('scoring aborted: the job ran past its deadline');
  error.name = 'ScoringAbortedError';
  return error;
}
