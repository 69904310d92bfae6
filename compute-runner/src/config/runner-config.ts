import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { RunnerConfigError } from './errors.js';

export const CONFIG_FILE = 'tem.config.json';

const storage = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('gateway'), url: z.url() }),
  z.strictObject({ kind: z.literal('kubo'), url: z.url() }),
  z.strictObject({ kind: z.literal('storacha'), space: z.string().min(1).optional() }),
]);

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x address');

/** Everything `tem watch` and its helpers need, after flags, config file and env are merged. */
export const runnerConfig = z.strictObject({
  rpcUrl: z.url(),
  market: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x contract address'),
  gateways: z.array(z.url()).min(1),
  /** Where results are uploaded; default: the first gateway's upload endpoint. */
  storage: storage.optional(),
  stateDir: z.string().min(1),
  /** Smallest bounty worth working for, in wei (decimal string). */
  minBountyWei: z.string().regex(/^[0-9]+$/, 'must be a whole number of wei'),
  threads: z.int().min(1).max(1024),
  /** Stop training this many seconds before the commit deadline. */
  safetyMarginSeconds: z.int().min(0).max(86_400),
  pollIntervalMs: z.int().min(100).max(3_600_000),
  /** Stop after every accepted task is done (tests, `npm start -- --once`). */
  once: z.boolean(),
  /** Training generations cap per task (0: as the spec and the deadline allow). */
  maxGenerations: z.int().min(0),
  seed: z.string().max(200).optional(),
  /**
   * Verifier addresses this runner trusts. It works only on tasks where at least m of the n
   * verifiers are trusted and fewer than m are not (so untrusted ones can neither decide a score
   * nor block one). Default: none (every task is skipped, with that reason).
   */
  trustedVerifiers: z.array(address).max(100).default([]),
  /** Where winnings go (`withdrawTo`); default: this runner's own address (`withdraw`). */
  payee: address.optional(),
});
export type RunnerConfig = z.infer<typeof runnerConfig>;

/** Settings and the env var that carries each; secrets are deliberately absent. */
export const CONFIG_ENV: Record<keyof RunnerConfig, string> = {
  rpcUrl: 'TEM_RPC_URL',
  market: 'TEM_MARKET_ADDRESS',
  gateways: 'TEM_GATEWAYS',
  storage: 'TEM_STORAGE',
  stateDir: 'TEM_STATE_DIR',
  minBountyWei: 'TEM_MIN_BOUNTY_WEI',
  threads: 'TEM_THREADS',
  safetyMarginSeconds: 'TEM_SAFETY_MARGIN_SECONDS',
  pollIntervalMs: 'TEM_POLL_INTERVAL_MS',
  once: 'TEM_ONCE',
  maxGenerations: 'TEM_MAX_GENERATIONS',
  seed: 'TEM_SEED',
  trustedVerifiers: 'TEM_TRUSTED_VERIFIERS',
  payee: 'TEM_PAYEE',
};

const SECRET_KEYS = ['privateKey', 'private_key', 'key', 'password', 'token', 'mnemonic'];

export interface ConfigSources {
  /** Parsed command-line flags, already typed (flags win). */
  flags: Partial<Record<keyof RunnerConfig, unknown>>;
  /** `--config FILE`; otherwise `tem.config.json` in `cwd` if it exists. */
  configPath?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  defaults: Partial<RunnerConfig>;
}

/**
 * Merges flags over the config file over env vars over defaults, and validates the result.
 * Each error names the setting, where its value came from, and what was wrong.
 */
export async function resolveRunnerConfig(sources: ConfigSources): Promise<RunnerConfig> {
  const file = await readConfigFile(sources.configPath, sources.cwd);
  const fromEnv = envValues(sources.env);
  const merged: Record<string, unknown> = { ...sources.defaults };
  const origin: Record<string, string> = {};
  for (const [layer, values] of [
    ['env', fromEnv],
    [file.path ?? 'config file', file.values],
    ['flag', sources.flags],
  ] as const) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      merged[key] = value;
      origin[key] = layer === 'env' ? CONFIG_ENV[key as keyof RunnerConfig] : layer;
    }
  }
  const result = runnerConfig.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const where = origin[key]
        ? ` (from ${origin[key]})`
        : ` (set --${kebab(key)} or ${CONFIG_ENV[key as keyof RunnerConfig] ?? 'the config file'})`;
      return `${issue.path.join('.') || 'config'}: ${issue.message}${where}`;
    });
    throw new RunnerConfigError(`bad configuration: ${problems.join('; ')}`);
  }
  return { ...result.data, stateDir: resolve(sources.cwd, result.data.stateDir) };
}

async function readConfigFile(
  explicit: string | undefined,
  cwd: string,
): Promise<{ path?: string; values: Record<string, unknown> }> {
  const path = explicit ? resolve(cwd, explicit) : join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {} };
    throw new RunnerConfigError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new RunnerConfigError(`config file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new RunnerConfigError(`config file ${path} must hold a JSON object`);
  }
  const secret = Object.keys(values).find((k) => SECRET_KEYS.includes(k));
  if (secret) {
    throw new RunnerConfigError(
      `config file ${path} holds "${secret}": secrets belong in env vars or a keystore, never in the config file`,
    );
  }
  return { path, values: values as Record<string, unknown> };
}

function envValues(env: NodeJS.ProcessEnv): Partial<Record<keyof RunnerConfig, unknown>> {
  const read = (key: keyof RunnerConfig) => env[CONFIG_ENV[key]] || undefined;
  const int = (key: keyof RunnerConfig) => {
    const raw = read(key);
    return raw === undefined ? undefined : /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
  };
  const storageRaw = read('storage');
  return {
    rpcUrl: read('rpcUrl'),
    market: read('market'),
    gateways: read('gateways')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    storage: storageRaw === undefined ? undefined : parseStorageEnv(storageRaw),
    stateDir: read('stateDir'),
    minBountyWei: read('minBountyWei'),
    threads: int('threads'),
    safetyMarginSeconds: int('safetyMarginSeconds'),
    pollIntervalMs: int('pollIntervalMs'),
    once: read('once') === undefined ? undefined : read('once') === '1' || read('once') === 'true',
    maxGenerations: int('maxGenerations'),
    seed: read('seed'),
    trustedVerifiers: read('trustedVerifiers')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    payee: read('payee'),
  };
}

/** `gateway=http://…`, `kubo=http://…`, or `storacha[=space-did]`. */
export function parseStorageEnv(value: string): unknown {
  const [kind, ...rest] = value.split('=');
  const arg = rest.join('=');
  if (kind === 'storacha') return arg ? { kind, space: arg } : { kind };
  return { kind, url: arg };
}

function kebab(key: string) {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
