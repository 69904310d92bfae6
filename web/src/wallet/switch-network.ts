import { errorCode, type Eip1193Provider } from './eip1193.js';

/** What `wallet_addEthereumChain` needs to add a Theta network. */
export interface AddChainParameters {
  chainId: number;
  chainName: string;
  rpcUrl: string;
  explorerUrl?: string;
}

/** The wallet refused to switch to or add the network. */
export class NetworkSwitchError extends Error {
  override name = 'NetworkSwitchError';
}

const hexChainId = (chainId: number) => `0x${chainId.toString(16)}`;

/** The chain id the wallet is on. */
export async function walletChainId(provider: Eip1193Provider): Promise<number> {
  const value = await provider.request({ method: 'eth_chainId' });
  const id = typeof value === 'string' ? Number.parseInt(value, 16) : Number(value);
  if (!Number.isSafeInteger(id))
    throw new NetworkSwitchError(`the wallet reported chain id ${String(value)}`);
  return id;
}

/**
 * Switches the wallet to `params.chainId`, adding the network first when the wallet does not know
 * it (error 4902). Resolves once the wallet reports the chain.
 */
export async function switchNetwork(
  provider: Eip1193Provider,
  params: AddChainParameters,
): Promise<void> {
  if ((await walletChainId(provider)) === params.chainId) return;
  try {
    await provider.request({
      method: 'wallet_switchEthereumChain',
      params: [{ chainId: hexChainId(params.chainId) }],
    });
  } catch (error) {
    if (errorCode(error) !== 4902) {
      throw new NetworkSwitchError(
        `the wallet did not switch to chain ${params.chainId}: ${message(error)}`,
      );
    }
    try {
      await provider.request({
        method: 'wallet_addEthereumChain',
        params: [
          {
            chainId: hexChainId(params.chainId),
            chainName: params.chainName,
            nativeCurrency: { name: 'TFuel', symbol: 'TFUEL', decimals: 18 },
            rpcUrls: [params.rpcUrl],
            ...(params.explorerUrl ? { blockExplorerUrls: [params.explorerUrl] } : {}),
          },
        ],
      });
    } catch (addError) {
      throw new NetworkSwitchError(
        `the wallet did not add chain ${params.chainId}: ${message(addError)}`,
      );
    }
  }
  const now = await walletChainId(provider);
  if (now !== params.chainId) {
    throw new NetworkSwitchError(`the wallet is on chain ${now}, not ${params.chainId}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error
    ? error.message
    : typeof error === 'object' && error && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
}
