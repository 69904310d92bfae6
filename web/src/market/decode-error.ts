import {
  MarketError,
  MarketRevertWithoutDataError,
  MarketTransactionRevertedError,
  TaskMarketContractError,
  decodeTaskMarketError,
} from '@tem/core/market';

const formatArg = (value: unknown): string =>
  typeof value === 'bigint'
    ? value.toString()
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** The error and the errors it wraps (`cause`, ethers' `error`), outermost first. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    yield record;
    current = record.cause ?? record.error;
  }
}

const rejected = (error: unknown) =>
  [...causes(error)].some((e) => e.code === 'ACTION_REJECTED' || e.code === 4001);

/**
 * A short, human sentence for a failed transaction: the decoded custom error with its values
 * (`CommitWindowClosed(taskId: 3, commitDeadline: 1764…)`), a rejection by the user, a refusal
 * without revert data (then the caller re-reads the chain, see `use-transaction.ts`), or the
 * wallet's or provider's own message.
 */
export function describeTxError(error: unknown): string {
  if (rejected(error)) return 'You rejected the request in your wallet.';
  const decoded = error instanceof TaskMarketContractError ? error : decodeTaskMarketError(error);
  if (decoded) {
    const args = Object.entries(decoded.args as Record<string, unknown>).map(
      ([k, v]) => `${k}: ${formatArg(v)}`,
    );
    return `The contract refused: ${decoded.errorName}(${args.join(', ')})`;
  }
  if (error instanceof MarketRevertWithoutDataError) {
    return `The contract refused ${error.functionName} without saying why (this RPC returns no revert data).`;
  }
  if (error instanceof MarketTransactionRevertedError) {
    return `The transaction failed on chain in block ${error.blockNumber}.`;
  }
  // ethers wraps wallet errors it cannot classify; the wallet's own message is the useful one.
  for (const e of causes(error)) {
    const inner = (e.error as { message?: unknown } | undefined)?.message;
    if (typeof inner === 'string') return inner.slice(0, 300);
  }
  if (error instanceof MarketError) return error.shortMessage.slice(0, 300);
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  if (typeof short === 'string') return short.slice(0, 300);
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
