import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DevnetError } from './errors.js';
import { demoKind, type DemoKind } from './demo-kinds.js';

/** The repository root (devnet/src/../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A port of the stack and the env var that moves it. */
export interface PortSetting {
  service: string;
  port: number;
  envVar: string;
}

/** What `npm start` was asked to do. */
export interface DevnetConfig {
  /** Run the demo to the payout, then stop everything and exit. */
  once: boolean;
  /** Wipe the data folder first. */
  fresh: boolean;
  /** The project-local data folder (`.devnet`, or `$TEM_DEVNET_DIR`). */
  dataDir: string;
  ports: {
    anvil: PortSetting;
    gateway: PortSetting;
    /** The first verifier's functions server (the site's API). */
    functions: PortSetting;
    /** The second and third verifiers' functions servers. */
    functions2: PortSetting;
    functions3: PortSetting;
    /** Only with {@link DevnetConfig.thetaRpc}. */
    thetaRpc?: PortSetting;
  };
  /** Seconds between anvil blocks (`$TEM_BLOCK_TIME`, default 1). */
  blockTime: number;
  /**
   * Route the runner, the functions and the site through the test double of Theta's ETH-RPC
   * adaptor (`--theta-rpc` or `TEM_THETA_RPC=1`) instead of straight to anvil.
   */
  thetaRpc: boolean;
  /**
   * The demos to run, one task each, one after the other on the same stack (`--kind`, default
   * the cipher).
   */
  kinds: DemoKind[];
}

export const USAGE = `usage: npm start [-- --once] [-- --fresh] [-- --theta-rpc] [-- --kind KIND[,KIND...]]

  --kind       the demo task's kind: cipher (default), multiplexer or double-pole; several (comma-
               separated or repeated) run one demo task after the other on the same stack
  --once       run the demo task(s) to the payout, stop everything, exit 0 (or 1 naming the failed step)
  --fresh      delete the data folder and start over (new chain, new deployment, new IPFS store)
  --theta-rpc  put the double of Theta's ETH-RPC adaptor between anvil and the runner, functions
               and site (contracts/src/theta-rpc/README.md)
  --help       this text

environment:
  TEM_ANVIL_PORT      anvil JSON-RPC port (default 8545)
  TEM_GATEWAY_PORT    local IPFS gateway port, which also serves the site (default 8080)
  TEM_FUNCTIONS_PORT  the first verifier's functions server port, the site's API (default 8888)
  TEM_FUNCTIONS_PORT_2, TEM_FUNCTIONS_PORT_3
                      the second and third verifiers' functions servers (default 8889, 8890)
  TEM_DEVNET_DIR      data folder (default .devnet in the repository)
  TEM_BLOCK_TIME      seconds between blocks (default 1)
  TEM_THETA_RPC       1 for --theta-rpc
  TEM_THETA_RPC_PORT  the Theta RPC double's port (default 18888, the adaptor's)`;

/** Thrown for `--help`: print the usage and exit 0. */
export class HelpRequested extends Error {
  override name = 'HelpRequested';
}

function portFrom(
  env: NodeJS.ProcessEnv,
  envVar: string,
  fallback: number,
  service: string,
): PortSetting {
  const text = env[envVar];
  if (text === undefined || text === '') return { service, port: fallback, envVar };
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new DevnetError('config', `${envVar}='${text}' is not a port (1 to 65535)`);
  return { service, port, envVar };
}

/**
 * Reads flags and env vars into a {@link DevnetConfig}; bad values throw DevnetError('config').
 *
 * @example
 * const config = parseDevnetConfig(process.argv.slice(2), process.env);
 */
export function parseDevnetConfig(argv: string[], env: NodeJS.ProcessEnv): DevnetConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        once: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        'theta-rpc': { type: 'boolean', default: false },
        kind: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new DevnetError('config', `${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new HelpRequested(USAGE);
  const blockText = env.TEM_BLOCK_TIME ?? '1';
  const blockTime = Number(blockText);
  if (!Number.isInteger(blockTime) || blockTime < 1 || blockTime > 60)
    throw new DevnetError('config', `TEM_BLOCK_TIME='${blockText}' must be 1 to 60 seconds`);
  const thetaRpcText = env.TEM_THETA_RPC ?? '';
  if (!['', '0', '1', 'false', 'true'].includes(thetaRpcText))
    throw new DevnetError('config', `TEM_THETA_RPC='${thetaRpcText}' must be 1 or 0`);
  const thetaRpc = values['theta-rpc'] || thetaRpcText === '1' || thetaRpcText === 'true';
  const kindNames = (values.kind ?? ['cipher']).flatMap((v) => v.split(',')).map((v) => v.trim());
  const kinds = kindNames.map(demoKind);
  return {
    once: values.once,
    kinds,
    fresh: values.fresh,
    thetaRpc,
    dataDir: path.resolve(repoRoot, env.TEM_DEVNET_DIR || '.devnet'),
    ports: {
      anvil: portFrom(env, 'TEM_ANVIL_PORT', 8545, 'anvil'),
      gateway: portFrom(env, 'TEM_GATEWAY_PORT', 8080, 'the IPFS gateway'),
      functions: portFrom(env, 'TEM_FUNCTIONS_PORT', 8888, 'the functions'),
      functions2: portFrom(env, 'TEM_FUNCTIONS_PORT_2', 8889, "the second verifier's functions"),
      functions3: portFrom(env, 'TEM_FUNCTIONS_PORT_3', 8890, "the third verifier's functions"),
      ...(thetaRpc
        ? { thetaRpc: portFrom(env, 'TEM_THETA_RPC_PORT', 18888, 'the Theta RPC double') }
        : {}),
    },
    blockTime,
  };
}

/** Where everything of the local stack lives, under one folder. */
export function devnetPaths(dataDir: string) {
  return {
    dataDir,
    chainState: path.join(dataDir, 'chain', 'state.json'),
    deployment: path.join(dataDir, 'deployment.json'),
    ipfs: path.join(dataDir, 'ipfs'),
    webDist: path.join(dataDir, 'web-dist'),
    site: path.join(dataDir, 'site'),
    runner: path.join(dataDir, 'runner'),
  };
}

export type DevnetPaths = ReturnType<typeof devnetPaths>;
