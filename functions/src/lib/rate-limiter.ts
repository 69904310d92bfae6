/** Options of a per-client token bucket. */
export interface RateLimitOptions {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Tokens refilled per second. */
  perSecond: number;
  /** Clients tracked at most; the least recently seen are forgotten first (bounded memory). */
  maxClients?: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
}

/** The outcome of one rate-limit check. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A per-client token bucket limiter with bounded memory.
 *
 * @example
 * const limiter = new RateLimiter({ burst: 10, perSecond: 1 });
 * if (!limiter.take(clientIp).allowed) return tooManyRequests();
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #burst: number;
  readonly #perSecond: number;
  readonly #maxClients: number;
  readonly #now: () => number;

  constructor(options: RateLimitOptions) {
    this.#burst = Math.max(1, options.burst);
    this.#perSecond = Math.max(1e-6, options.perSecond);
    this.#maxClients = options.maxClients ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one token for `client`, or says how long to wait for the next. */
  take(client: string): RateDecision {
    const now = this.#now();
    let bucket = this.#buckets.get(client);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, at: now };
      if (this.#buckets.size >= this.#maxClients) {
        const oldest = this.#buckets.keys().next();
        if (!oldest.done) this.#buckets.delete(oldest.value);
      }
    } else {
      this.#buckets.delete(client); // re-inserted below: Map order is recency order
      const elapsed = Math.max(0, now - bucket.at) / 1000;
      bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsed * this.#perSecond);
      bucket.at = now;
    }
    this.#buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perSecond));
    return { allowed: false, retryAfterSeconds };
  }

  /** Clients currently tracked. */
  get size(): number {
    return this.#buckets.size;
  }
}
