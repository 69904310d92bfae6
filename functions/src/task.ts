import type { Config } from '@netlify/functions';
import type { AnyTaskSpec } from '@tem/core/kinds';
import { submissionJson, taskJson, type SubmissionJson, type TaskJson } from './chain/json.js';
import type { CachedMarket } from './chain/market-cache.js';
import { specProblem } from './chain/spec-problem.js';
import type { SpecReader } from './chain/spec-reader.js';
import type { CorsPolicy } from './http/cors.js';
import { defineRoute, jsonResponse, lazyHandler, type FunctionHandler } from './http/handler.js';
import { parseUintId } from './http/ids.js';
import { ipfsProblem } from './http/ipfs-problem.js';
import { badRequest, notFound } from './http/problem.js';
import { intParam, singleQueryParams } from './http/query.js';
import { compilePath } from './http/route-path.js';
import { enforceRateLimit } from './http/rate-limit.js';
import { readChain } from './http/upstream.js';
import { ipfsParts } from './ipfs-parts.js';
import { describeError, type Logger } from './lib/logger.js';
import type { RateLimiter } from './lib/rate-limiter.js';
import type { Services } from './services.js';
import { cacheHeaders } from './tasks.js';

/** Route of this function (the local server and netlify.toml route by it). */
export const config = { path: '/api/tasks/:id' } satisfies Config;

const ROUTE = compilePath(config.path);

/** What the task handler needs (real instances; tests pass their own). */
export interface TaskDeps {
  market: CachedMarket;
  specs: SpecReader;
  cors: CorsPolicy;
  limiter: RateLimiter;
  log: Logger;
  cacheSeconds: number;
}

/** The answer of `GET /api/tasks/:id`. */
export interface TaskDetailJson {
  chainId: number;
  market: string;
  chainTime: number;
  task: TaskJson;
  /**
   * The task's kind (the spec's `kind`, e.g. `bisuna-multiplexer`); null when the spec could not
   * be read (`specProblem` says why: `unknown-kind` names a kind this deployment does not know).
   */
  kind: string | null;
  /** The validated spec, of any registered kind, or null when it could not be read (see `specProblem`). */
  spec: AnyTaskSpec | null;
  specProblem: { type: string; detail: string } | null;
  /** Submissions `submissionsOffset + 1` onwards, at most 100. */
  submissionsOffset: number;
  submissions: SubmissionJson[];
}

/**
 * `GET /api/tasks/:id`: the task's chain state, its spec from IPFS (every block verified) and a
 * page of its submissions with their scores and phase. `?submissionsOffset=N` pages submissions.
 *
 * @example
 * GET /api/tasks/3
 */
export function createTaskHandler(deps: TaskDeps): FunctionHandler {
  return defineRoute({
    methods: ['GET'],
    cors: deps.cors,
    log: deps.log,
    async handle(request, context) {
      enforceRateLimit(deps.limiter, context);
      const url = new URL(request.url);
      // Locally the route gives the id. On Netlify, netlify.toml rewrites /api/tasks/:id to
      // ?id=:id; should the function see the public URL instead, the id is read from its path.
      const routed = context.params?.id;
      const params = singleQueryParams(
        url,
        routed === undefined ? ['id', 'submissionsOffset'] : ['submissionsOffset'],
      );
      const fromPath = routed ?? ROUTE.match(url.pathname)?.id;
      const fromQuery = params.get('id');
      if (fromPath !== undefined && fromQuery !== undefined && fromPath !== fromQuery) {
        throw badRequest(
          'the task id in the path and in the query differ',
          { field: 'id' },
          'invalid-id',
        );
      }
      const rawId = fromPath ?? fromQuery;
      if (rawId === undefined) {
        throw badRequest('the task id is missing', { field: 'id' }, 'invalid-id');
      }
      const id = parseUintId(rawId, 'task id');
      const offset = intParam(params, 'submissionsOffset', 0, 4_294_967_295, 0);

      const snapshot = await readChain(deps.log, () => deps.market.getTask(id));
      if (snapshot === null) throw notFound(`task ${id} does not exist`, 'unknown-task');
      const { task, now } = snapshot;
      const [submissions, spec] = await Promise.all([
        offset < Number(task.submissionCount)
          ? readChain(deps.log, () => deps.market.getSubmissions(id, offset, 100))
          : Promise.resolve([]),
        readSpec(deps, task.specCid),
      ]);
      const body: TaskDetailJson = {
        chainId: snapshot.chainId,
        market: deps.market.source.address,
        chainTime: now,
        task: taskJson(task, now),
        kind: spec.spec?.kind ?? null,
        spec: spec.spec,
        specProblem: spec.problem,
        submissionsOffset: offset,
        submissions: submissions.map((s) => submissionJson(s, task)),
      };
      return jsonResponse(body, {
        headers:
          spec.spec === null ? { 'cache-control': 'no-store' } : cacheHeaders(deps.cacheSeconds),
      });
    },
  });
}

async function readSpec(
  deps: TaskDeps,
  cid: string | null,
): Promise<{ spec: AnyTaskSpec | null; problem: TaskDetailJson['specProblem'] }> {
  if (cid === null) {
    return {
      spec: null,
      problem: { type: 'invalid-cid', detail: 'the spec CID stored on chain is not a CID' },
    };
  }
  try {
    return { spec: await deps.specs.read(cid), problem: null };
  } catch (error) {
    const invalid = specProblem(error);
    if (invalid) return { spec: null, problem: { type: invalid.slug, detail: invalid.detail } };
    const problem = ipfsProblem(error, 'task spec');
    if (problem === undefined) deps.log('spec-read-failed', describeError(error));
    return {
      spec: null,
      problem: problem
        ? { type: problem.slug, detail: problem.detail }
        : { type: 'ipfs-unavailable', detail: 'the task spec could not be read from IPFS' },
    };
  }
}

/** The handler over shared services, built at first request. */
export function taskHandlerFromServices(services: Services): FunctionHandler {
  return lazyHandler(
    async () => createTaskHandler(await services.taskDeps(ipfsParts)),
    services.log,
  );
}
