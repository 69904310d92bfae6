import path from 'node:path';
import { GATEWAY_NODE_FLAGS } from '@tem/gateway';
import { repoRoot } from './config.js';
import { demoMaxGenerations } from './demo-kinds.js';
import { type RunningService, type Supervisor, waitForHttp } from './supervisor.js';

/** Node services compile their TypeScript at start (tsx): slow on a busy machine. */
const STARTUP_TIMEOUT_MS = 90_000;

const tsx = (file: string) => ['--import', 'tsx', path.join(repoRoot, file)];

/** Starts the local IPFS gateway (`gateway/src/main.ts`) over the blocks in `dataDir`. */
export async function startIpfsGateway(
  supervisor: Supervisor,
  options: { port: number; dataDir: string },
): Promise<{ url: string; service: RunningService }> {
  const url = `http://127.0.0.1:${options.port}`;
  const service = await supervisor.start({
    name: 'gateway',
    command: process.execPath,
    args: [
      ...GATEWAY_NODE_FLAGS,
      ...tsx('gateway/src/main.ts'),
      '--data-dir',
      options.dataDir,
      '--port',
      String(options.port),
    ],
    cwd: repoRoot,
    ready: (signal) => waitForHttp(`${url}/ipfs/`, signal),
    readyTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  return { url, service };
}

/** What the functions server needs to know about the local stack. */
export interface FunctionsOptions {
  /** The service's name (`functions`, `functions-2`, ...). */
  name: string;
  port: number;
  rpcUrl: string;
  market: string;
  gatewayUrl: string;
  /** The verifier's key (a dev account), passed in the child's environment only. */
  verifierPrivateKey: string;
  /** The origin the site is served from (CORS). */
  siteOrigin: string;
  /** Its exit does not stop the stack (a verifier the demo can do without). */
  optional?: boolean;
}

/** Starts the functions server (`functions/src/main.ts`): the same handlers Netlify deploys. */
export async function startFunctions(
  supervisor: Supervisor,
  options: FunctionsOptions,
): Promise<{ url: string; service: RunningService }> {
  const url = `http://127.0.0.1:${options.port}`;
  const service = await supervisor.start({
    name: options.name,
    command: process.execPath,
    args: [...tsx('functions/src/main.ts'), '--port', String(options.port)],
    cwd: repoRoot,
    env: {
      THETA_RPC_URL: options.rpcUrl,
      TASK_MARKET_ADDRESS: options.market,
      IPFS_GATEWAYS: options.gatewayUrl,
      VERIFIER_PRIVATE_KEY: options.verifierPrivateKey,
      SITE_ORIGIN: options.siteOrigin,
      CHAIN_CACHE_TTL_SECONDS: '1',
    },
    ready: (signal) => waitForHttp(`${url}/api/tasks`, signal),
    readyTimeoutMs: STARTUP_TIMEOUT_MS,
    ...(options.optional ? { expectExit: true } : {}),
  });
  return { url, service };
}

/** What the runner needs to know about the local stack. */
export interface RunnerOptions {
  rpcUrl: string;
  market: string;
  gatewayUrl: string;
  stateDir: string;
  privateKey: string;
  /** Exit once every task it took is done (`tem watch --once`). */
  once: boolean;
  /** The verifiers it trusts: the local stack's own. */
  trustedVerifiers: string[];
}

/** Demo training budget: generations per task (the cipher's A&B generations), the most any demo spec trains. */
export const DEMO_MAX_GENERATIONS = demoMaxGenerations();

/**
 * Starts `tem watch` (JSON lines on stdout) as a child; its key travels in `TEM_PRIVATE_KEY`.
 * It trains on one thread, a few generations, and polls the chain every second.
 */
export async function startRunner(
  supervisor: Supervisor,
  options: RunnerOptions,
): Promise<RunningService> {
  return supervisor.start({
    name: 'runner',
    command: process.execPath,
    args: [
      path.join(repoRoot, 'compute-runner/bin/tem.js'),
      'watch',
      '--rpc-url',
      options.rpcUrl,
      '--market',
      options.market,
      '--gateway',
      options.gatewayUrl,
      '--state-dir',
      options.stateDir,
      '--threads',
      '1',
      '--safety-margin',
      '5',
      '--poll-interval',
      '1000',
      '--max-generations',
      String(DEMO_MAX_GENERATIONS),
      '--json',
      ...options.trustedVerifiers.flatMap((v) => ['--trust-verifier', v]),
      ...(options.once ? ['--once'] : []),
    ],
    cwd: repoRoot,
    env: { TEM_PRIVATE_KEY: options.privateKey },
    expectExit: options.once,
  });
}
