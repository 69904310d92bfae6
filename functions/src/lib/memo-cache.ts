/** Options of a {@link MemoCache}. */
export interface MemoCacheOptions {
  /** How long a value stays fresh, in milliseconds; `Infinity` for values that never change. */
  ttlMs: number;
  /** Entries kept at most; the least recently used go first (bounded memory). */
  maxEntries: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expires: number;
}

/**
 * A bounded LRU cache of successful results with a time to live, where concurrent calls for the
 * same key share one computation. Failures are never cached.
 *
 * @example
 * const tasks = new MemoCache<string, Task>({ ttlMs: 5_000, maxEntries: 1_000 });
 * const task = await tasks.get(id, () => readTask(id));
 */
export class MemoCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #pending = new Map<K, Promise<V>>();
  readonly #options: Required<MemoCacheOptions>;

  constructor(options: MemoCacheOptions) {
    this.#options = { ...options, now: options.now ?? Date.now };
  }

  /** The fresh cached value for `key`, if any. */
  peek(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.#options.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /**
   * The cached value for `key`, or the result of `compute` (shared with concurrent callers for
   * the same key, and cached only if it succeeds). `hit` says whether it came from the cache.
   */
  async getWithStatus(
    key: K,
    compute: () => Promise<V>,
  ): Promise<{ value: V; hit: 'hit' | 'shared' | 'miss' }> {
    const cached = this.peek(key);
    if (cached !== undefined) return { value: cached, hit: 'hit' };
    const pending = this.#pending.get(key);
    if (pending !== undefined) return { value: await pending, hit: 'shared' };
    const job = (async () => compute())();
    this.#pending.set(key, job);
    try {
      const value = await job;
      this.#store(key, value);
      return { value, hit: 'miss' };
    } finally {
      this.#pending.delete(key);
    }
  }

  /** Like {@link getWithStatus}, returning only the value. */
  async get(key: K, compute: () => Promise<V>): Promise<V> {
    return (await this.getWithStatus(key, compute)).value;
  }

  /** Entries held (fresh or not yet evicted). */
  get size(): number {
    return this.#entries.size;
  }

  /** Computations in flight. */
  get inFlight(): number {
    return this.#pending.size;
  }

  #store(key: K, value: V): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: this.#options.now() + this.#options.ttlMs });
  }
}
