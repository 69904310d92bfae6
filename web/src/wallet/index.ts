/** Wallets: EIP-6963 discovery, network switching, the connected account. The site never sees a key. */
export * from './eip1193.js';
export * from './discover.js';
export * from './switch-network.js';
export * from './use-wallet.js';
export * from './chain-names.js';
