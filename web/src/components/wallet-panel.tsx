import { useServices } from '../app-context.js';
import { Address } from './address.js';
import { chainName } from '../wallet/index.js';
import { useBalance } from './use-balance.js';
import { Tfuel } from './tfuel.js';

/** Header panel: wallet choice, connected address, TFuel balance, network switch. */
export function WalletPanel() {
  const { wallet, loaded } = useServices();
  const balance = useBalance(wallet.connection?.address ?? null);
  if (!wallet.connection) {
    return (
      <div class="wallet-panel">
        {wallet.wallets.length === 0 ? (
          <span class="muted">No wallet found: browsing read-only.</span>
        ) : (
          wallet.wallets.map((w) => (
            <button type="button" key={w.info.uuid} onClick={() => void wallet.connect(w)}>
              {w.info.icon ? <img src={w.info.icon} alt="" width={16} height={16} /> : null}
              Connect {w.info.name}
            </button>
          ))
        )}
        {wallet.error ? (
          <span role="alert" class="error">
            {wallet.error}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <div class="wallet-panel">
      <span>
        <span class="visually-hidden">Connected account </span>
        <Address value={wallet.connection.address} />
      </span>
      {balance !== null ? (
        <span data-testid="wallet-balance">
          <Tfuel wei={balance} />
        </span>
      ) : null}
      {wallet.onRightChain ? (
        <span class="muted">{chainName(loaded.config.chainId)}</span>
      ) : (
        <button type="button" onClick={() => void wallet.switchToSiteChain()}>
          Switch to {chainName(loaded.config.chainId)}
        </button>
      )}
      <button type="button" class="link-button" onClick={wallet.disconnect}>
        Disconnect
      </button>
      {wallet.error ? (
        <span role="alert" class="error">
          {wallet.error}
        </span>
      ) : null}
    </div>
  );
}
