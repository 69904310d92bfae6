import { JsonRpcProvider, Network, type Wallet } from 'ethers';
import { createVerifiedFetch, type ContentStore, type VerifiedFetch } from '@tem/core/ipfs';
import {
  callMarketView,
  chainById,
  createMarketClient,
  type MarketChain,
  type MarketClient,
} from '@tem/core/market';
import type { RunnerConfig } from '../config/index.js';
import { CliError } from '../errors.js';
import { StateStore } from '../state/index.js';
import { createContentStore } from './content-store.js';
import { withUrlOriginsOnly, type RunnerLog } from './log.js';
import { withRetry } from './retry.js';

/** Everything the daemon's steps share: chain, storage, state, log. */
export interface RunnerContext {
  config: RunnerConfig;
  wallet: Wallet;
  address: string;
  chainId: number;
  market: MarketClient;
  provider: JsonRpcProvider;
  ipfs: VerifiedFetch;
  storage: ContentStore;
  store: StateStore;
  log: RunnerLog;
  signal: AbortSignal;
  /** When this process last broadcast each of its unsettled transactions (hash to ms). */
  broadcasts: Map<string, number>;
  /** Latest block timestamp (unix seconds): deadlines are judged by chain time, not the local clock. */
  chainNow(): Promise<bigint>;
  /** The contract's `MAX_SCORE` (read once): no score or `minScore` above it can count. */
  maxScore(): Promise<bigint>;
  /** Seconds between blocks on this chain (6 on Theta, 1 on the local chain). */
  blockTimeSeconds: number;
}

/** Connects to the chain (retrying a while), checks the contract exists, opens the state. */
export async function createRunnerContext(
  config: RunnerConfig,
  wallet: Wallet,
  log: RunnerLog,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<RunnerContext> {
  const retry = { attempts: 4, baseDelayMs: 500, signal };
  let chainId: number;
  try {
    chainId = await withRetry(() => readChainId(config.rpcUrl), retry);
  } catch (error) {
    throw new CliError(
      `cannot reach the chain at ${withUrlOriginsOnly(config.rpcUrl)}: ${(error as Error).message}`,
    );
  }
  // A static network: ethers would otherwise retry detection forever in the background.
  const provider = new JsonRpcProvider(config.rpcUrl, Network.from(chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 500,
  });
  const code = await withRetry(() => provider.getCode(config.market), retry);
  if (code === '0x') {
    provider.destroy();
    throw new CliError(
      `no contract at ${config.market} on chain ${chainId} (${withUrlOriginsOnly(config.rpcUrl)})`,
    );
  }
  const answering = await firstAnsweringGateway(config.gateways);
  if (!answering) {
    provider.destroy();
    throw new CliError(`no IPFS gateway answers: ${config.gateways.join(', ')}`);
  }
  const signer = wallet.connect(provider);
  const chain: MarketChain | undefined = chainById(chainId);
  const market = createMarketClient({ address: config.market, signer, chain });
  let maxScore: Promise<bigint> | undefined;
  return {
    config,
    wallet: signer,
    address: signer.address,
    chainId,
    market,
    provider,
    ipfs: createVerifiedFetch({ gateways: config.gateways, timeoutMs: 60_000 }),
    storage: await createContentStore(config, env),
    store: await StateStore.open(config.stateDir, chainId, config.market),
    log,
    signal,
    broadcasts: new Map(),
    async chainNow() {
      const block = await withRetry(() => provider.getBlock('latest'), retry);
      if (!block) throw new Error('the chain returned no latest block');
      return BigInt(block.timestamp);
    },
    maxScore() {
      maxScore ??= withRetry(() => callMarketView<bigint>(market, 'MAX_SCORE', []), retry);
      maxScore.catch(() => (maxScore = undefined));
      return maxScore;
    },
    blockTimeSeconds: chain?.blockTimeSeconds ?? 6,
  };
}

/** `eth_chainId` over plain fetch, with a timeout, so an unreachable RPC fails fast and clearly. */
async function readChainId(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`RPC answered HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown };
  if (typeof body.result !== 'string' || !/^0x[0-9a-f]+$/i.test(body.result)) {
    throw new Error('RPC answered eth_chainId without a chain id');
  }
  return Number(BigInt(body.result));
}

/** The first gateway that answers HTTP at all (any status): the rest are fallbacks. */
async function firstAnsweringGateway(gateways: string[]): Promise<string | undefined> {
  for (const url of gateways) {
    try {
      await fetch(new URL('/ipfs/', url), { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
      return url;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
