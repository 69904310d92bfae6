import { availableParallelism } from 'node:os';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import {
  localEvaluator,
  PortPoolEvaluator,
  type EvaluationPort,
  type EvaluationResponse,
  type Evaluator,
  type PortPoolOptions,
} from '@tem/core/bisuna/training';
import { kindEnvironments } from '@tem/core/kinds';
import { TrainingWorkerError } from './errors.js';
import type { ThreadCpuAnswer, ThreadCpuQuery } from './thread-cpu.js';

/**
 * The worker to start: the bundled `.mjs` beside dist/tem.mjs, or, when running the `.ts` sources,
 * a tiny ES module that registers tsx in the worker and then imports the `.ts` worker (Node 20
 * does not apply `--import tsx` from a worker's execArgv to its entry file).
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) {
    return new URL('./training/evaluation.worker.mjs', import.meta.url);
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./evaluation.worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

type WorkerReply = EvaluationResponse | ThreadCpuAnswer;

/**
 * A node:worker_threads Worker as an {@link EvaluationPort}; answers to CPU queries go to `onCpu`
 * instead.
 */
function threadPort(
  worker: Worker,
  replies: MessagePort,
  closing: () => boolean,
  onCpu: (answer: ThreadCpuAnswer) => void,
): EvaluationPort {
  const evaluation = (msg: WorkerReply): EvaluationResponse | undefined => {
    if (!('cpuQuery' in msg)) return msg;
    onCpu(msg);
    return undefined;
  };
  return {
    postMessage: (request) => worker.postMessage(request),
    poll() {
      for (let r = receiveMessageOnPort(replies); r; r = receiveMessageOnPort(replies)) {
        const msg = evaluation(r.message as WorkerReply);
        if (msg) return msg;
      }
      return undefined;
    },
    listen(onResponse, onFailure) {
      replies.on('message', (reply: WorkerReply) => {
        const msg = evaluation(reply);
        if (msg) onResponse(msg);
      });
      worker.on('error', (error) =>
        onFailure(new TrainingWorkerError(`crashed: ${error.message}`)),
      );
      worker.on('exit', (code) => {
        if (!closing()) onFailure(new TrainingWorkerError(`exited with code ${code}`));
      });
    },
    terminate: () => {
      replies.close();
      return worker.terminate();
    },
  };
}

/**
 * How long a worker polls for its next request after answering one, where every thread has a
 * core of its own (else it sleeps until the next request comes).
 */
export const WORKER_POLL_MS = 5;

/**
 * An evaluator over `workers` worker threads (core's {@link PortPoolEvaluator}), plus the calling
 * thread with `callingThreadLane`: the threads claim each task's cells from shared memory. Results
 * equal the in-thread evaluator's, because every cell draws from its own seed-derived stream.
 *
 * @example
 * const pool = new WorkerPoolEvaluator(2);
 * try { await trainCipher({ config, seed, evaluator: pool }); } finally { await pool.close(); }
 */
export class WorkerPoolEvaluator extends PortPoolEvaluator {
  constructor(workers: number, options: PortPoolOptions = {}) {
    if (!Number.isInteger(workers) || workers < (options.callingThreadLane ? 0 : 1)) {
      throw new RangeError(`workers must be a positive integer, got ${workers}`);
    }
    const url = workerUrl();
    const state: PoolState = { closing: false, threads: [] };
    // Busy-waiting (here and in the workers) only where every thread has a core of its own.
    const pollable = workers + 1 <= availableParallelism();
    super(
      Array.from({ length: workers }, () => {
        // Answers come on a channel of their own, which the calling thread can poll.
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(url, {
          workerData: { replies: port2, pollMs: pollable ? WORKER_POLL_MS : 0 },
          transferList: [port2],
        });
        const thread: WorkerThread = { worker, exited: false, cpuQueries: new Map() };
        state.threads.push(thread);
        // A query a dead worker will not answer.
        worker.on('exit', () => {
          thread.exited = true;
          for (const answer of thread.cpuQueries.values()) answer(Number.NaN);
          thread.cpuQueries.clear();
        });
        const cpuAnswered = ({ cpuQuery, threadCpuMs }: ThreadCpuAnswer) => {
          thread.cpuQueries.get(cpuQuery)?.(threadCpuMs ?? 0);
          thread.cpuQueries.delete(cpuQuery);
        };
        return threadPort(worker, port1, () => state.closing, cpuAnswered);
      }),
      { ...options, busyWait: options.busyWait ?? pollable },
    );
    this.state = state;
  }

  private readonly state: PoolState;
  private nextCpuQuery = 0;

  /**
   * CPU time (ms) each worker thread has run, once it has answered what was posted before: a
   * measure of the work done that does not depend on the machine's load (Linux; zeros elsewhere,
   * NaN for a worker that exited).
   */
  workerCpuMs(): Promise<number[]> {
    return Promise.all(
      this.state.threads.map(
        (thread) =>
          new Promise<number>((resolve) => {
            if (thread.exited) return resolve(Number.NaN);
            const query: ThreadCpuQuery = { cpuQuery: this.nextCpuQuery++ };
            thread.cpuQueries.set(query.cpuQuery, resolve);
            thread.worker.postMessage(query);
          }),
      ),
    );
  }

  override async close(): Promise<void> {
    this.state.closing = true;
    await super.close();
  }
}

interface PoolState {
  closing: boolean;
  threads: WorkerThread[];
}

interface WorkerThread {
  worker: Worker;
  exited: boolean;
  /** Its pending {@link WorkerPoolEvaluator.workerCpuMs} queries by number. */
  cpuQueries: Map<number, (ms: number) => void>;
}

/**
 * The evaluator for `threads` compute threads, the calling thread included (`tem train
 * --threads`): in-thread for 1, else the calling thread computes one slice and `threads - 1`
 * worker threads the others.
 */
export function computeThreadsEvaluator(threads: number): Evaluator {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  }
  const environments = kindEnvironments();
  return threads === 1
    ? localEvaluator(undefined, environments)
    : new WorkerPoolEvaluator(threads - 1, { callingThreadLane: true, environments });
}
