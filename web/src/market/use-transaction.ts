import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';
import { useCallback, useState } from 'preact/hooks';
import { describeTxError } from './decode-error.js';

/** Where a transaction is: asking the wallet, mined-pending, confirmed, or failed with a reason. */
export type TxState =
  | { status: 'idle' }
  | { status: 'signing'; label: string }
  | { status: 'pending'; label: string; hash: string }
  | { status: 'confirmed'; label: string; hash: string }
  | { status: 'failed'; label: string; message: string; hash?: string };

/** Runs one transaction at a time and tracks its state for `<TxStatus>`. */
export function useTransaction() {
  const [state, setState] = useState<TxState>({ status: 'idle' });
  const run = useCallback(
    async (
      label: string,
      send: () => Promise<ContractTransactionResponse>,
    ): Promise<TransactionReceipt | null> => {
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
    },
    [],
  );
  return { state, run, busy: state.status === 'signing' || state.status === 'pending' };
}
