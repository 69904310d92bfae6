import { FetchRequest, JsonRpcProvider, Network, type Provider } from 'ethers';
import {
  createMarketClient,
  getSubmission,
  getTask,
  getTaskCount,
  isTaskMarketContractError,
  listSubmissions,
  listTasks,
  type MarketClient,
} from '@tem/core/market';
import type { MarketSource } from './types.js';

/** Options of {@link createChainMarketSource}. */
export interface ChainMarketOptions {
  /** The TaskMarket address. */
  address: string;
  /** An ETH-RPC URL, or a provider. */
  rpc: string | Provider;
  /** Timeout of one RPC request in milliseconds (default 10000). */
  timeoutMs?: number;
}

/**
 * Reads the TaskMarket contract with the core market client. Missing tasks and submissions (the
 * contract's `TaskNotFound` / `SubmissionNotFound`) come back as undefined. With a URL, the chain
 * id is asked once and then pinned, so an unreachable RPC fails the request instead of leaving
 * ethers retrying in the background.
 */
export function createChainMarketSource(options: ChainMarketOptions): MarketSource {
  let connecting: Promise<{ client: MarketClient; chainId: number }> | undefined;
  const connect = () => {
    connecting ??= (async () => {
      let provider: Provider;
      let chainId: number;
      if (typeof options.rpc === 'string') {
        chainId = await rpcChainId(options.rpc, options.timeoutMs ?? 10_000);
        const request = new FetchRequest(options.rpc);
        request.timeout = options.timeoutMs ?? 10_000;
        const network = Network.from(chainId);
        // No response cache: the verify and seed endpoints decide on the chain's latest state
        // (the read endpoints cache above this, in CachedMarket).
        provider = new JsonRpcProvider(request, network, {
          staticNetwork: network,
          batchMaxCount: 1,
          cacheTimeout: -1,
        });
      } else {
        provider = options.rpc;
        chainId = Number((await provider.getNetwork()).chainId);
      }
      return { client: createMarketClient({ address: options.address, provider }), chainId };
    })();
    connecting.catch(() => (connecting = undefined));
    return connecting;
  };
  const notFound = (error: unknown): boolean =>
    isTaskMarketContractError(error, 'TaskNotFound') ||
    isTaskMarketContractError(error, 'SubmissionNotFound');
  return {
    address: options.address,
    async chainId() {
      return (await connect()).chainId;
    },
    async now() {
      const { client } = await connect();
      const block = await client.provider.getBlock('latest');
      if (block === null) throw new Error('the RPC returned no latest block');
      return block.timestamp;
    },
    async taskCount() {
      return Number(await getTaskCount((await connect()).client));
    },
    async getTask(taskId) {
      const { client } = await connect();
      try {
        return Object.freeze(await getTask(client, { taskId }));
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },
    async getTasks(offset, limit) {
      const { client } = await connect();
      return (await listTasks(client, { offset, limit })).items.map((t) => Object.freeze(t));
    },
    async getSubmission(taskId, submissionId) {
      const { client } = await connect();
      try {
        return Object.freeze(await getSubmission(client, { taskId, submissionId }));
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },
    async getSubmissions(taskId, offset, limit) {
      const { client } = await connect();
      return (await listSubmissions(client, { taskId, offset, limit })).items.map((s) =>
        Object.freeze(s),
      );
    },
  };
}

/** Asks the RPC for its chain id with one plain JSON-RPC request. */
async function rpcChainId(url: string, timeoutMs: number): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`eth_chainId answered HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown };
  if (typeof body.result !== 'string' || !/^0x[0-9a-fA-F]+$/.test(body.result)) {
    throw new Error('eth_chainId answered without a chain id');
  }
  return Number(BigInt(body.result));
}
