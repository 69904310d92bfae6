import {
  mergeEveResults,
  mergePairResults,
  mergeTestResults,
  runEveTask,
  runPairTask,
  runTestTask,
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
} from './evaluation.js';

export type EvaluationTask = PairTask | EveTask | TestTask;
export type EvaluationResult = PairResults | EveResults | TestResults;

/** A message to an evaluation worker. */
export interface EvaluationRequest {
  id: number;
  task: EvaluationTask;
}

/** A worker's answer: the result, or the error's name and message. */
export interface EvaluationResponse {
  id: number;
  result?: EvaluationResult;
  error?: string;
}

/**
 * The body of an evaluation worker (Web Worker or worker thread): runs the task and returns the
 * response with the result's buffers, to post as transferables.
 *
 * @example
 * // in a Web Worker
 * onmessage = (e) => { const { response, transfer } = handleEvaluationRequest(e.data); postMessage(response, transfer); };
 */
export function handleEvaluationRequest(req: EvaluationRequest): {
  response: EvaluationResponse;
  transfer: ArrayBuffer[];
} {
  try {
    const { task } = req;
    const result =
      task.kind === 'pairs'
        ? runPairTask(task)
        : task.kind === 'eves'
          ? runEveTask(task)
          : runTestTask(task);
    const transfer = Object.values(result).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
    return { response: { id: req.id, result }, transfer };
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { response: { id: req.id, error: text }, transfer: [] };
  }
}

/** The little a pool needs from a worker; adapters wrap Web Workers and node:worker_threads. */
export interface EvaluationPort {
  postMessage(request: EvaluationRequest): void;
  /** Registers the handlers for the worker's responses and for its failure (crash, exit). */
  listen(
    onResponse: (response: EvaluationResponse) => void,
    onFailure: (error: Error) => void,
  ): void;
  terminate(): unknown;
}

/** An evaluation that failed inside a worker, or a worker that failed. */
export class EvaluationWorkerError extends Error {
  override name = 'EvaluationWorkerError';
}

interface Pending {
  resolve(result: EvaluationResult): void;
  reject(error: Error): void;
}

/**
 * An {@link Evaluator} over worker ports: each task is split into one contiguous slice per worker,
 * the results merged in cell order. Identical results to {@link localEvaluator} for any number of
 * workers. A worker failure rejects every pending and later evaluation.
 */
export class PortPoolEvaluator implements Evaluator {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(private readonly ports: readonly EvaluationPort[]) {
    if (ports.length === 0) throw new RangeError('a pool needs at least one worker');
    ports.forEach((port, i) =>
      port.listen(
        (msg) => {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          if (msg.error !== undefined)
            p.reject(new EvaluationWorkerError(`worker ${i}: ${msg.error}`));
          else p.resolve(msg.result!);
        },
        (error) => this.fail(new EvaluationWorkerError(`worker ${i}: ${error.message}`)),
      ),
    );
  }

  get parallelism(): number {
    return this.ports.length;
  }

  /** Rejects everything pending and every later evaluation with `error`. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private run<T extends EvaluationResult>(port: EvaluationPort, task: EvaluationTask): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      port.postMessage({ id, task });
    });
  }

  private all<T extends EvaluationResult>(tasks: EvaluationTask[]): Promise<T[]> {
    return Promise.all(tasks.map((t, i) => this.run<T>(this.ports[i]!, t)));
  }

  async evaluatePairs(task: PairTask): Promise<PairResults> {
    return mergePairResults(await this.all<PairResults>(splitPairTask(task, this.ports.length)));
  }

  async evaluateEves(task: EveTask): Promise<EveResults> {
    return mergeEveResults(await this.all<EveResults>(splitEveTask(task, this.ports.length)));
  }

  async evaluateTests(task: TestTask): Promise<TestResults> {
    return mergeTestResults(await this.all<TestResults>(splitTestTask(task, this.ports.length)));
  }

  /** Fails what is pending and terminates every worker. */
  async close(): Promise<void> {
    this.fail(new EvaluationWorkerError('worker pool closed'));
    await Promise.all(this.ports.map((p) => p.terminate()));
  }
}
