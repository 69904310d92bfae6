/**
 * @tem/gateway: the local IPFS trustless gateway over an on-disk blockstore, with a CAR upload
 * endpoint. See README.md for the endpoints.
 *
 * @example
 * import { startGateway } from '@tem/gateway'
 * const gateway = await startGateway({ dataDir: '.devnet/ipfs' })
 * console.log(gateway.url)
 */
export { startGateway, type Gateway, type GatewayOptions } from './server.js';
export { FsBlockStore, BlockBatch } from './fs-block-store.js';
export { GATEWAY_NODE_FLAGS } from './node-flags.js';
export { contentFromPath, UnreadablePathError, type ContentFromPathOptions } from './fs-content.js';
