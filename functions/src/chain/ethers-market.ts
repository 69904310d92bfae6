import { JsonRpcProvider, type Provider } from 'ethers';
import {
  createMarketClient,
  getSubmission,
  getTask,
  getTaskCount,
  isTaskMarketContractError,
  listSubmissions,
  listTasks,
} from '@tem/core/market';
import type { MarketSource } from './types.js';

/** Options of {@link createChainMarketSource}. */
export interface ChainMarketOptions {
  /** The TaskMarket address. */
  address: string;
  /** An ETH-RPC URL, or a provider. */
  rpc: string | Provider;
}

/**
 * Reads the TaskMarket contract with the core market client. Missing tasks and submissions (the
 * contract's `TaskNotFound` / `SubmissionNotFound`) come back as undefined.
 */
export function createChainMarketSource(options: ChainMarketOptions): MarketSource {
  const provider =
    typeof options.rpc === 'string'
      ? new JsonRpcProvider(options.rpc, undefined, { batchMaxCount: 1 })
      : options.rpc;
  const client = createMarketClient({ address: options.address, provider });
  let chainId: Promise<number> | undefined;
  const notFound = (error: unknown): boolean =>
    isTaskMarketContractError(error, 'TaskNotFound') ||
    isTaskMarketContractError(error, 'SubmissionNotFound');
  return {
    address: options.address,
    chainId() {
      chainId ??= provider.getNetwork().then((n) => Number(n.chainId));
      chainId.catch(() => (chainId = undefined));
      return chainId;
    },
    async now() {
      const block = await provider.getBlock('latest');
      if (block === null) throw new Error('the RPC returned no latest block');
      return block.timestamp;
    },
    async taskCount() {
      return Number(await getTaskCount(client));
    },
    async getTask(taskId) {
      try {
        return Object.freeze(await getTask(client, { taskId }));
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },
    async getTasks(offset, limit) {
      return (await listTasks(client, { offset, limit })).items.map((t) => Object.freeze(t));
    },
    async getSubmission(taskId, submissionId) {
      try {
        return Object.freeze(await getSubmission(client, { taskId, submissionId }));
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },
    async getSubmissions(taskId, offset, limit) {
      return (await listSubmissions(client, { taskId, offset, limit })).items.map((s) =>
        Object.freeze(s),
      );
    },
  };
}
