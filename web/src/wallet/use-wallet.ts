import { BrowserProvider, type JsonRpcSigner } from 'ethers';
import { chainById } from '@tem/core/market';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { SiteConfig } from '../config/index.js';
import { discoverWallets } from './discover.js';
import type { DiscoveredWallet } from './eip1193.js';
import { switchNetwork, walletChainId } from './switch-network.js';
import { chainExplorer, chainName } from './chain-names.js';

/** A connected wallet: which one, its account, and the chain it is on. */
export interface WalletConnection {
  wallet: DiscoveredWallet;
  address: string;
  chainId: number;
}

/** Wallet state and actions offered to the pages. */
export interface WalletApi {
  wallets: DiscoveredWallet[];
  connection: WalletConnection | null;
  /** Whether the wallet is on the configured chain. */
  onRightChain: boolean;
  error: string | null;
  connect(wallet: DiscoveredWallet): Promise<void>;
  disconnect(): void;
  switchToSiteChain(): Promise<void>;
  /** An ethers signer for the connected account on the site's chain. */
  signer(): Promise<JsonRpcSigner>;
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 300);

/** Discovers wallets (EIP-6963, then window.ethereum) and tracks the connected account. */
export function useWallet(config: SiteConfig): WalletApi {
  const [wallets, setWallets] = useState<DiscoveredWallet[]>([]);
  const [connection, setConnection] = useState<WalletConnection | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => discoverWallets(setWallets), []);

  useEffect(() => {
    const provider = connection?.wallet.provider;
    if (!provider?.on) return;
    const onAccounts = (accounts: unknown) => {
      const first = Array.isArray(accounts) ? accounts[0] : undefined;
      if (typeof first !== 'string') setConnection(null);
      else setConnection((c) => (c ? { ...c, address: first } : c));
    };
    const onChain = (id: unknown) => {
      const chainId = typeof id === 'string' ? Number.parseInt(id, 16) : Number(id);
      setConnection((c) => (c ? { ...c, chainId } : c));
    };
    provider.on('accountsChanged', onAccounts);
    provider.on('chainChanged', onChain);
    return () => {
      provider.removeListener?.('accountsChanged', onAccounts);
      provider.removeListener?.('chainChanged', onChain);
    };
  }, [connection?.wallet]);

  const connect = useCallback(async (wallet: DiscoveredWallet) => {
    setError(null);
    try {
      const accounts = await wallet.provider.request({ method: 'eth_requestAccounts' });
      const address = Array.isArray(accounts) ? accounts[0] : undefined;
      if (typeof address !== 'string') throw new Error('the wallet shared no account');
      setConnection({ wallet, address, chainId: await walletChainId(wallet.provider) });
    } catch (e) {
      setError(`Could not connect: ${describe(e)}`);
    }
  }, []);

  const switchToSiteChain = useCallback(async () => {
    if (!connection) return;
    setError(null);
    try {
      await switchNetwork(connection.wallet.provider, {
        chainId: config.chainId,
        chainName: chainName(config.chainId),
        rpcUrl: config.rpcUrl,
        explorerUrl: chainExplorer(config.chainId),
      });
      setConnection({ ...connection, chainId: config.chainId });
    } catch (e) {
      setError(describe(e));
    }
  }, [connection, config]);

  const signer = useCallback(async () => {
    if (!connection) throw new Error('connect a wallet first');
    if ((await walletChainId(connection.wallet.provider)) !== config.chainId) {
      await switchNetwork(connection.wallet.provider, {
        chainId: config.chainId,
        chainName: chainName(config.chainId),
        rpcUrl: config.rpcUrl,
        explorerUrl: chainExplorer(config.chainId),
      });
    }
    const provider = new BrowserProvider(connection.wallet.provider, config.chainId);
    // Poll for receipts at half the chain's block time (Theta: 3 s; the local chain: 0.5 s).
    provider.pollingInterval = ((chainById(config.chainId)?.blockTimeSeconds ?? 6) * 1000) / 2;
    return provider.getSigner(connection.address);
  }, [connection, config]);

  return useMemo(
    () => ({
      wallets,
      connection,
      onRightChain: connection?.chainId === config.chainId,
      error,
      connect,
      disconnect: () => setConnection(null),
      switchToSiteChain,
      signer,
    }),
    [wallets, connection, error, connect, switchToSiteChain, signer, config.chainId],
  );
}
