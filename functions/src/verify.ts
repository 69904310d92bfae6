import type { Config } from '@netlify/functions';
import { readJsonFields } from './http/body.js';
import type { CorsPolicy } from './http/cors.js';
import {
  defineRoute,
  lazyHandler,
  textJsonResponse,
  type FunctionHandler,
} from './http/handler.js';
import { parseUintId } from './http/ids.js';
import { busy } from './http/problem.js';
import { enforceRateLimit } from './http/rate-limit.js';
import { ipfsParts } from './ipfs-parts.js';
import type { JobPool } from './lib/job-pool.js';
import { PoolSaturatedError } from './lib/job-pool.js';
import type { Logger } from './lib/logger.js';
import type { MemoCache } from './lib/memo-cache.js';
import type { RateLimiter } from './lib/rate-limiter.js';
import { loadVerifierWallet } from './lib/verifier-key.js';
import type { Services } from './services.js';
import { checkSubmission, scoreAndSign, type VerifyPipelineDeps } from './verify/pipeline.js';
import { coreScorer } from './verify/scorer.js';

/** Route of this function (the local server and netlify.toml route by it). */
export const config = { path: '/api/verify' } satisfies Config;

/** Largest request body accepted (the body is two ids). */
export const MAX_VERIFY_BODY_BYTES = 4096;

/** What the verify handler needs (real instances; tests pass their own). */
export interface VerifyDeps {
  pipeline: VerifyPipelineDeps;
  /** Signed results by `taskId:submissionId`, as JSON text (immutable once cached). */
  results: MemoCache<string, string>;
  pool: JobPool;
  cors: CorsPolicy;
  limiter: RateLimiter;
  log: Logger;
}

/**
 * `POST /api/verify` with `{ "taskId": "1", "submissionId": "2" }`: once the task's test seed is
 * fixed, scores a revealed submission and answers with this verifier's EIP-712 signature, its
 * index in the task's verifier set and the `recordScore` call to relay (m such signatures).
 * Idempotent: successes are cached by (task, submission) and concurrent identical requests share
 * one job. Refuses: unknown task or submission (404), not revealed or no seed yet (409), a task
 * whose verifier set does not name this key (403), a bundle over the spec's `maxBundleBytes`
 * (413), content that does not match its CID (502, never signed); too many requests (429) or jobs
 * (503), with `Retry-After`.
 *
 * @example
 * curl -X POST -H 'content-type: application/json' -d '{"taskId":"1","submissionId":"1"}' $URL/api/verify
 */
export function createVerifyHandler(deps: VerifyDeps): FunctionHandler {
  return defineRoute({
    methods: ['POST'],
    cors: deps.cors,
    log: deps.log,
    async handle(request, context) {
      enforceRateLimit(deps.limiter, context);
      const fields = ['taskId', 'submissionId'];
      const body = await readJsonFields(request, MAX_VERIFY_BODY_BYTES, fields, fields);
      const taskId = parseUintId(body.taskId, 'taskId');
      const submissionId = parseUintId(body.submissionId, 'submissionId');

      const key = `${taskId}:${submissionId}`;
      let outcome;
      try {
        outcome = await deps.results.getWithStatus(key, async () => {
          const checked = await checkSubmission(deps.pipeline, taskId, submissionId);
          return JSON.stringify(await deps.pool.run(() => scoreAndSign(deps.pipeline, checked)));
        });
      } catch (error) {
        if (error instanceof PoolSaturatedError) {
          throw busy(
            `all ${deps.pool.concurrency} scoring slots and ${deps.pool.maxQueue} queue places are taken; retry later`,
            5,
          );
        }
        throw error;
      }
      return textJsonResponse(outcome.value, {
        headers: { 'cache-control': 'no-store', 'x-cache': outcome.hit },
      });
    },
  });
}

/** The handler over shared services, built at first request. */
export function verifyHandlerFromServices(services: Services): FunctionHandler {
  return lazyHandler(
    async () =>
      createVerifyHandler(
        await services.verifyDeps({ ...ipfsParts, loadVerifierWallet, defaultScorer: coreScorer }),
      ),
    services.log,
  );
}
