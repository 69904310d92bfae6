import { JsonRpcProvider } from 'ethers';
import {
  chainById,
  createMarketClient,
  getCredit,
  getTask,
  listTasks,
  type MarketClient,
} from '@tem/core/market';
import type { SiteConfig } from '../config/index.js';
import { listTasksFromApi } from './api-tasks.js';
import type { RefusalContext } from './explain-refusal.js';
import { readMarketLimits, type MarketLimits } from './market-limits.js';
import { readTaskBoard, type TaskBoard } from './task-board.js';
import type { MarketTask } from './types.js';

/** Read-only access to the market over the chain's RPC (no wallet, no functions needed). */
export class MarketReader {
  readonly provider: JsonRpcProvider;
  readonly client: MarketClient;

  constructor(readonly config: SiteConfig & { marketAddress: string }) {
    // Theta's ETH-RPC adaptor does not batch: one request per call. No answer is reused: a
    // transaction sent right after another must read the nonce the first one used up.
    this.provider = new JsonRpcProvider(config.rpcUrl, config.chainId, {
      staticNetwork: true,
      batchMaxCount: 1,
      cacheTimeout: -1,
    });
    const chain = chainById(config.chainId);
    this.client = createMarketClient({
      address: config.marketAddress,
      provider: this.provider,
      ...(chain ? { chain } : {}),
    });
  }

  /** Where the last task list came from. */
  lastListSource: 'functions' | 'chain' = 'chain';

  /**
   * Every task, newest first: from the functions' `/api/tasks` when configured and answering,
   * else straight from the chain (the site never depends on the functions).
   */
  async listTasks(): Promise<MarketTask[]> {
    if (this.config.functionsUrl) {
      try {
        const tasks = await listTasksFromApi(
          this.config.functionsUrl,
          this.config.chainId,
          this.config.marketAddress,
        );
        this.lastListSource = 'functions';
        return tasks.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      } catch {
        // fall through to the chain
      }
    }
    const tasks = await this.listTasksFromChain();
    this.lastListSource = 'chain';
    return tasks;
  }

  /** Every task from the contract's `getTasks` (at most 20 pages), newest first. */
  async listTasksFromChain(): Promise<MarketTask[]> {
    const tasks: MarketTask[] = [];
    let offset: bigint | undefined = 0n;
    for (let page = 0; offset !== undefined && page < 20; page++) {
      const result = await listTasks(this.client, { offset });
      tasks.push(...result.items);
      offset = result.nextOffset;
    }
    return tasks.reverse();
  }

  getTask(taskId: bigint): Promise<MarketTask> {
    return getTask(this.client, { taskId });
  }

  /** One task whole (storage and events): submissions, scores, seed progress, outcome. */
  getBoard(taskId: bigint): Promise<TaskBoard> {
    return readTaskBoard(this.client, taskId);
  }

  /** The task re-read with the chain's time: what a refusal without revert data is explained from. */
  async refusalContext(taskId: bigint): Promise<RefusalContext> {
    const [board, now] = await Promise.all([this.getBoard(taskId), this.chainTime()]);
    return { board, now };
  }

  private limits: Promise<MarketLimits> | undefined;

  /** The deployed contract's bounds on new tasks (read once per page load). */
  marketLimits(): Promise<MarketLimits> {
    this.limits ??= readMarketLimits(this.client).catch((error: unknown) => {
      this.limits = undefined;
      throw error;
    });
    return this.limits;
  }

  creditOf(account: string): Promise<bigint> {
    return getCredit(this.client, { account });
  }

  balanceOf(address: string): Promise<bigint> {
    return this.provider.getBalance(address);
  }

  /** The latest block's timestamp in seconds: deadlines are judged by chain time. */
  async chainTime(): Promise<number> {
    const block = await this.provider.getBlock('latest');
    return block ? block.timestamp : Math.floor(Date.now() / 1000);
  }
}
