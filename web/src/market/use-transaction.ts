import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';
import { useCallback, useRef, useState } from 'preact/hooks';
import { describeTxError } from './decode-error.js';

/** Where a transaction is: asking the wallet, mined-pending, confirmed, or failed with a reason. */
export type TxState =
  | { status: 'idle' }
  | { status: 'signing'; label: string }
  | { status: 'pending'; label: string; hash: string }
  | { status: 'confirmed'; label: string; hash: string }
  | { status: 'failed'; label: string; message: string; hash?: string };

/** Sends one transaction and reports each state; the receipt once confirmed, else null. */
async function sendAndTrack(
  label: string,
  send: () => Promise<ContractTransactionResponse>,
  setState: (state: TxState) => void,
): Promise<TransactionReceipt | null> {
  setState({ status: 'signing', label });
  let hash: string | undefined;
  try {
    const tx = await send();
    hash = tx.hash;
    setState({ status: 'pending', label, hash });
    const receipt = await tx.wait();
    if (!receipt || receipt.status !== 1) throw new Error('the transaction reverted');
    setState({ status: 'confirmed', label, hash });
    return receipt;
  } catch (error) {
    setState({
      status: 'failed',
      label,
      message: describeTxError(error),
      ...(hash ? { hash } : {}),
    });
    return null;
  }
}

/**
 * Runs one transaction at a time and tracks its state for `<TxStatus>`. A second `run` while one
 * is in flight (a double click lands before the button re-renders disabled) is refused, so
 * nothing is sent twice. `done` stays true after a confirmation, for buttons whose action must
 * not repeat until the page has re-read the chain.
 */
export function useTransaction() {
  const [state, setState] = useState<TxState>({ status: 'idle' });
  const inFlight = useRef(false);
  const run = useCallback(
    async (
      label: string,
      send: () => Promise<ContractTransactionResponse>,
    ): Promise<TransactionReceipt | null> => {
      if (inFlight.current) return null;
      inFlight.current = true;
      try {
        return await sendAndTrack(label, send, setState);
      } finally {
        inFlight.current = false;
      }
    },
    [],
  );
  return {
    state,
    run,
    busy: state.status === 'signing' || state.status === 'pending',
    done: state.status === 'confirmed',
  };
}
