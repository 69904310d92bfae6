import type { Config } from '@netlify/functions';
import type { CachedMarket, TaskListSnapshot } from './chain/market-cache.js';
import { taskJson, type TaskJson } from './chain/json.js';
import { isOpenPhase, type TaskPhase } from './chain/types.js';
import type { CorsPolicy } from './http/cors.js';
import {
  defineRoute,
  lazyHandler,
  textJsonResponse,
  type FunctionHandler,
} from './http/handler.js';
import { enumParam, intParam, singleQueryParams } from './http/query.js';
import { enforceRateLimit } from './http/rate-limit.js';
import { readChain } from './http/upstream.js';
import type { Logger } from './lib/logger.js';
import type { RateLimiter } from './lib/rate-limiter.js';
import type { Services } from './services.js';

/** Route of this function (the local server and netlify.toml route by it). */
export const config = { path: '/api/tasks' } satisfies Config;

const PHASES: readonly TaskPhase[] = [
  'commit',
  'reveal',
  'scoring',
  'finalizable',
  'finalized',
  'cancelled',
];
/** Distinct queries rendered per snapshot at most (bounded memory). */
const MAX_RENDERS_PER_SNAPSHOT = 256;
const QUERY = ['status', 'phase', 'sort', 'order', 'page', 'pageSize'] as const;

/** What the task list handler needs (real instances; tests pass their own). */
export interface TasksDeps {
  market: CachedMarket;
  cors: CorsPolicy;
  limiter: RateLimiter;
  log: Logger;
  /** Seconds the CDN and browsers may reuse an answer. */
  cacheSeconds: number;
}

/** A page of the task list. */
export interface TaskListJson {
  chainId: number;
  market: string;
  chainTime: number;
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  items: TaskJson[];
}

/**
 * `GET /api/tasks`: a page of tasks read from the chain (short-TTL cache).
 * Query: `status` open|closed|all, `phase`, `sort` id|bounty|deadline, `order` asc|desc,
 * `page` (from 1), `pageSize` (1 to 100).
 *
 * @example
 * GET /api/tasks?status=open&sort=bounty&page=1&pageSize=20
 */
export function createTasksHandler(deps: TasksDeps): FunctionHandler {
  const renders = new WeakMap<TaskListSnapshot, Map<string, string>>();
  return defineRoute({
    methods: ['GET'],
    cors: deps.cors,
    log: deps.log,
    async handle(request, context) {
      enforceRateLimit(deps.limiter, context);
      const params = singleQueryParams(new URL(request.url), QUERY);
      const status = enumParam(params, 'status', ['all', 'open', 'closed'] as const, 'all');
      const phase = params.has('phase') ? enumParam(params, 'phase', PHASES, 'commit') : undefined;
      const sort = enumParam(params, 'sort', ['id', 'bounty', 'deadline'] as const, 'id');
      const order = enumParam(
        params,
        'order',
        ['asc', 'desc'] as const,
        sort === 'deadline' ? 'asc' : 'desc',
      );
      const page = intParam(params, 'page', 1, 1_000_000, 1);
      const pageSize = intParam(params, 'pageSize', 1, 100, 20);

      const snapshot = await readChain(deps.log, () => deps.market.listTasks());
      // A snapshot is immutable: each distinct query over it is rendered once.
      let rendered = renders.get(snapshot);
      if (rendered === undefined) renders.set(snapshot, (rendered = new Map()));
      const key = [status, phase, sort, order, page, pageSize].join('|');
      let text = rendered.get(key);
      if (text === undefined) {
        let items = snapshot.tasks.map((task) => taskJson(task, snapshot.now));
        if (status !== 'all')
          items = items.filter((t) => isOpenPhase(t.phase) === (status === 'open'));
        if (phase !== undefined) items = items.filter((t) => t.phase === phase);
        const sign = order === 'asc' ? 1 : -1;
        items.sort((a, b) => sign * compare(a, b, sort) || compareIds(a, b));
        const total = items.length;
        const body: TaskListJson = {
          chainId: snapshot.chainId,
          market: deps.market.source.address,
          chainTime: snapshot.now,
          page,
          pageSize,
          total,
          totalPages: Math.ceil(total / pageSize),
          items: items.slice((page - 1) * pageSize, page * pageSize),
        };
        text = JSON.stringify(body);
        if (rendered.size >= MAX_RENDERS_PER_SNAPSHOT) rendered.clear();
        rendered.set(key, text);
      }
      return textJsonResponse(text, { headers: cacheHeaders(deps.cacheSeconds) });
    },
  });
}

/** Cache headers for a chain read that may be reused for `seconds` (browsers and the CDN). */
export function cacheHeaders(seconds: number): Record<string, string> {
  const ttl = Math.max(0, Math.floor(seconds));
  return {
    'cache-control': `public, max-age=${ttl}, stale-while-revalidate=${ttl * 6}`,
    'netlify-cdn-cache-control': `public, s-maxage=${ttl}, stale-while-revalidate=${ttl * 6}`,
    // Netlify's CDN ignores the query string in its cache key unless told otherwise.
    'netlify-vary': 'query',
  };
}

function compare(a: TaskJson, b: TaskJson, sort: 'id' | 'bounty' | 'deadline'): number {
  if (sort === 'bounty') return cmpBig(BigInt(a.bountyWei), BigInt(b.bountyWei));
  if (sort === 'deadline') return a.nextDeadline - b.nextDeadline;
  return cmpBig(BigInt(a.id), BigInt(b.id));
}

function compareIds(a: TaskJson, b: TaskJson): number {
  return cmpBig(BigInt(a.id), BigInt(b.id));
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The handler over shared services, built at first request. */
export function tasksHandlerFromServices(services: Services): FunctionHandler {
  return lazyHandler(async () => createTasksHandler(await services.tasksDeps()), services.log);
}
