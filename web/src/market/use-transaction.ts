import {
  MarketRevertWithoutDataError,
  MarketTransactionRevertedError,
  createMarketClient,
  type MarketClient,
  type MarketTxOptions,
} from '@tem/core/market';
import { useCallback, useRef, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { describeTxError } from './decode-error.js';

/** Where a transaction is: asking the wallet, sent and pending, confirmed, or failed with a reason. */
export type TxState =
  | { status: 'idle' }
  | { status: 'signing'; label: string }
  | { status: 'pending'; label: string; hash: string }
  | { status: 'confirmed'; label: string; hash: string }
  | { status: 'failed'; label: string; message: string; hash?: string };

/**
 * One market action through core's client: `client` sends with the visitor's wallet and reads
 * through the site's RPC; `options.onSent` must reach the action, so the page shows the pending
 * hash before the receipt.
 */
export type MarketAction<R> = (client: MarketClient, options: MarketTxOptions) => Promise<R>;

/**
 * Re-reads the chain after a refusal that came without revert data (Theta's RPC) and says in
 * words what the state shows, or null when it shows nothing.
 */
export type ExplainRefusal = () => Promise<string | null>;

const withoutReason = (error: unknown) =>
  error instanceof MarketRevertWithoutDataError || error instanceof MarketTransactionRevertedError;

/**
 * Runs one market action at a time and tracks its state for `<TxStatus>`. A second `run` while
 * one is in flight (a double click lands before the button re-renders disabled) is refused, so
 * nothing is sent twice. `done` stays true after a confirmation, for buttons whose action must
 * not repeat until the page has re-read the chain.
 */
export function useTransaction() {
  const { wallet, reader } = useServices();
  const [state, setState] = useState<TxState>({ status: 'idle' });
  const inFlight = useRef(false);
  const run = useCallback(
    async <R extends { hash: string }>(
      label: string,
      action: MarketAction<R>,
      explain?: ExplainRefusal,
    ): Promise<R | null> => {
      if (inFlight.current || !reader) return null;
      inFlight.current = true;
      setState({ status: 'signing', label });
      let hash: string | undefined;
      try {
        const client = createMarketClient({
          address: reader.client.address,
          signer: await wallet.signer(),
          provider: reader.provider,
          ...(reader.client.chain ? { chain: reader.client.chain } : {}),
        });
        const result = await action(client, {
          onSent: (tx) => {
            hash = tx.hash;
            setState({ status: 'pending', label, hash: tx.hash });
          },
        });
        setState({ status: 'confirmed', label, hash: result.hash });
        return result;
      } catch (error) {
        let message = describeTxError(error);
        if (withoutReason(error) && explain) {
          const words = await explain().catch(() => null);
          message = words
            ? `The contract refused: ${words}`
            : `${message} The chain state shows no reason; try again in a moment.`;
        }
        setState({ status: 'failed', label, message, ...(hash ? { hash } : {}) });
        return null;
      } finally {
        inFlight.current = false;
      }
    },
    [wallet, reader],
  );
  return {
    state,
    run,
    busy: state.status === 'signing' || state.status === 'pending',
    done: state.status === 'confirmed',
  };
}
