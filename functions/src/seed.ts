import type { Config } from '@netlify/functions';
import { readJsonFields } from './http/body.js';
import type { CorsPolicy } from './http/cors.js';
import { defineRoute, jsonResponse, lazyHandler, type FunctionHandler } from './http/handler.js';
import { parseUintId } from './http/ids.js';
import { badRequest } from './http/problem.js';
import { enforceRateLimit } from './http/rate-limit.js';
import type { Logger } from './lib/logger.js';
import type { RateLimiter } from './lib/rate-limiter.js';
import { loadVerifierWallet } from './lib/verifier-key.js';
import { answerSeed, type SeedAnswerDeps } from './seed/seed-answer.js';
import type { Services } from './services.js';

/** Route of this function (the local server and netlify.toml route by it). */
export const config = { path: '/api/seed' } satisfies Config;

/** Largest request body accepted (an id and a digest). */
export const MAX_SEED_BODY_BYTES = 4096;

/** What the seed handler needs (real instances; tests pass their own). */
export interface SeedDeps {
  answer: SeedAnswerDeps;
  cors: CorsPolicy;
  limiter: RateLimiter;
  log: Logger;
}

const FIELDS = ['taskId', 'revealsDigest'];

/**
 * `POST /api/seed` with `{ "taskId": "1" }` (optionally `"revealsDigest": "0x…"`, which must be
 * the chain's): this verifier's part of the task's test seed, with the transaction that relays it.
 * One verifier: its `TestSeed` signature over the final reveals digest (`fixTestSeed`). Several:
 * during the seed commit half, its signed commitment (`commitSeed`); once commitments are closed
 * and its commitment is on chain, its contribution (`revealSeed`). Refuses (409) before the reveal
 * deadline, for a digest that is not the chain's, and (n > 1) for a verifier whose commitment
 * missed the commit half; 403 for a task that does not name this verifier; 404 unknown task.
 * Stateless and deterministic: asking again answers the same.
 *
 * @example
 * curl -X POST -H 'content-type: application/json' -d '{"taskId":"1"}' $URL/api/seed
 */
export function createSeedHandler(deps: SeedDeps): FunctionHandler {
  return defineRoute({
    methods: ['POST'],
    cors: deps.cors,
    log: deps.log,
    async handle(request, context) {
      enforceRateLimit(deps.limiter, context);
      const body = await readJsonFields(request, MAX_SEED_BODY_BYTES, FIELDS, ['taskId']);
      const taskId = parseUintId(body.taskId, 'taskId');
      const digest = body.revealsDigest;
      if (
        digest !== undefined &&
        (typeof digest !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(digest))
      ) {
        throw badRequest(
          'revealsDigest must be 32 bytes of 0x-hex',
          { field: 'revealsDigest' },
          typeof digest === 'string' ? 'invalid-parameter' : 'wrong-type',
        );
      }
      const answer = await answerSeed(deps.answer, taskId, digest);
      return jsonResponse(answer, { headers: { 'cache-control': 'no-store' } });
    },
  });
}

/** The handler over shared services, built at first request. */
export function seedHandlerFromServices(services: Services): FunctionHandler {
  return lazyHandler(
    async () => createSeedHandler(await services.seedDeps({ loadVerifierWallet })),
    services.log,
  );
}
