import { isTaskMarketContractError } from '@tem/core/market';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Whether an error is worth another try: network failures, timeouts and 5xx answers are; a
 * contract revert, a bad CID or an invalid spec are not (retrying cannot change them).
 */
export function isTransient(error: unknown): boolean {
  if (isTaskMarketContractError(error)) return false;
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message} ${String((error as { code?: unknown }).code ?? '')}`;
  if (/BlockVerificationError|TaskDocumentError|BundleError|InvalidCid/i.test(error.name))
    return false;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|fetch failed|socket|network|timeout|timed out|NETWORK_ERROR|SERVER_ERROR|TIMEOUT|\b5\d\d\b|429|Gateway|not mined in time/i.test(
    text,
  );
}

/** Runs `fn`, retrying transient failures with exponential backoff; rethrows the rest at once. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error) || options.signal?.aborted) throw error;
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
