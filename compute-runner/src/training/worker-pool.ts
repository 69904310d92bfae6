import { Worker } from 'node:worker_threads';
import {
  mergeEveResults,
  mergePairResults,
  mergeTestResults,
  splitEveTask,
  splitPairTask,
  splitTestTask,
  type EveResults,
  type EveTask,
  type Evaluator,
  type PairResults,
  type PairTask,
  type TestResults,
  type TestTask,
} from '@tem/core/bisuna/training';
import { TrainingWorkerError } from './errors.js';

interface Pending {
  resolve(result: PairResults | EveResults | TestResults): void;
  reject(error: Error): void;
}

/**
 * The worker to start: the bundled `.mjs` beside dist/tem.mjs, or, when running the `.ts` sources,
 * a tiny ES module that registers tsx in the worker and then imports the `.ts` worker (Node 20
 * does not apply `--import tsx` from a worker's execArgv to its entry file).
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts'))
    return new URL('./training/evaluation.worker.mjs', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./evaluation.worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * An {@link Evaluator} over `threads` worker threads: each task is split into one contiguous slice
 * per worker and the results are merged in cell order. Results equal the in-thread evaluator's,
 * because every cell draws from its own seed-derived stream.
 *
 * @example
 * const pool = new WorkerPoolEvaluator(2);
 * try { await trainCipher({ config, seed, evaluator: pool }); } finally { await pool.close(); }
 */
export class WorkerPoolEvaluator implements Evaluator {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(readonly parallelism: number) {
    if (!Number.isInteger(parallelism) || parallelism < 1) {
      throw new RangeError(`threads must be a positive integer, got ${parallelism}`);
    }
    const url = workerUrl();
    for (let i = 0; i < parallelism; i++) {
      const worker = new Worker(url);
      worker.on(
        'message',
        (msg: { id: number; result?: PairResults | EveResults | TestResults; error?: string }) => {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          if (msg.error !== undefined)
            p.reject(new TrainingWorkerError(`worker ${i}: ${msg.error}`));
          else p.resolve(msg.result!);
        },
      );
      worker.on('error', (error) =>
        this.fail(new TrainingWorkerError(`worker ${i} crashed: ${error.message}`)),
      );
      worker.on('exit', (code) => {
        if (!this.closing)
          this.fail(new TrainingWorkerError(`worker ${i} exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private run<T extends PairResults | EveResults | TestResults>(
    worker: Worker,
    task: PairTask | EveTask | TestTask,
  ): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.postMessage({ id, task });
    });
  }

  async evaluatePairs(task: PairTask): Promise<PairResults> {
    const slices = splitPairTask(task, this.workers.length);
    const results = await Promise.all(
      slices.map((s, i) => this.run<PairResults>(this.workers[i]!, s)),
    );
    return mergePairResults(results);
  }

  async evaluateEves(task: EveTask): Promise<EveResults> {
    const slices = splitEveTask(task, this.workers.length);
    const results = await Promise.all(
      slices.map((s, i) => this.run<EveResults>(this.workers[i]!, s)),
    );
    return mergeEveResults(results);
  }

  async evaluateTests(task: TestTask): Promise<TestResults> {
    const slices = splitTestTask(task, this.workers.length);
    const results = await Promise.all(
      slices.map((s, i) => this.run<TestResults>(this.workers[i]!, s)),
    );
    return mergeTestResults(results);
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closing = true;
    this.fail(new TrainingWorkerError('worker pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
