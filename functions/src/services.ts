import type { createVerifiedFetch } from '@tem/core/ipfs';
import { CachedMarket } from './chain/market-cache.js';
import { createChainMarketSource } from './chain/ethers-market.js';
import type { SpecReader } from './chain/spec-reader.js';
import type { MarketSource } from './chain/types.js';
import type { CorsPolicy } from './http/cors.js';
import {
  loadConfig,
  requireVerifierKey,
  type FunctionsConfig,
  type FunctionsEnv,
} from './lib/config.js';
import { JobPool } from './lib/job-pool.js';
import { consoleLogger, type Logger } from './lib/logger.js';
import { MemoCache } from './lib/memo-cache.js';
import { RateLimiter } from './lib/rate-limiter.js';
import type { loadVerifierWallet } from './lib/verifier-key.js';
import type { SeedDeps } from './seed.js';
import type { TaskDeps } from './task.js';
import type { TasksDeps } from './tasks.js';
import type { VerifyDeps } from './verify.js';
import type { Scorer } from './verify/scorer.js';
import { createWorkerScorer, type WorkerScorer } from './verify/worker-scorer.js';

/** Parts that tests and benchmarks may replace. */
export interface ServiceOverrides {
  log?: Logger;
  scorer?: Scorer;
  /** The fetch used for IPFS gateways (e.g. one that counts requests). */
  fetch?: typeof globalThis.fetch;
  /** Clock of the rate limiters and caches, in milliseconds. */
  now?: () => number;
  /**
   * Score in worker threads (`SCORING_CONCURRENCY` of them) instead of on the request's thread:
   * for long-lived servers, which must keep answering while they score. Ignored with `scorer`.
   */
  scoreInWorkers?: boolean;
}

/**
 * The IPFS constructors the task and verify modules bring with them (see {@link ipfsParts}), so
 * that the task list's bundle leaves out the IPFS client.
 */
export interface IpfsParts {
  createVerifiedFetch: typeof createVerifiedFetch;
  SpecReader: typeof SpecReader;
}

/** What the signing modules (verify, seed) bring: the verifier key loader (ethers' wallet and keystore). */
export interface SignerParts {
  loadVerifierWallet: typeof loadVerifierWallet;
}

/**
 * What only the verify module brings: the verifier key loader and the default scorer
 * (`@tem/core/scoring`), so that the read endpoints' bundles leave them out.
 */
export interface VerifyParts extends IpfsParts, SignerParts {
  /** Scores unless the overrides name another scorer or worker threads. */
  defaultScorer: Scorer;
}

/** Everything the handlers share in one process, built lazily from the environment. */
export interface Services {
  log: Logger;
  /** The validated configuration (throws ConfigError naming the bad variable). */
  config(): FunctionsConfig;
  tasksDeps(): Promise<TasksDeps>;
  taskDeps(parts: IpfsParts): Promise<TaskDeps>;
  verifyDeps(parts: VerifyParts): Promise<VerifyDeps>;
  seedDeps(parts: SignerParts): Promise<SeedDeps>;
  /** Stops what the services started (scoring workers). */
  close(): Promise<void>;
}

/**
 * Builds the shared services of one process: configuration, chain reader and its caches, verified
 * IPFS client, rate limiters, the verifier's wallet and scoring pool. Nothing is read or connected
 * before first use. The heavy parts come from the handler modules that use them
 * ({@link IpfsParts}, {@link VerifyParts}): each Netlify function bundles only its own.
 */
