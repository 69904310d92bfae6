const NAMES: Record<number, string> = {
  361: 'Theta Mainnet',
  365: 'Theta Testnet',
  366: 'Theta Privatenet (local)',
};

/** A human name for a chain id. */
export function chainName(chainId: number): string {
  return NAMES[chainId] ?? `Chain ${chainId}`;
}
