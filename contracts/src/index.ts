/**
 * @tem/contracts: the TaskMarket contract's artifact, deployment and a local chain.
 *
 * @example
 * import { startAnvil, deployTaskMarket } from '@tem/contracts';
 * import { createMarketClient, createTask } from '@tem/core/market';
 *
 * const chain = await startAnvil();
 * const { address } = await deployTaskMarket(chain.wallet(0));
 * const client = createMarketClient({ address, runner: chain.wallet(1) });
 * // ... createTask(client, { ... })
 * await chain.stop();
 */
export {
  startAnvil,
  anvilBinary,
  DEV_MNEMONIC,
  LOCAL_CHAIN_ID,
  type AnvilChain,
  type DevAccount,
  type StartAnvilOptions,
} from './local-chain.js';
export { deployTaskMarket, type TaskMarketDeployment, type DeployOverrides } from './deploy.js';
export {
  loadTaskMarketArtifact,
  taskMarketArtifactUrl,
  type TaskMarketArtifact,
} from './artifact.js';
export { LocalChainError, DeployError } from './errors.js';
export {
  startThetaRpc,
  THETA_RPC_METHODS,
  zeroReceipt,
  type ThetaRpc,
  type ThetaRpcOptions,
} from './theta-rpc/index.js';
