/**
 * @tem/devnet: the local stack behind `npm start`: anvil (chain 366), TaskMarket, the IPFS
 * gateway, the functions, the site from `/ipfs/<cid>/`, a runner, and a demo task through its
 * whole lifecycle. Every process is a supervised child; nothing outlives the stack.
 *
 * @example
 * import { parseDevnetConfig, runDevnet, streamReporter } from '@tem/devnet';
 * const devnet = runDevnet(parseDevnetConfig(['--once'], process.env), streamReporter(process.stdout));
 * process.exit(await devnet.stopped);
 */
export { parseDevnetConfig, devnetPaths, type DevnetConfig, type DevnetPaths } from './config.js';
export { runDevnet, type Devnet } from './run.js';
export { streamReporter, type Reporter } from './report.js';
export { Supervisor, waitForHttp, type ServiceSpec, type RunningService } from './supervisor.js';
export { isPortFree, assertPortFree, freePort } from './ports.js';
export { DevnetError, PortInUseError } from './errors.js';
export { ROLES, type Role } from './chain.js';
export { DEMO_BOUNTY_WEI, DEMO_WINDOWS, demoSpec } from './demo-task.js';
