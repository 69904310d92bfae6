/** Thrown by {@link JobPool.run} when the pool and its queue are full. */
export class PoolSaturatedError extends Error {
  override name = 'PoolSaturatedError';
  constructor(
    readonly running: number,
    readonly queued: number,
  ) {
    super(`job pool saturated: ${running} running, ${queued} queued`);
  }
}

/**
 * Runs at most `concurrency` jobs at once, queues up to `maxQueue` more, and refuses the rest
 * immediately (so an overloaded server answers fast instead of piling up work).
 *
 * @example
 * const pool = new JobPool({ concurrency: 2, maxQueue: 8 });
 * const report = await pool.run(() => score(input));
 */
export class JobPool {
  readonly concurrency: number;
  readonly maxQueue: number;
  #running = 0;
  readonly #queue: Array<() => void> = [];

  constructor(options: { concurrency: number; maxQueue: number }) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.maxQueue = Math.max(0, Math.floor(options.maxQueue));
  }

  /** Runs `job` when a slot is free; throws PoolSaturatedError if none is and the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#queue.length >= this.maxQueue) {
        throw new PoolSaturatedError(this.#running, this.#queue.length);
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await job();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }

  /** Jobs running now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }
}
