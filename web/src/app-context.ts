import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LoadedConfig } from './config/index.js';
import type { MarketReader } from './market/reader.js';
import type { WalletApi } from './wallet/use-wallet.js';

/** What every page reads: the configuration, the chain reader (null without a market), the wallet. */
export interface AppServices {
  loaded: LoadedConfig;
  reader: MarketReader | null;
  wallet: WalletApi;
  /** Chain time minus the local clock, in seconds (deadlines follow chain time). */
  clockSkew: number;
}

export const AppContext = createContext<AppServices | null>(null);

/** The app's services; only valid under `<AppContext.Provider>`. */
export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices outside AppContext');
  return services;
}
