import { chainById, explorerTxUrl } from '@tem/core/market';
import { useServices } from '../app-context.js';
import type { TxState } from '../market/use-transaction.js';
import { shortHex } from '../format/index.js';
import { SafeLink } from './safe-link.js';

/** Live region showing a transaction's state: waiting for the wallet, pending, confirmed, failed. */
export function TxStatus({ state }: { state: TxState }) {
  const { loaded } = useServices();
  if (state.status === 'idle') return <p class="tx-status" role="status" aria-live="polite" />;
  const txHash = 'hash' in state ? state.hash : undefined;
  const hash = txHash ? ` (${shortHex(txHash, 6)})` : '';
  const chain = chainById(loaded.config.chainId);
  const explorer = txHash && chain ? explorerTxUrl(chain, txHash) : undefined;
  const text =
    state.status === 'signing'
      ? `${state.label}: confirm in your wallet…`
      : state.status === 'pending'
        ? `${state.label}: pending${hash}…`
        : state.status === 'confirmed'
          ? `${state.label}: confirmed${hash}.`
          : `${state.label} failed: ${state.message}`;
  return (
    <p
      class={`tx-status tx-${state.status}`}
      role={state.status === 'failed' ? 'alert' : 'status'}
      aria-live="polite"
      data-tx={state.status}
    >
      {text}
      {explorer ? (
        <>
          {' '}
          <SafeLink href={explorer}>View on the explorer</SafeLink>
        </>
      ) : null}
    </p>
  );
}
