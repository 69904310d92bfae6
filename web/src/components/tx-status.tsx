import type { TxState } from '../market/use-transaction.js';
import { shortHex } from '../format/index.js';

/** Live region showing a transaction's state: waiting for the wallet, pending, confirmed, failed. */
export function TxStatus({ state }: { state: TxState }) {
  if (state.status === 'idle') return <p class="tx-status" role="status" aria-live="polite" />;
  const hash = 'hash' in state && state.hash ? ` (${shortHex(state.hash, 6)})` : '';
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
    </p>
  );
}
