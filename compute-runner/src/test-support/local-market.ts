/**
 * Test support: a real local marketplace for the runner's tests (anvil, TaskMarket, the local
 * IPFS gateway, three verifiers each running the functions server with its own key) and a small
 * task spec that trains in seconds. With `thetaRpc`, the runner and the verifiers reach the chain
 * through the double of Theta's ETH-RPC adaptor; the test's own moves still go to anvil.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deployTaskMarket,
  startAnvil,
  startThetaRpc,
  type AnvilChain,
  type ThetaRpc,
} from '@tem/contracts';
import { localGatewayStore } from '@tem/core/ipfs';
import { createMarketClient, createTask, type MarketClient } from '@tem/core/market';
import { LIGHT_SCORING, QUICK_TRAINING, defaultTaskSpec, type TaskSpec } from '@tem/core/task';
import { startFunctionsServer, type FunctionsServer, type ServiceOverrides } from '@tem/functions';
import { startGateway, type Gateway } from '@tem/gateway';
import type { RunnerConfig } from '../config/index.js';

/**
 * Dev accounts by role (anvil's well-known keys: test use only). `verifier` alone verifies a
 * one-verifier task; `quorum` are the three verifiers of a quorum task (threshold 2).
 */
export const ACCOUNTS = {
  deployer: 0,
  owner: 1,
  solver: 2,
  rival: 3,
  verifier: 9,
  quorum: [7, 8, 9],
} as const;

/** Options of {@link startLocalMarket}. */
export interface LocalMarketOptions {
  /** Put the double of Theta's ETH-RPC adaptor between anvil and the runner and verifiers. */
  thetaRpc?: boolean;
  /**
   * Test-only replacements of a verifier's production parts, by dev account (e.g. a scorer that
   * lies): passed to that verifier's `startFunctionsServer`, never reachable from the environment.
   */
  verifierOverrides?: Partial<Record<number, ServiceOverrides>>;
}

export interface LocalMarket {
  chain: AnvilChain;
  gateway: Gateway;
  /** The double, with `thetaRpc`. */
  thetaRpc: ThetaRpc | undefined;
  /** The RPC the runner and the verifiers use: the double, or anvil. */
  rpcUrl: string;
  /** The functions server of each verifier account. */
  verifiers: Map<number, FunctionsServer>;
  market: string;
  client(account: number): MarketClient;
  /** Publishes a tiny spec and creates a task from the owner account. */
  createTask(options?: {
    bountyWei?: bigint;
    commitSeconds?: number;
    /** Seconds of the reveal window, each seed half (quorum) and the scoring window (default 3600). */
    windowSeconds?: number;
    title?: string;
    /** The spec's key regime (default short-key); `otp` for the reference's P-input agents. */
    keyRegime?: TaskSpec['training']['keyRegime'];
    /** Three verifiers, threshold 2 (default: one). */
    quorum?: boolean;
    commitBond?: bigint;
  }): Promise<{
    taskId: bigint;
    specCid: string;
    commitDeadline: bigint;
    revealDeadline: bigint;
    seedCommitDeadline: bigint;
    seedRevealDeadline: bigint;
    scoringDeadline: bigint;
  }>;
  /** Runner settings pointing at this market, trusting its verifiers, with a fresh state folder. */
  runnerConfig(overrides?: Partial<RunnerConfig>): Promise<RunnerConfig>;
  close(): Promise<void>;
}

export async function startLocalMarket(options: LocalMarketOptions = {}): Promise<LocalMarket> {
  const chain = await startAnvil();
  const gateway = await startGateway({
    dataDir: await mkdtemp(join(tmpdir(), 'tem-runner-ipfs-')),
  });
  // Tests run the double with a short block interval: every retry of the adaptor sleeps one.
  const thetaRpc = options.thetaRpc
    ? await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: 100 })
    : undefined;
  const rpcUrl = thetaRpc?.url ?? chain.rpcUrl;
  const { address: market } = await deployTaskMarket(chain.wallet(ACCOUNTS.deployer));
  const verifiers = new Map<number, FunctionsServer>();
  for (const account of new Set<number>([ACCOUNTS.verifier, ...ACCOUNTS.quorum])) {
    verifiers.set(
      account,
      await startFunctionsServer({
        env: {
          THETA_RPC_URL: rpcUrl,
          TASK_MARKET_ADDRESS: market,
          IPFS_GATEWAYS: gateway.url,
          VERIFIER_PRIVATE_KEY: chain.accounts[account]!.privateKey,
          SITE_ORIGIN: '*',
          CHAIN_CACHE_TTL_SECONDS: '0',
          VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
          READ_RATE_LIMIT_PER_MINUTE: '100000',
        },
        log: () => undefined,
        ...(options.verifierOverrides?.[account]
          ? { overrides: options.verifierOverrides[account] }
          : {}),
      }),
    );
  }
  const endpoint = (account: number) => ({
    url: `${verifiers.get(account)!.url}/api/verify`,
    address: chain.accounts[account]!.address,
  });
  const store = localGatewayStore({ url: gateway.url });
  const client = (account: number) =>
    createMarketClient({ address: market, signer: chain.wallet(account) });
  return {
    chain,
    gateway,
    thetaRpc,
    rpcUrl,
    verifiers,
    market,
    client,
    async createTask(task = {}) {
      const endpoints = task.quorum ? ACCOUNTS.quorum.map(endpoint) : [endpoint(ACCOUNTS.verifier)];
      const spec = defaultTaskSpec({
        title: task.title ?? 'Runner test task',
        verifierUrl: endpoints[0]!.url,
        verifierAddress: endpoints[0]!.address,
        training: { ...QUICK_TRAINING, ...(task.keyRegime && { keyRegime: task.keyRegime }) },
      });
      if (task.quorum) spec.verifiers = endpoints;
      Object.assign(spec.scoring, structuredClone(LIGHT_SCORING));
      const specCid = (
        await store.put({ kind: 'file', content: new TextEncoder().encode(JSON.stringify(spec)) })
      ).toString();
      const window = BigInt(task.windowSeconds ?? 3_600);
      const seedWindow = task.quorum ? window : 0n;
      const now = await chain.now();
      const commitDeadline = now + BigInt(task.commitSeconds ?? 3_600);
      const revealDeadline = commitDeadline + window;
      const seedCommitDeadline = revealDeadline + seedWindow;
      const seedRevealDeadline = seedCommitDeadline + seedWindow;
      const scoringDeadline = seedRevealDeadline + window;
      const { taskId } = await createTask(client(ACCOUNTS.owner), {
        specCid,
        bounty: task.bountyWei ?? 10n ** 18n,
        commitDeadline,
        revealDeadline,
        scoringDeadline,
        verifiers: endpoints.map((e) => e.address),
        threshold: task.quorum ? 2 : 1,
        seedWindow,
        commitBond: task.commitBond ?? 0n,
      });
      return {
        taskId,
        specCid,
        commitDeadline,
        revealDeadline,
        seedCommitDeadline,
        seedRevealDeadline,
        scoringDeadline,
      };
    },
    async runnerConfig(config = {}) {
      return {
        rpcUrl,
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
        trustedVerifiers: ACCOUNTS.quorum.map((a) => chain.accounts[a]!.address),
        ...config,
      };
    },
    async close() {
      for (const server of verifiers.values()) await server.close().catch(() => undefined);
      await gateway.close();
      await thetaRpc?.close();
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
    ...config.trustedVerifiers.flatMap((v) => ['--trust-verifier', v]),
    ...(config.payee ? ['--payee', config.payee] : []),
  ];
}
