/** The minimal EIP-1193 provider surface the site uses. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
}

/** EIP-6963 provider info announced by a wallet extension. */
export interface Eip6963ProviderInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

/** One wallet the visitor can pick. */
export interface DiscoveredWallet {
  info: Eip6963ProviderInfo;
  provider: Eip1193Provider;
}

/** An EIP-1193 error (`code` 4001 user rejected, 4902 unknown chain, …). */
export interface ProviderRpcError {
  code: number;
  message: string;
}

/** Whether `error` carries an EIP-1193 / JSON-RPC error `code`. */
export function errorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return code;
  // ethers wraps provider errors: error.info.error.code
  const inner = (error as { info?: { error?: { code?: unknown } } }).info?.error?.code;
  return typeof inner === 'number' ? inner : undefined;
}
