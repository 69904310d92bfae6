import { availableParallelism } from 'node:os';
import { parseEther } from 'ethers';
import type { CommandContext, OptionSpec } from '../command.js';
import { RunnerConfigError, resolveRunnerConfig, type RunnerConfig } from '../config/index.js';
import { CliError, UsageError } from '../errors.js';
import { SignerConfigError, loadWallet, signerSourceFrom } from '../keys/index.js';
import { createRunnerLog } from './log.js';
import { createRunnerContext, type RunnerContext } from './runner-context.js';

/** Defaults of the runner settings, for a local stack (`npm start`). */
export const RUNNER_DEFAULTS: Partial<RunnerConfig> = {
  gateways: ['http://127.0.0.1:8080'],
  stateDir: '.tem',
  minBountyWei: '0',
  threads: availableParallelism(),
  safetyMarginSeconds: 30,
  pollIntervalMs: 3000,
  once: false,
  maxGenerations: 0,
  trustedVerifiers: [],
};

/** Flags every command that talks to the market shares. */
export const RUNNER_OPTIONS: OptionSpec = {
  config: { type: 'string' },
  'rpc-url': { type: 'string' },
  market: { type: 'string' },
  gateway: { type: 'string', multiple: true },
  storage: { type: 'string' },
  'state-dir': { type: 'string' },
  threads: { type: 'string' },
  'min-bounty': { type: 'string' },
  'safety-margin': { type: 'string' },
  'poll-interval': { type: 'string' },
  'max-generations': { type: 'string' },
  seed: { type: 'string' },
  keystore: { type: 'string' },
  'trust-verifier': { type: 'string', multiple: true },
  payee: { type: 'string' },
  once: { type: 'boolean' },
  json: { type: 'boolean' },
};

export const RUNNER_OPTION_HELP: Record<string, string> = {
  config: 'config file (default ./tem.config.json if present); flags override it, it overrides env',
  'rpc-url': "the chain's ETH-RPC URL ($TEM_RPC_URL)",
  market: 'TaskMarket contract address ($TEM_MARKET_ADDRESS)',
  gateway: 'trustless IPFS gateway to read from; repeat for fallbacks ($TEM_GATEWAYS, comma list)',
  storage:
    'where results are uploaded: gateway=URL (default: the first gateway), kubo=URL, storacha',
  'state-dir': 'state and checkpoints ($TEM_STATE_DIR, default ./.tem)',
  threads: 'training compute threads, this one included (default: all cores)',
  'min-bounty': 'smallest bounty worth working for, in TFuel (default 0)',
  'safety-margin': 'stop training this many seconds before the commit deadline (default 30)',
  'poll-interval': 'ms between chain polls (default 3000)',
  'max-generations': 'cap on A&B generations per task (default: the spec)',
  seed: 'training seed prefix, for reproducible runs (default random)',
  keystore:
    'encrypted key file ($TEM_KEYSTORE; password in $TEM_KEYSTORE_PASSWORD); or set $TEM_PRIVATE_KEY',
  'trust-verifier':
    'a verifier address to trust; repeat for each ($TEM_TRUSTED_VERIFIERS, comma list). Tasks need m of their n verifiers trusted, and fewer than m untrusted',
  payee:
    'send winnings to this address with withdrawTo ($TEM_PAYEE; default: withdraw to the runner)',
  once: 'exit when every task taken is done (at once when none is taken)',
  json: 'JSON lines (default when stdout is not a terminal)',
};

/**
 * Resolves the runner's configuration (flags, config file, env), loads its key and connects to
 * the chain, the gateways and the state folder. Every failure is a CliError that says what to fix.
 */
export async function connectRunner(
  { values, env, stdout, signal }: Pick<CommandContext, 'values' | 'env' | 'stdout' | 'signal'>,
  json: boolean,
): Promise<RunnerContext> {
  let config: RunnerConfig;
  try {
    config = await resolveRunnerConfig({
      cwd: process.cwd(),
      env,
      configPath: values.config as string | undefined,
      defaults: RUNNER_DEFAULTS,
      flags: {
        rpcUrl: values['rpc-url'],
        market: values.market,
        gateways: values.gateway as string[] | undefined,
        storage:
          values.storage === undefined ? undefined : parseStorageFlag(values.storage as string),
        stateDir: values['state-dir'],
        threads: intFlag(values.threads, 'threads'),
        minBountyWei:
          values['min-bounty'] === undefined
            ? undefined
            : tfuelToWei(values['min-bounty'] as string),
        safetyMarginSeconds: intFlag(values['safety-margin'], 'safety-margin'),
        pollIntervalMs: intFlag(values['poll-interval'], 'poll-interval'),
        maxGenerations: intFlag(values['max-generations'], 'max-generations'),
        seed: values.seed,
        trustedVerifiers: values['trust-verifier'] as string[] | undefined,
        payee: values.payee,
        once: values.once === true ? true : undefined,
      },
    });
  } catch (error) {
    if (error instanceof RunnerConfigError) throw new CliError(error.message);
    throw error;
  }
  let wallet;
  try {
    wallet = await loadWallet(signerSourceFrom(env, values.keystore as string | undefined));
  } catch (error) {
    if (error instanceof SignerConfigError) throw new CliError(error.message);
    throw error;
  }
  try {
    return await createRunnerContext(config, wallet, createRunnerLog(stdout, json), env, signal);
  } catch (error) {
    if (error instanceof RunnerConfigError) throw new CliError(error.message);
    throw error;
  }
}

function parseStorageFlag(value: string): RunnerConfig['storage'] {
  const [kind, ...rest] = value.split('=');
  const url = rest.join('=');
  if (kind === 'storacha') return { kind: 'storacha' };
  if ((kind === 'gateway' || kind === 'kubo') && url) return { kind, url };
  throw new UsageError(`--storage must be gateway=URL, kubo=URL or storacha, not '${value}'`);
}

function intFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[0-9]+$/.test(text))
    throw new UsageError(`--${flag} must be a whole number, not '${text}'`);
  return Number(text);
}

function tfuelToWei(value: string): string {
  try {
    return parseEther(value).toString();
  } catch {
    throw new UsageError(`--min-bounty must be an amount of TFuel like 0.5, not '${value}'`);
  }
}
