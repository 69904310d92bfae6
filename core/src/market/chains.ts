/**
 * The networks TaskMarket runs on, as plain data objects (the web site uses them too).
 * Theta wants legacy (type-0) transactions and caps `eth_getLogs` at 5000 blocks per query.
 */

/** A network TaskMarket is deployed on. */
export interface MarketChain {
  /** EIP-155 chain id. */
  id: number;
  /** Short name used by `npm run deploy -- --network <key>`. */
  key: string;
  name: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  /** ETH-RPC endpoints, preferred first. */
  rpcUrls: readonly string[];
  blockExplorer?: { name: string; url: string };
  /** Lowest gas price the network accepts, in wei (legacy transactions only). */
  minGasPrice?: bigint;
  /** Most blocks one `eth_getLogs` query may span. */
  maxLogBlockRange: number;
  /** Typical seconds between blocks. */
  blockTimeSeconds: number;
  /**
   * Shortest task window (commit, reveal, seed, scoring) in seconds that TaskMarket is deployed
   * with on this network (its constructor's `minWindow`): several blocks.
   */
  minTaskWindow: number;
}

const tfuel = { name: 'TFuel', symbol: 'TFUEL', decimals: 18 } as const;

/** 4000 gwei: the lowest gas price Theta accepts. */
export const THETA_MIN_GAS_PRICE = 4_000_000_000_000n;

/** Most blocks one `eth_getLogs` query may span on Theta. */
export const THETA_MAX_LOG_BLOCK_RANGE = 5000;

/** 10 minutes: the shortest task window on Theta networks (about 100 blocks of 6 s). */
export const THETA_MIN_TASK_WINDOW = 600;

/** 5 seconds: the shortest task window on the local chain (blocks every second or per transaction). */
export const LOCAL_MIN_TASK_WINDOW = 5;

/** Theta mainnet (chain id 361). */
export const thetaMainnet = {
  id: 361,
  key: 'theta-mainnet',
  name: 'Theta Mainnet',
  nativeCurrency: tfuel,
  rpcUrls: ['https://eth-rpc-api.thetatoken.org/rpc'],
  blockExplorer: { name: 'Theta Explorer', url: 'https://explorer.thetatoken.org' },
  minGasPrice: THETA_MIN_GAS_PRICE,
  maxLogBlockRange: THETA_MAX_LOG_BLOCK_RANGE,
  blockTimeSeconds: 6,
  minTaskWindow: THETA_MIN_TASK_WINDOW,
} as const satisfies MarketChain;

/** Theta testnet (chain id 365). */
export const thetaTestnet = {
  id: 365,
  key: 'theta-testnet',
  name: 'Theta Testnet',
  nativeCurrency: tfuel,
  rpcUrls: ['https://eth-rpc-api-testnet.thetatoken.org/rpc'],
  blockExplorer: { name: 'Theta Testnet Explorer', url: 'https://testnet-explorer.thetatoken.org' },
  minGasPrice: THETA_MIN_GAS_PRICE,
  maxLogBlockRange: THETA_MAX_LOG_BLOCK_RANGE,
  blockTimeSeconds: 6,
  minTaskWindow: THETA_MIN_TASK_WINDOW,
} as const satisfies MarketChain;

/** The local chain: anvil as Theta privatenet (chain id 366, hardfork istanbul). */
export const localChain = {
  id: 366,
  key: 'local',
  name: 'Theta Privatenet (local anvil)',
  nativeCurrency: tfuel,
  rpcUrls: ['http://127.0.0.1:8545'],
  maxLogBlockRange: THETA_MAX_LOG_BLOCK_RANGE,
  blockTimeSeconds: 1,
  minTaskWindow: LOCAL_MIN_TASK_WINDOW,
} as const satisfies MarketChain;

/** Every known network. */
export const marketChains: readonly MarketChain[] = [thetaMainnet, thetaTestnet, localChain];

/** The network with chain id `id`, if known. */
export function chainById(id: number | bigint): MarketChain | undefined {
  return marketChains.find((c) => c.id === Number(id));
}

/** The network named `key` (`local`, `theta-testnet`, `theta-mainnet`), if known. */
export function chainByKey(key: string): MarketChain | undefined {
  return marketChains.find((c) => c.key === key);
}

/** Explorer link of a transaction, when the chain has an explorer. */
export function explorerTxUrl(chain: MarketChain, hash: string): string | undefined {
  return chain.blockExplorer ? `${chain.blockExplorer.url}/txs/${hash}` : undefined;
}

/** Explorer link of an account or contract, when the chain has an explorer. */
export function explorerAddressUrl(chain: MarketChain, address: string): string | undefined {
  return chain.blockExplorer ? `${chain.blockExplorer.url}/account/${address}` : undefined;
}
