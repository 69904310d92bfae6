import { chainById } from '@tem/core/market';

/** A human name for a chain id (Theta Mainnet 361, Testnet 365, Privatenet 366). */
export function chainName(chainId: number): string {
  if (chainId === 366) return 'Theta Privatenet (local)';
  return chainById(chainId)?.name ?? `Chain ${chainId}`;
}

/** The explorer of a known chain, for `wallet_addEthereumChain`. */
export function chainExplorer(chainId: number): string | undefined {
  return chainById(chainId)?.blockExplorer?.url;
}
