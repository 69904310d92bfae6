import type { RateLimiter } from '../lib/rate-limiter.js';
import type { FunctionContext } from './handler.js';
import { tooManyRequests } from './problem.js';

/** Takes a token for the calling client or throws 429 with `Retry-After`. */
export function enforceRateLimit(limiter: RateLimiter, context: FunctionContext): void {
  const client = context.ip || 'unknown';
  const decision = limiter.take(client);
  if (decision.allowed) return;
  throw tooManyRequests(
    `too many requests from this client; retry in ${decision.retryAfterSeconds} s`,
    decision.retryAfterSeconds,
  );
}
