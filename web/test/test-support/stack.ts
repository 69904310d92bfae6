import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { startThetaRpc, type AnvilChain, type ThetaRpc } from '@tem/contracts';
import type { FunctionsServer } from '@tem/functions';
import type { Gateway } from '@tem/gateway';
import { startTestChain } from '@tem/testkit/chain';
import { launchChromium } from '@tem/testkit/chromium';
import { startTestGateway } from '@tem/testkit/gateway';
import { QUORUM } from '@tem/testkit/roles';
import { publishSite } from '@tem/testkit/site';
import { startTestVerifier } from '@tem/testkit/verifier';
import type { BuildResult } from '../../scripts/build.js';
import { writeSiteFiles } from '../../scripts/site-files.js';
import { parseSiteConfig } from '../../src/config/index.js';
import { WALLET_RPC_BINDING, installTestWallet, walletRpc } from './test-wallet.js';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const outputDir = path.join(webRoot, 'test-output');

/** The deployment's minimum window (`MIN_WINDOW`). */
export const MIN_WINDOW_SECONDS = 7;

/** Dev accounts of the verifiers, in the order the stack starts their functions servers. */
export const VERIFIER_ACCOUNTS = QUORUM;

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Verification endpoints to run, one functions server each (1 to 3; default 1). */
  verifiers?: number;
}

/** Everything the browser tests run against. */
export interface Stack {
  build: BuildResult;
  chain: AnvilChain;
  /**
   * The double of Theta's ETH-RPC adaptor in front of anvil: the site reads the chain through it
   * (no revert data, no `eth_maxPriorityFeePerGas`, legacy transactions only); the wallet and the
   * tests talk to anvil.
   */
  thetaRpc: ThetaRpc;
  market: string;
  deployBlock: number;
  gateway: Gateway;
  /**
   * The functions servers, one per verifier (`VERIFIER_ACCOUNTS[i]`'s key): the first also serves
   * `/api/tasks` to the site.
   */
  verifiers: FunctionsServer[];
  /** The first functions server (the site's `/api/tasks` accelerator and verifier 1). */
  functions: FunctionsServer;
  /** The site's CID (dist plus config.json) and its URL under `/ipfs/<cid>/`. */
  siteCid: string;
  siteUrl: string;
  browser: Browser;
  /** A fresh browser context whose page carries a test wallet for dev account `account`. */
  walletContext(account: number, options?: { announce?: boolean }): Promise<BrowserContext>;
  /** Publishes `dist/` without a config.json (built-in defaults) and returns its URL. */
  publishWithoutConfig(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Builds the site into `distDir`. Each browser test file builds its own copy, so files running in
 * parallel never rebuild `web/dist` under each other: `scripts/build.ts` reads its output folder
 * from TEM_WEB_DIST_DIR when it loads, and every test file loads it afresh.
 */
async function buildInto(distDir: string): Promise<BuildResult> {
  process.env.TEM_WEB_DIST_DIR = distDir;
  const { buildSite } = await import('../../scripts/build.js');
  const build = await buildSite();
  if (path.resolve(build.distDir) !== path.resolve(distDir)) {
    throw new Error(`the site was built into ${build.distDir}, not ${distDir}`);
  }
  return build;
}

/**
 * Builds the site, starts anvil (chain 366) with a TaskMarket (minimum window 5 s), the double of
 * Theta's RPC in front of it, the local IPFS gateway and one functions server per verifier,
 * publishes `dist/` plus a `config.json` naming them to the gateway, and launches Chromium.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const verifierCount = options.verifiers ?? 1;
  const temp = await mkdtemp(path.join(tmpdir(), 'tem-web-'));
  const build = await buildInto(path.join(temp, 'dist'));
  // Not the local chain's documented 5 s: the tests see the wizard read the contract's own.
  const testChain = await startTestChain({ minWindow: MIN_WINDOW_SECONDS });
  const { chain, market } = testChain;
  const stops: (() => Promise<unknown>)[] = [() => testChain.stop()];
  try {
    const thetaRpc = await startThetaRpc({ upstreamUrl: chain.rpcUrl, blockIntervalMs: 200 });
    stops.push(() => thetaRpc.close());
    const testGateway = await startTestGateway('tem-web-ipfs-');
    const { gateway } = testGateway;
    stops.push(() => testGateway.close());
    const verifiers: FunctionsServer[] = [];
    for (const account of VERIFIER_ACCOUNTS.slice(0, verifierCount)) {
      const server = await startTestVerifier({
        rpcUrl: chain.rpcUrl,
        market,
        gatewayUrl: gateway.url,
        privateKey: chain.accounts[account]!.privateKey,
        env: { SCORING_CONCURRENCY: '2' },
        log: (event, fields) => console.error(`functions (verifier ${account}):`, event, fields),
      });
      stops.push(() => server.close());
      verifiers.push(server);
    }
    const functions = verifiers[0]!;
    const siteDir = path.join(temp, 'site');
    await cp(build.distDir, siteDir, { recursive: true });
    await writeSiteFiles(
      siteDir,
      parseSiteConfig({
        chainId: chain.chainId,
        rpcUrl: thetaRpc.url,
        marketAddress: market,
        deployBlock: testChain.deployBlock,
        gateways: [gateway.url],
        uploadUrl: gateway.url,
        functionsUrl: functions.url,
        verifiers: verifiers.map((server, i) => ({
          url: `${server.url}/api/verify`,
          address: chain.accounts[VERIFIER_ACCOUNTS[i]!]!.address,
        })),
      }),
    );
    const site = await publishSite(gateway.url, siteDir);
    const browser = await launchChromium();
    stops.push(() => browser.close());
    return {
      build,
      chain,
      thetaRpc,
      market,
      deployBlock: testChain.deployBlock,
      gateway,
      verifiers,
      functions,
      siteCid: site.cid,
      siteUrl: site.url,
      browser,
      async publishWithoutConfig() {
        // The build writes config.json (mainnet defaults here): publish a copy without it.
        const bare = path.join(temp, 'bare-site');
        await cp(build.distDir, bare, { recursive: true });
        await rm(path.join(bare, 'config.json'));
        return (await publishSite(gateway.url, bare)).url;
      },
      async walletContext(account, options = {}) {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          acceptDownloads: true,
        });
        // The wallet's node is anvil itself (its dev accounts are unlocked), outside the page.
        await context.exposeBinding(
          WALLET_RPC_BINDING,
          (_source, method: string, params: unknown) => walletRpc(chain.rpcUrl, method, params),
        );
        await context.addInitScript(installTestWallet, {
          account: chain.accounts[account]!.address,
          chainId: chain.chainId,
          name: 'Test Wallet',
          announce: options.announce ?? true,
        });
        return context;
      },
      async stop() {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
        await rm(temp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}
