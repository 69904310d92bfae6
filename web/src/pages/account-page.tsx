import { getAddress } from 'ethers';
import { getCredit, withdraw, withdrawTo } from '@tem/core/market';
import { useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { Tfuel } from '../components/tfuel.js';
import { TxStatus } from '../components/tx-status.js';
import { refreshAll, useBalance } from '../components/use-balance.js';
import { useAsync } from '../components/use-async.js';
import { explainWithdrawRefusal } from '../market/explain-refusal.js';
import { useTransaction } from '../market/use-transaction.js';
import { chainName } from '../wallet/index.js';

/** A payee as typed, checksummed, or why it is not one. */
function parsePayee(text: string): { ok: true; address: string } | { ok: false; message: string } {
  const t = text.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(t)) {
    return { ok: false, message: 'Enter an address: 0x followed by 40 hexadecimal digits.' };
  }
  let address: string;
  try {
    address = getAddress(t);
  } catch {
    return { ok: false, message: 'That address has a wrong checksum (mixed case): check it.' };
  }
  if (BigInt(address) === 0n) return { ok: false, message: 'The zero address cannot receive.' };
  return { ok: true, address };
}

/**
 * The connected account: address, TFuel balance, credited winnings or refunds, withdraw to itself
 * or to another address (`withdrawTo`, for an account that cannot receive TFuel itself).
 */
export function AccountPage() {
  const { wallet, reader, loaded } = useServices();
  const address = wallet.connection?.address ?? null;
  const balance = useBalance(address);
  const credit = useAsync(
    async () => (reader && address ? reader.creditOf(address) : null),
    [reader, address],
  );
  const tx = useTransaction();
  // The credit just withdrawn: the buttons stay disabled until the chain shows another amount.
  const [withdrawn, setWithdrawn] = useState<bigint | null>(null);
  const [payee, setPayee] = useState('');
  const [payeeError, setPayeeError] = useState<string | null>(null);

  if (!wallet.connection) {
    return (
      <section>
        <h1>Account</h1>
        <p>Connect a wallet (top right) to see your balance and withdraw winnings or refunds.</p>
      </section>
    );
  }
  const creditValue = credit.status === 'ready' ? credit.value : null;
  const disabled = !reader || tx.busy || !creditValue || creditValue === withdrawn;
  const account = wallet.connection.address;

  const send = async (to: string | null) => {
    if (!creditValue) return;
    const sending = creditValue;
    const result = await tx.run(
      to ? 'Withdraw to another address' : 'Withdraw',
      (client, options) =>
        to ? withdrawTo(client, { payee: to, ...options }) : withdraw(client, options),
      async () =>
        reader ? explainWithdrawRefusal(await getCredit(reader.client, { account }), to) : null,
    );
    if (!result) return;
    setWithdrawn(sending);
    refreshAll();
  };

  return (
    <section aria-labelledby="account-heading">
      <h1 id="account-heading">Account</h1>
      <dl class="account">
        <dt>Address</dt>
        <dd>
          <Address value={account} />
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
      <p>
        <button type="button" disabled={disabled} onClick={() => void send(null)}>
          Withdraw
        </button>
      </p>
      <form
        class="withdraw-to"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parsePayee(payee);
          setPayeeError(parsed.ok ? null : parsed.message);
          if (parsed.ok) void send(parsed.address);
        }}
      >
        <label for="payee">Or send it to another address</label>
        <p id="payee-help" class="help">
          For an account that cannot receive TFuel itself (a contract without a way to receive it),
          or to collect winnings elsewhere. Your whole credit goes there.
        </p>
        <input
          id="payee"
          name="payee"
          value={payee}
          autoComplete="off"
          spellcheck={false}
          aria-invalid={payeeError ? 'true' : undefined}
          aria-describedby={payeeError ? 'payee-help payee-error' : 'payee-help'}
          onInput={(e) => {
            setPayee(e.currentTarget.value);
            setPayeeError(null);
          }}
        />
        {payeeError ? (
          <p id="payee-error" class="error">
            {payeeError}
          </p>
        ) : null}
        <button type="submit" disabled={disabled}>
          Withdraw to this address
        </button>
      </form>
      <TxStatus state={tx.state} />
    </section>
  );
}
