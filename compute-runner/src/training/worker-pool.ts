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
import { TrainingWorkerError } from './errors.js';

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

/**
 * A node:worker_threads Worker as an {@link EvaluationPort}; `onCpu` receives the thread CPU time
 * the worker reports with each response.
 */
function threadPort(
  worker: Worker,
  replies: MessagePort,
  /** Whether the calling thread may poll for answers (busy-waits: not with more threads than cores). */
  pollable: boolean,
  closing: () => boolean,
  onCpu: (ms: number) => void,
): EvaluationPort {
  const seen = (msg: EvaluationResponse) => {
    if (msg.threadCpuMs !== undefined) onCpu(msg.threadCpuMs);
    return msg;
  };
  return {
    postMessage: (request) => worker.postMessage(request),
    ...(pollable && {
      poll() {
        const received = receiveMessageOnPort(replies);
        return received && seen(received.message as EvaluationResponse);
      },
    }),
    listen(onResponse, onFailure) {
      replies.on('message', (msg: EvaluationResponse) => onResponse(seen(msg)));
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
    const state = { closing: false, cpuMs: new Array<number>(workers).fill(0) };
    const pollable = workers + 1 <= availableParallelism();
    super(
      Array.from({ length: workers }, (_, i) => {
        // Answers come on a channel of their own, which the calling thread can poll.
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(url, { workerData: { replies: port2 }, transferList: [port2] });
        return threadPort(
          worker,
          port1,
          pollable,
          () => state.closing,
          (ms) => (state.cpuMs[i] = ms),
        );
      }),
      options,
    );
    this.state = state;
  }

  private readonly state: { closing: boolean; cpuMs: number[] };

  /**
   * CPU time (ms) each worker thread had run when it last answered: a measure of the work done
   * that does not depend on the machine's load (Linux; zeros elsewhere).
   */
  workerCpuMs(): readonly number[] {
    return this.state.cpuMs.slice();
  }

  override async close(): Promise<void> {
    this.state.closing = true;
    await super.close();
  }
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
  return threads === 1
    ? localEvaluator()
    : new WorkerPoolEvaluator(threads - 1, { callingThreadLane: true });
}
