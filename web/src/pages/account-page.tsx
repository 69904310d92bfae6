import { useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { Tfuel } from '../components/tfuel.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll, useBalance } from '../components/use-balance.js';
import { useAsync } from '../components/use-async.js';
import { useTransaction } from '../market/use-transaction.js';
import { marketWriter } from '../market/writer.js';
import { chainName } from '../wallet/index.js';

/** The connected account: address, TFuel balance, credited winnings or refunds, withdraw. */
export function AccountPage() {
  const { wallet, reader, loaded } = useServices();
  const address = wallet.connection?.address ?? null;
  const balance = useBalance(address);
  const credit = useAsync(
    async () => (reader && address ? reader.creditOf(address) : null),
    [reader, address],
  );
  const tx = useTransaction();
  // The credit just withdrawn: Withdraw stays disabled until the chain shows another amount.
  const [withdrawn, setWithdrawn] = useState<bigint | null>(null);
  const market = loaded.config.marketAddress;

  if (!wallet.connection) {
    return (
      <section>
        <h1>Account</h1>
        <p>Connect a wallet (top right) to see your balance and withdraw winnings or refunds.</p>
      </section>
    );
  }
  const creditValue = credit.status === 'ready' ? credit.value : null;
  return (
    <section aria-labelledby="account-heading">
      <h1 id="account-heading">Account</h1>
      <dl class="account">
        <dt>Address</dt>
        <dd>
          <Address value={wallet.connection.address} />
        </dd>
        <dt>Network</dt>
        <dd>
          {chainName(wallet.connection.chainId)}
          {wallet.onRightChain ? '' : ` (this site uses ${chainName(loaded.config.chainId)})`}
        </dd>
        <dt>Balance</dt>
        <dd>{balance === null ? '…' : <Tfuel wei={balance} />}</dd>
        <dt>Withdrawable</dt>
        <dd data-testid="credit">{creditValue === null ? '…' : <Tfuel wei={creditValue} />}</dd>
      </dl>
      <button
        type="button"
        disabled={!market || tx.busy || !creditValue || creditValue === withdrawn}
        onClick={async () => {
          if (!market || !creditValue) return;
          const sending = creditValue;
          const receipt = await tx.run('Withdraw', async () =>
            marketWriter(await wallet.signer(), market, loaded.config.chainId).withdraw(),
          );
          if (!receipt) return;
          setWithdrawn(sending);
          refreshAll();
        }}
      >
        Withdraw
      </button>
      <TxStatus state={tx.state} />
    </section>
  );
}
