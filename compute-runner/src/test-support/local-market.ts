/**
 * Test support: a real local marketplace for the runner's tests (the test kit's chain, gateway and
 * verifiers: anvil, TaskMarket, the local IPFS gateway, the quorum's three verifiers each running
 * the functions server with its own key) and a small task spec that trains in seconds. With
 * `thetaRpc`, the runner and the verifiers reach the chain through the double of Theta's ETH-RPC
 * adaptor; the test's own moves still go to anvil.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThetaRpc, type AnvilChain, type ThetaRpc } from '@tem/contracts';
import { createTask, type MarketClient } from '@tem/core/market';
import { LIGHT_SCORING, QUICK_TRAINING, defaultTaskSpec, type TaskSpec } from '@tem/core/task';
import type { FunctionsServer, ServiceOverrides } from '@tem/functions';
import type { Gateway } from '@tem/gateway';
import { startTestChain } from '@tem/testkit/chain';
import { startTestGateway } from '@tem/testkit/gateway';
import { QUORUM, ROLES } from '@tem/testkit/roles';
import { startTestVerifier } from '@tem/testkit/verifier';
import type { RunnerConfig } from '../config/index.js';

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
  const testChain = await startTestChain();
  const { chain, market, client } = testChain;
  const testGateway = await startTestGateway('tem-runner-ipfs-');
  const { gateway, store } = testGateway;
  // Tests run the double with a short block interval: every retry of the adaptor sleeps one.
  const thetaRpc = options.thetaRpc
    ? await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: 100 })
    : undefined;
  const rpcUrl = thetaRpc?.url ?? chain.rpcUrl;
  const verifiers = new Map<number, FunctionsServer>();
  for (const account of QUORUM) {
    const overrides = options.verifierOverrides?.[account];
    verifiers.set(
      account,
      await startTestVerifier({
        rpcUrl,
        market,
        gatewayUrl: gateway.url,
        privateKey: chain.accounts[account]!.privateKey,
        ...(overrides ? { overrides } : {}),
      }),
    );
  }
  const endpoint = (account: number) => ({
    url: `${verifiers.get(account)!.url}/api/verify`,
    address: chain.accounts[account]!.address,
  });
  return {
    chain,
    gateway,
    thetaRpc,
    rpcUrl,
    verifiers,
    market,
    client,
    async createTask(task = {}) {
      const endpoints = task.quorum ? QUORUM.map(endpoint) : [endpoint(ROLES.verifier)];
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
      const { taskId } = await createTask(client(ROLES.owner), {
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
        trustedVerifiers: QUORUM.map((a) => chain.accounts[a]!.address),
        ...config,
      };
    },
    async close() {
      for (const server of verifiers.values()) await server.close().catch(() => undefined);
      await testGateway.close();
      await thetaRpc?.close();
      await testChain.stop();
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
