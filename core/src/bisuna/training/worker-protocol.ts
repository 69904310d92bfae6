import type {
  EveGeneration,
  EveResults,
  Evaluator,
  PairGeneration,
  PairGenerationResults,
} from './evaluation/evaluator.js';
import { SliceCoordinator } from './evaluation/slice-coordinator.js';
import { SliceWorker } from './evaluation/slice-runners.js';
import { processClockMs } from './lane-items.js';
import type { EvaluationSlice, EvaluationSliceResults } from './evaluation/worker-messages.js';
import type { AgentEnvironments, AgentGeneration, AgentResults } from './agent-slice.js';
import type { GenomeUpdate } from './resident-genomes.js';
import { canShareMemory } from './work-claims.js';

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
 * const handle = createEvaluationHandler(kindEnvironments()); // @tem/core/kinds
 * onmessage = (e) => { const { response, transfer } = handle(e.data); postMessage(response, transfer); };
 */
export function createEvaluationHandler(environments?: AgentEnvironments): EvaluationHandler {
  const worker = new SliceWorker(undefined, environments);
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
  /** The next response if one has arrived, taken synchronously (node:worker_threads can). */
  poll?(): EvaluationResponse | undefined;
}

/** An evaluation that failed inside a worker, or a worker that failed. */
export class EvaluationWorkerError extends Error {
  override name = 'EvaluationWorkerError';
}

interface Pending {
  resolve(result: EvaluationSliceResults): void;
  reject(error: Error): void;
}

export interface PortPoolOptions {
  /**
   * The calling thread computes one slice too, after posting the workers' slices and before
   * awaiting them: one more lane, with no hand-over latency (for Node; a browser page keeps its
   * main thread free).
   */
  callingThreadLane?: boolean;
  /**
   * Lanes claim each task's items from shared memory (default: where the realm can share memory
   * with its workers), else each gets a fixed slice.
   */
  shareMemory?: boolean;
  /**
   * The calling thread busy-waits (polls) for the tail of the workers' answers once its own lane
   * is done (default: true); turn it off where the threads outnumber the cores, since spinning
   * would take a core from a worker. Arrived answers are taken either way.
   */
  busyWait?: boolean;
  /** The environments the calling thread's lane evaluates agents in (the workers have their own). */
  environments?: AgentEnvironments;
}

/**
 * An {@link Evaluator} over worker ports: each task is one message per worker with the genome
 * changes; where memory can be shared, the lanes claim the task's cells one at a time (see
 * `SliceCoordinator`), else each gets one contiguous slice. Identical results to the in-thread
 * evaluator for any number of workers. A worker failure rejects every pending and later
 * evaluation.
 */
export class PortPoolEvaluator implements Evaluator {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;
  private readonly coordinator: SliceCoordinator;
  private readonly busyWait: boolean;

  constructor(
    private readonly ports: readonly EvaluationPort[],
    options: PortPoolOptions = {},
  ) {
    const local = options.callingThreadLane
      ? new SliceWorker(undefined, options.environments)
      : null;
    if (ports.length === 0 && !local) throw new RangeError('a pool needs at least one worker');
    this.busyWait = options.busyWait ?? true;
    ports.forEach((port, i) =>
      port.listen(
        (msg) => this.receive(i, msg),
        (error) => this.fail(new EvaluationWorkerError(`worker ${i}: ${error.message}`)),
      ),
    );
    // The calling thread's lane is the last: the coordinator sends in lane order, so every
    // worker has its slice before the calling thread starts on its own.
    this.coordinator = new SliceCoordinator(
      ports.length + (local ? 1 : 0),
      async (lane, updates, slice) =>
        lane < ports.length ? this.run(ports[lane]!, updates, slice) : local!.run(updates, slice),
      undefined,
      {
        callingThreadLane: local !== null,
        shareMemory: options.shareMemory ?? canShareMemory(),
        // Busy-waits only for the tail of the workers' slices, once this thread is done with its own.
        ...(local && { awaitWorkers: (finished) => this.pollWorkers(finished) }),
      },
    );
  }

  private receive(lane: number, msg: EvaluationResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error !== undefined)
      p.reject(new EvaluationWorkerError(`worker ${lane}: ${msg.error}`));
    else p.resolve(msg.result!);
  }

  /**
   * Takes the workers' answers synchronously until `finished` (by default: none pending), within
   * {@link pollMs}, where busy-waiting is on and every port can be polled; else (or past it) they
   * arrive through the event loop.
   */
  private pollWorkers(finished = () => this.pending.size === 0): void {
    if (!this.busyWait || !this.ports.every((p) => p.poll)) return;
    const until = processClockMs() + PortPoolEvaluator.pollMs;
    while (!finished() && !this.failure && processClockMs() < until) {
      this.ports.forEach((port, lane) => {
        const msg = port.poll!();
        if (msg) this.receive(lane, msg);
      });
    }
  }

  /**
   * Takes every answer already arrived, where ports can be polled. With shared memory the calling
   * thread stops polling once a task's items are finished, often before the workers' answers
   * come; without this, they would wait (and their requests stay pending) until it next yields
   * to the event loop, which a training loop may not do for thousands of generations.
   */
  private takeArrivedAnswers(): void {
    this.ports.forEach((port, lane) => {
      if (!port.poll) return;
      for (let msg = port.poll(); msg; msg = port.poll()) this.receive(lane, msg);
    });
  }

  /** Longest the calling thread polls for answers before it yields to the event loop. */
  static readonly pollMs = 20;

  get parallelism(): number {
    return this.coordinator.parallelism;
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
    this.takeArrivedAnswers();
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

  evaluateAgents(task: AgentGeneration): Promise<AgentResults> {
    return this.coordinator.evaluateAgents(task);
  }

  prefetchPairs(task: PairGeneration, readyCells: number): void {
    this.coordinator.prefetchPairs(task, readyCells);
  }

  setInterrupt(check: (() => void) | null): void {
    this.coordinator.setInterrupt(check);
  }

  /** Fails what is pending and terminates every worker. */
  async close(): Promise<void> {
    this.fail(new EvaluationWorkerError('worker pool closed'));
    await Promise.all(this.ports.map((p) => p.terminate()));
  }
}
