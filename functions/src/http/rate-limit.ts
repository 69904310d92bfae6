import type { RateLimiter } from '../lib/rate-limiter.js';
import type { FunctionContext } from './handler.js';
import { HttpProblem } from './problem.js';

/** Takes a token for the calling client or throws 429 with `Retry-After`. */
export function enforceRateLimit(limiter: RateLimiter, context: FunctionContext): void {
  const client = context.ip || 'unknown';
  const decision = limiter.take(client);
  if (decision.allowed) return;
  throw new HttpProblem(
    429,
    'rate-limited',
    'Too many requests',
    `too many requests from this client; retry in ${decision.retryAfterSeconds} s`,
    { retryAfter: decision.retryAfterSeconds },
    { 'retry-after': String(decision.retryAfterSeconds) },
  );
}
