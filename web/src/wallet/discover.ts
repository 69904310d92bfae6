import type { DiscoveredWallet, Eip1193Provider, Eip6963ProviderInfo } from './eip1193.js';

interface AnnounceDetail {
  info?: Partial<Eip6963ProviderInfo>;
  provider?: Eip1193Provider;
}

const text = (value: unknown, max: number): string =>
  typeof value === 'string' ? value.slice(0, max) : '';

/**
 * Discovers wallets through EIP-6963 and calls `onChange` with the growing list; a legacy
 * `window.ethereum` is offered when no wallet announces itself. Returns a stop function.
 *
 * @example
 * const stop = discoverWallets((wallets) => render(wallets));
 */
export function discoverWallets(onChange: (wallets: DiscoveredWallet[]) => void): () => void {
  const wallets = new Map<string, DiscoveredWallet>();
  const publish = () => {
    const list = [...wallets.values()];
    const legacy = (window as { ethereum?: Eip1193Provider }).ethereum;
    if (list.length === 0 && legacy && typeof legacy.request === 'function') {
      list.push({
        info: {
          uuid: 'window.ethereum',
          name: 'Browser wallet',
          icon: '',
          rdns: 'window.ethereum',
        },
        provider: legacy,
      });
    }
    onChange(list);
  };
  const onAnnounce = (event: Event) => {
    const detail = (event as CustomEvent<AnnounceDetail>).detail;
    if (!detail?.provider || typeof detail.provider.request !== 'function') return;
    const uuid = text(detail.info?.uuid, 100) || `wallet-${wallets.size}`;
    // Wallet-supplied strings are untrusted like everything else: kept short, rendered as text.
    const icon = text(detail.info?.icon, 100_000);
    wallets.set(uuid, {
      info: {
        uuid,
        name: text(detail.info?.name, 60) || 'Wallet',
        icon: /^data:image\/(png|svg\+xml|webp|jpeg|gif);/.test(icon) ? icon : '',
        rdns: text(detail.info?.rdns, 100),
      },
      provider: detail.provider,
    });
    publish();
  };
  window.addEventListener('eip6963:announceProvider', onAnnounce);
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  // Give announcements a tick before offering the legacy provider.
  const timer = setTimeout(publish, 50);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('eip6963:announceProvider', onAnnounce);
  };
}
