import { MemoCache } from '../lib/memo-cache.js';
import type { MarketSource, MarketSubmission, MarketTask } from './types.js';

/** Most tasks the list endpoint reads (newest first beyond this; documented in the README). */
export const MAX_LISTED_TASKS = 5_000;
/** The contract's page size cap. */
const PAGE = 100;
/** Pages read in parallel. */
const PARALLEL_PAGES = 4;

/** A snapshot of all tasks at one chain time. */
export interface TaskListSnapshot {
  chainId: number;
  now: number;
  /** Total tasks on chain (may exceed `tasks.length` past MAX_LISTED_TASKS). */
  count: number;
  tasks: readonly MarketTask[];
}

/** One task with its chain time, or undefined when it does not exist. */
export interface TaskSnapshot {
  chainId: number;
  now: number;
  task: MarketTask;
}

/**
 * Short-TTL caches over a {@link MarketSource}: concurrent readers share one RPC round, failures
 * are not cached, memory is bounded, and cached records are frozen.
 */
export class CachedMarket {
  readonly #list: MemoCache<'all', TaskListSnapshot>;
  readonly #tasks: MemoCache<string, TaskSnapshot | null>;
  readonly #submissions: MemoCache<string, readonly MarketSubmission[]>;

  constructor(
    readonly source: MarketSource,
    options: { ttlMs: number; now?: () => number },
  ) {
    const common = { ttlMs: options.ttlMs, now: options.now };
    this.#list = new MemoCache({ ...common, maxEntries: 1 });
    this.#tasks = new MemoCache({ ...common, maxEntries: 2_000 });
    this.#submissions = new MemoCache({ ...common, maxEntries: 500 });
  }

  /** Every task (up to MAX_LISTED_TASKS, the newest), read page by page. */
  listTasks(): Promise<TaskListSnapshot> {
    return this.#list.get('all', async () => {
      const [chainId, now, count] = await Promise.all([
        this.source.chainId(),
        this.source.now(),
        this.source.taskCount(),
      ]);
      const first = Math.max(0, count - MAX_LISTED_TASKS);
      const offsets: number[] = [];
      for (let offset = first; offset < count; offset += PAGE) offsets.push(offset);
      const pages: MarketTask[][] = [];
      for (let i = 0; i < offsets.length; i += PARALLEL_PAGES) {
        const batch = offsets.slice(i, i + PARALLEL_PAGES);
        pages.push(...(await Promise.all(batch.map((o) => this.source.getTasks(o, PAGE)))));
      }
      return Object.freeze({ chainId, now, count, tasks: Object.freeze(pages.flat()) });
    });
  }

  /** One task with the chain time, or null if it does not exist. */
  getTask(id: bigint): Promise<TaskSnapshot | null> {
    return this.#tasks.get(id.toString(), async () => {
      const [chainId, now, task] = await Promise.all([
        this.source.chainId(),
        this.source.now(),
        this.source.getTask(id),
      ]);
      return task === undefined ? null : Object.freeze({ chainId, now, task });
    });
  }

  /** Submissions `offset + 1` to `offset + limit` (limit at most 100) of a task. */
  getSubmissions(
    taskId: bigint,
    offset: number,
    limit: number,
  ): Promise<readonly MarketSubmission[]> {
    return this.#submissions.get(`${taskId}:${offset}:${limit}`, async () =>
      Object.freeze(await this.source.getSubmissions(taskId, offset, Math.min(limit, PAGE))),
    );
  }
}
