import { JsonRpcProvider } from 'ethers';
import {
  chainById,
  createMarketClient,
  getCredit,
  getTask,
  listSubmissions,
  listTasks,
  type MarketClient,
} from '@tem/core/market';
import type { SiteConfig } from '../config/index.js';
import type { MarketSubmission, MarketTask } from './types.js';

/** Read-only access to the market over the chain's RPC (no wallet, no functions needed). */
export class MarketReader {
  readonly provider: JsonRpcProvider;
  readonly client: MarketClient;

  constructor(readonly config: SiteConfig & { marketAddress: string }) {
    // Theta's ETH-RPC adaptor does not batch: one request per call.
    this.provider = new JsonRpcProvider(config.rpcUrl, config.chainId, {
      staticNetwork: true,
      batchMaxCount: 1,
    });
    const chain = chainById(config.chainId);
    this.client = createMarketClient({
      address: config.marketAddress,
      provider: this.provider,
      ...(chain ? { chain } : {}),
    });
  }

  /** Every task, newest first (paged by the contract's `getTasks`, at most 20 pages). */
  async listTasks(): Promise<MarketTask[]> {
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

  /** Every submission of a task (at most 20 pages of 100). */
  async getSubmissions(taskId: bigint): Promise<MarketSubmission[]> {
    const out: MarketSubmission[] = [];
    let offset: bigint | undefined = 0n;
    for (let page = 0; offset !== undefined && page < 20; page++) {
      const result = await listSubmissions(this.client, { taskId, offset });
      out.push(...result.items);
      offset = result.nextOffset;
    }
    return out;
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
