export type { ContentStore, PutOptions } from './content-store.js';
export { packContent, type PackedContent } from './pack-content.js';
export { localGatewayStore, type LocalGatewayStoreOptions } from './local-gateway.js';
export { KuboUrlError, kuboRpcStore, type KuboRpcStoreOptions } from './kubo-rpc.js';
export { storachaStore, type StorachaStoreOptions, type StorachaUploader } from './storacha.js';