export function createServices(env: FunctionsEnv, overrides: ServiceOverrides = {}): Services {
  const log = overrides.log ?? consoleLogger;
  const now = overrides.now ?? Date.now;
  let config: FunctionsConfig | undefined;
  const getConfig = (): FunctionsConfig => (config ??= loadConfig(env));

  const once = <T>(build: () => T): (() => T) => {
    let value: { v: T } | undefined;
    return () => (value ??= { v: build() }).v;
  };
  const cors = once((): CorsPolicy => ({ origins: getConfig().siteOrigins }));
  const source = once((): MarketSource => {
    const c = getConfig();
    return createChainMarketSource({ address: c.marketAddress, rpc: c.rpcUrl });
  });
  const market = once(
    () => new CachedMarket(source(), { ttlMs: getConfig().chainCacheTtlSeconds * 1000, now }),
  );
  let ipfsClient: ReturnType<typeof createVerifiedFetch> | undefined;
  const ipfs = (parts: IpfsParts) => {
    const c = getConfig();
    return (ipfsClient ??= parts.createVerifiedFetch({
      gateways: c.gateways,
      timeoutMs: c.ipfsTimeoutMs,
      ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
    }));
  };
  let specReader: SpecReader | undefined;
  const specs = (parts: IpfsParts) =>
    (specReader ??= new parts.SpecReader(ipfs(parts), getConfig().ipfsTimeoutMs));
  const readLimiter = once(() => perMinute(getConfig().readRatePerMinute, now));
  const verifyLimiter = once(() => perMinute(getConfig().verifyRatePerMinute, now));
  // Seed answers are cheap (a signature, no scoring): the read rate applies.
  const seedLimiter = once(() => perMinute(getConfig().readRatePerMinute, now));
  let wallet: ReturnType<typeof loadVerifierWallet> | undefined;
  const verifierWallet = (parts: SignerParts) => {
    wallet ??= parts.loadVerifierWallet(requireVerifierKey(getConfig()));
    wallet.catch(() => (wallet = undefined));
    return wallet;
  };
  let workers: WorkerScorer | undefined;
  let chosenScorer: Scorer | undefined;
  const scorer = (defaultScorer: Scorer): Scorer => (chosenScorer ??= pickScorer(defaultScorer));
  const pickScorer = (defaultScorer: Scorer): Scorer => {
    if (overrides.scorer) return overrides.scorer;
    if (!overrides.scoreInWorkers) return defaultScorer;
    workers = createWorkerScorer({ size: getConfig().scoringConcurrency });
    return workers;
  };
  const results = once(() => new MemoCache<string, string>({ ttlMs: Infinity, maxEntries: 2_000 }));
  const pool = once(
    () =>
      new JobPool({
        concurrency: getConfig().scoringConcurrency,
        maxQueue: getConfig().scoringQueue,
      }),
  );

  return {
    log,
    config: getConfig,
    async tasksDeps() {
      return {
        market: market(),
        cors: cors(),
        limiter: readLimiter(),
        log,
        cacheSeconds: getConfig().chainCacheTtlSeconds,
      };
    },
    async taskDeps(parts) {
      return {
        market: market(),
        specs: specs(parts),
        cors: cors(),
        limiter: readLimiter(),
        log,
        cacheSeconds: getConfig().chainCacheTtlSeconds,
      };
    },
    async verifyDeps(parts) {
      return {
        pipeline: {
          market: source(),
          ipfs: ipfs(parts),
          specs: specs(parts),
          wallet: await verifierWallet(parts),
          scorer: scorer(parts.defaultScorer),
          log,
          ipfsTimeoutMs: getConfig().ipfsTimeoutMs,
          scoringTimeoutMs: getConfig().scoringTimeoutMs,
          maxBundleBytes: getConfig().maxBundleBytes,
        },
        results: results(),
        pool: pool(),
        cors: cors(),
        limiter: verifyLimiter(),
        log,
      };
    },
    async seedDeps(parts) {
      return {
        answer: { market: source(), wallet: await verifierWallet(parts), log },
        cors: cors(),
        limiter: seedLimiter(),
        log,
      };
    },
    async close() {
      await workers?.close();
    },
  };
}

function perMinute(rate: number, now: () => number): RateLimiter {
  return new RateLimiter({ burst: Math.max(1, Math.ceil(rate / 6)), perSecond: rate / 60, now });
}

let fromProcess: Services | undefined;

/** The services of this process, configured from `process.env` (what Netlify runs). */
export function processServices(): Services {
  return (fromProcess ??= createServices(process.env));
}
