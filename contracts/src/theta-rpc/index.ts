/**
 * A faithful test double of Theta's ETH-RPC adaptor in front of anvil (see README.md).
 *
 * @example
 * import { startThetaRpc } from '@tem/contracts';
 * const rpc = await startThetaRpc({ upstreamUrl: 'http://127.0.0.1:8545', blockIntervalMs: 1000 });
 */
export { startThetaRpc, type ThetaRpc, type ThetaRpcOptions } from './server.js';
export { THETA_RPC_METHODS } from './methods.js';
export { heightByTag } from './block-tags.js';
export { zeroReceipt } from './shapes.js';
