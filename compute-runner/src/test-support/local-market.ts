/**
 * Test support: a real local marketplace for the runner's tests (anvil, TaskMarket, the local
 * IPFS gateway, the functions server as the verifier) and a small task spec that trains in seconds.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployTaskMarket, startAnvil, type AnvilChain } from '@tem/contracts';
import { localGatewayStore } from '@tem/core/ipfs';
import { createMarketClient, createTask, type MarketClient } from '@tem/core/market';
import { LIGHT_SCORING, QUICK_TRAINING, defaultTaskSpec, type TaskSpec } from '@tem/core/task';
import { startFunctionsServer, type FunctionsServer } from '@tem/functions';
import { startGateway, type Gateway } from '@tem/gateway';
import type { RunnerConfig } from '../config/index.js';

/** Dev accounts by role (anvil's well-known keys: test use only). */
export const ACCOUNTS = { deployer: 0, owner: 1, solver: 2, rival: 3, verifier: 9 } as const;

export interface LocalMarket {
  chain: AnvilChain;
  gateway: Gateway;
  functions: FunctionsServer;
  market: string;
  client(account: number): MarketClient;
  /** Publishes a tiny spec and creates a task from the owner account. */
  createTask(options?: {
    bountyWei?: bigint;
    commitSeconds?: number;
    title?: string;
    /** The spec's key regime (default short-key); `otp` for the reference's P-input agents. */
    keyRegime?: TaskSpec['training']['keyRegime'];
  }): Promise<{
    taskId: bigint;
    specCid: string;
    commitDeadline: bigint;
    revealDeadline: bigint;
    scoringDeadline: bigint;
  }>;
  /** Runner settings pointing at this market, with a fresh state folder. */
  runnerConfig(overrides?: Partial<RunnerConfig>): Promise<RunnerConfig>;
  close(): Promise<void>;
}

export async function startLocalMarket(): Promise<LocalMarket> {
  const chain = await startAnvil();
  const gateway = await startGateway({
    dataDir: await mkdtemp(join(tmpdir(), 'tem-runner-ipfs-')),
  });
  const { address: market } = await deployTaskMarket(chain.wallet(ACCOUNTS.deployer));
  const verifier = chain.accounts[ACCOUNTS.verifier]!;
  const functions = await startFunctionsServer({
    env: {
      THETA_RPC_URL: chain.rpcUrl,
      TASK_MARKET_ADDRESS: market,
      IPFS_GATEWAYS: gateway.url,
      VERIFIER_PRIVATE_KEY: verifier.privateKey,
      SITE_ORIGIN: '*',
      CHAIN_CACHE_TTL_SECONDS: '0',
      VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
      READ_RATE_LIMIT_PER_MINUTE: '100000',
    },
    log: () => undefined,
  });
  const store = localGatewayStore({ url: gateway.url });
  const client = (account: number) =>
    createMarketClient({ address: market, signer: chain.wallet(account) });
  return {
    chain,
    gateway,
    functions,
    market,
    client,
    async createTask(options = {}) {
      const spec = defaultTaskSpec({
        title: options.title ?? 'Runner test task',
        verifierUrl: `${functions.url}/api/verify`,
        verifierAddress: verifier.address,
        training: { ...QUICK_TRAINING, ...(options.keyRegime && { keyRegime: options.keyRegime }) },
      });
      Object.assign(spec.scoring, structuredClone(LIGHT_SCORING));
      const specCid = (
        await store.put({ kind: 'file', content: new TextEncoder().encode(JSON.stringify(spec)) })
      ).toString();
      const now = await chain.now();
      const commitDeadline = now + BigInt(options.commitSeconds ?? 3_600);
      const revealDeadline = commitDeadline + 3_600n;
      const scoringDeadline = revealDeadline + 3_600n;
      const { taskId } = await createTask(client(ACCOUNTS.owner), {
        specCid,
        bounty: options.bountyWei ?? 10n ** 18n,
        commitDeadline,
        revealDeadline,
        scoringDeadline,
        verifier: verifier.address,
      });
      return { taskId, specCid, commitDeadline, revealDeadline, scoringDeadline };
    },
    async runnerConfig(overrides = {}) {
      return {
        rpcUrl: chain.rpcUrl,
        market,
        gateways: [gateway.url],
        stateDir: await mkdtemp(join(tmpdir(), 'tem-runner-state-')),
        minBountyWei: '0',
        threads: 1,
        safetyMarginSeconds: 5,
        pollIntervalMs: 150,
        once: true,
        maxGenerations: 2,
        seed: 'test',
        ...overrides,
      };
    },
    async close() {
      await functions.close();
      await gateway.close();
      await chain.stop();
    },
  };
}

/** The command-line flags that point a `tem` command at the market a config describes. */
export function connectionFlags(config: RunnerConfig): string[] {
  return [
    ...['--rpc-url', config.rpcUrl, '--market', config.market],
    ...['--gateway', config.gateways[0]!, '--state-dir', config.stateDir],
    ...['--poll-interval', String(config.pollIntervalMs)],
  ];
}
