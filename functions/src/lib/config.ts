import { ConfigError } from '../errors.js';

/** Environment variables as Node's `process.env` holds them. */
export type FunctionsEnv = Readonly<Record<string, string | undefined>>;

/** How the verifier key is provided: a raw key or an encrypted JSON keystore file. */
export type VerifierKeySource =
  | { kind: 'private-key'; privateKey: string }
  | { kind: 'keystore'; path: string; password: string };

/** Everything the handlers read from the environment, validated. */
export interface FunctionsConfig {
  /** `THETA_RPC_URL`: the chain's ETH-RPC endpoint. */
  rpcUrl: string;
  /** `TASK_MARKET_ADDRESS`: the TaskMarket contract. */
  marketAddress: string;
  /** `IPFS_GATEWAYS`: trustless gateways, tried in order. */
  gateways: string[];
  /** `SITE_ORIGIN`: origins allowed by CORS (comma list; `*` for any). */
  siteOrigins: string[];
  /** `CHAIN_CACHE_TTL_SECONDS` (default 5): how long chain reads are reused. */
  chainCacheTtlSeconds: number;
  /** `IPFS_TIMEOUT_MS` (default 20000): timeout of one IPFS fetch. */
  ipfsTimeoutMs: number;
  /** `READ_RATE_LIMIT_PER_MINUTE` (default 600): per client, task endpoints. */
  readRatePerMinute: number;
  /** `VERIFY_RATE_LIMIT_PER_MINUTE` (default 30): per client, verify endpoint. */
  verifyRatePerMinute: number;
  /** `SCORING_CONCURRENCY` (default 1): scoring jobs at once per instance. */
  scoringConcurrency: number;
  /** `SCORING_QUEUE` (default 8): scoring jobs waiting at most; more answer 503. */
  scoringQueue: number;
  /**
   * `MAX_BUNDLE_BYTES` (default 64 MiB): largest bundle read, whatever a spec allows; it can only
   * lower the limit every scorer applies (`@tem/core/scoring-inputs` MAX_BUNDLE_BYTES, 64 MiB).
   */
  maxBundleBytes: number;
  /** `SCORING_TIMEOUT_MS` (default 50000, under Netlify's 60 s limit): one scoring job at most. */
  scoringTimeoutMs: number;
  /** `VERIFIER_PRIVATE_KEY`, or `VERIFIER_KEYSTORE` + `VERIFIER_KEYSTORE_PASSWORD`; absent if neither. */
  verifierKey: VerifierKeySource | undefined;
}

/**
 * Reads and validates the configuration, throwing a ConfigError naming the first bad variable.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: FunctionsEnv): FunctionsConfig {
  return {
    rpcUrl: httpUrl(env, 'THETA_RPC_URL'),
    marketAddress: address(env, 'TASK_MARKET_ADDRESS'),
    gateways: list(env, 'IPFS_GATEWAYS').map((url) => checkUrl('IPFS_GATEWAYS', url)),
    siteOrigins: origins(env),
    chainCacheTtlSeconds: number(env, 'CHAIN_CACHE_TTL_SECONDS', 5, 0, 3600),
    ipfsTimeoutMs: number(env, 'IPFS_TIMEOUT_MS', 20_000, 100, 600_000),
    readRatePerMinute: number(env, 'READ_RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
    verifyRatePerMinute: number(env, 'VERIFY_RATE_LIMIT_PER_MINUTE', 30, 1, 10_000_000),
    scoringConcurrency: number(env, 'SCORING_CONCURRENCY', 1, 1, 64),
    scoringQueue: number(env, 'SCORING_QUEUE', 8, 0, 10_000),
    maxBundleBytes: number(env, 'MAX_BUNDLE_BYTES', 64 * 1024 * 1024, 1024, 1 << 30),
    scoringTimeoutMs: number(env, 'SCORING_TIMEOUT_MS', 50_000, 100, 3_600_000),
    verifierKey: verifierKey(env),
  };
}

/** The verifier key source, or a ConfigError saying which variables to set. */
export function requireVerifierKey(config: FunctionsConfig): VerifierKeySource {
  if (config.verifierKey === undefined) {
    throw new ConfigError(
      'VERIFIER_PRIVATE_KEY',
      'is not set (set it, or VERIFIER_KEYSTORE and VERIFIER_KEYSTORE_PASSWORD)',
    );
  }
  return config.verifierKey;
}

function required(env: FunctionsEnv, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') throw new ConfigError(name, 'is not set');
  return value;
}

function httpUrl(env: FunctionsEnv, name: string): string {
  return checkUrl(name, required(env, name));
}

function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: RPC and gateway URLs may carry API keys, and this message
    // reaches clients in the 503 answer.
    throw new ConfigError(name, 'must be an http(s) URL (the value is not shown)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http(s) URL, got protocol ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
}

function address(env: FunctionsEnv, name: string): string {
  const value = required(env, name);
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new ConfigError(
      name,
      `must be a 0x-prefixed 20-byte hex address, got ${JSON.stringify(value.slice(0, 100))}`,
    );
  }
  return value;
}

function list(env: FunctionsEnv, name: string): string[] {
  const items = required(env, name)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new ConfigError(name, 'lists no entries');
  return items;
}

function origins(env: FunctionsEnv): string[] {
  const raw = env.SITE_ORIGIN?.trim();
  if (raw === undefined || raw === '') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((origin) => {
      if (origin === '*') return origin;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new ConfigError(
          'SITE_ORIGIN',
          `has an entry that is not an origin: ${JSON.stringify(origin.slice(0, 100))}`,
        );
      }
      if (url.origin !== origin) {
        throw new ConfigError(
          'SITE_ORIGIN',
          `entries must be bare origins like https://site.example, got ${JSON.stringify(origin.slice(0, 100))}`,
        );
      }
      return origin;
    });
}

function number(
  env: FunctionsEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      name,
      `must be a number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 50))}`,
    );
  }
  return value;
}

function verifierKey(env: FunctionsEnv): VerifierKeySource | undefined {
  const key = env.VERIFIER_PRIVATE_KEY?.trim();
  if (key !== undefined && key !== '') {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
      // Never echo the value: it may be a real key with a typo.
      throw new ConfigError(
        'VERIFIER_PRIVATE_KEY',
        'must be 32 bytes of hex (64 hex digits, optional 0x)',
      );
    }
    return { kind: 'private-key', privateKey: key.startsWith('0x') ? key : `0x${key}` };
  }
  const path = env.VERIFIER_KEYSTORE?.trim();
  if (path === undefined || path === '') return undefined;
  const password = env.VERIFIER_KEYSTORE_PASSWORD;
  if (password === undefined) {
    throw new ConfigError(
      'VERIFIER_KEYSTORE_PASSWORD',
      'is not set (required with VERIFIER_KEYSTORE)',
    );
  }
  return { kind: 'keystore', path, password };
}
