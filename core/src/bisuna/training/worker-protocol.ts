import {
  SliceCoordinator,
  SliceWorker,
  type EvaluationSlice,
  type EvaluationSliceResults,
  type EveGeneration,
  type EveResults,
  type Evaluator,
  type PairGeneration,
  type PairGenerationResults,
} from './evaluation.js';
import type { GenomeUpdate } from './resident-genomes.js';

/**
 * A message to an evaluation worker: the genome changes since its previous request, then its
 * slice of the generation.
 */
export interface EvaluationRequest {
  id: number;
  updates: GenomeUpdate[];
  slice: EvaluationSlice;
}

/** A worker's answer: the result, or the error's name and message. */
export interface EvaluationResponse {
  id: number;
  result?: EvaluationSliceResults;
  error?: string;
  /** The worker thread's CPU time so far (ms), where its host can tell; for benchmarks. */
  threadCpuMs?: number;
}

/** Handles one request in a worker; returns the response and the buffers to transfer with it. */
export type EvaluationHandler = (req: EvaluationRequest) => {
  response: EvaluationResponse;
  transfer: ArrayBuffer[];
};

/**
 * The body of an evaluation worker (Web Worker or worker thread): holds the worker's resident
 * genomes and answers each request with the result's buffers, to post as transferables.
 *
 * @example
 * // in a Web Worker
 * const handle = createEvaluationHandler();
 * onmessage = (e) => { const { response, transfer } = handle(e.data); postMessage(response, transfer); };
 */
export function createEvaluationHandler(): EvaluationHandler {
  const worker = new SliceWorker();
  return (req) => {
    try {
      const result = worker.run(req.updates, req.slice);
      const transfer = Object.values(result)
        .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
        .map((a) => a.buffer as ArrayBuffer);
      return { response: { id: req.id, result }, transfer };
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { response: { id: req.id, error: text }, transfer: [] };
    }
  };
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
  resolve(result: EvaluationSliceResults): void;
  reject(error: Error): void;
}

/**
 * An {@link Evaluator} over worker ports: each generation is one message per worker (the genome
 * changes and one contiguous slice of cells), the results merged in cell order. Identical
 * results to the in-thread evaluator for any number of workers. A worker failure rejects every
 * pending and later evaluation.
 */
export class PortPoolEvaluator implements Evaluator {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private readonly coordinator: SliceCoordinator;

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
    this.coordinator = new SliceCoordinator(ports.length, (lane, updates, slice) =>
      this.run(this.ports[lane]!, updates, slice),
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

  private run(
    port: EvaluationPort,
    updates: GenomeUpdate[],
    slice: EvaluationSlice,
  ): Promise<EvaluationSliceResults> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      port.postMessage({ id, updates, slice });
    });
  }

  evaluatePairs(task: PairGeneration): Promise<PairGenerationResults> {
    return this.coordinator.evaluatePairs(task);
  }

  evaluateEves(task: EveGeneration): Promise<EveResults> {
    return this.coordinator.evaluateEves(task);
  }

  /** Fails what is pending and terminates every worker. */
  async close(): Promise<void> {
    this.fail(new EvaluationWorkerError('worker pool closed'));
    await Promise.all(this.ports.map((p) => p.terminate()));
  }
}
