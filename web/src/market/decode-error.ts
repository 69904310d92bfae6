import { decodeTaskMarketError } from '@tem/core/market';

const formatArg = (value: unknown): string =>
  typeof value === 'bigint'
    ? value.toString()
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * A short, human sentence for a failed transaction: the decoded custom error with its values
 * (`CommitWindowClosed(taskId: 3, commitDeadline: 1764…)`), a rejection by the user, or the
 * provider's message.
 */
export function describeTxError(error: unknown): string {
  const decoded = decodeTaskMarketError(error);
  if (decoded) {
    const args = Object.entries(decoded.args as Record<string, unknown>).map(
      ([k, v]) => `${k}: ${formatArg(v)}`,
    );
    return `The contract refused: ${decoded.errorName}(${args.join(', ')})`;
  }
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ACTION_REJECTED' || code === 4001)
      return 'You rejected the request in your wallet.';
    // ethers wraps wallet errors it cannot classify; the wallet's own message is more useful.
    const inner = (error as { error?: { message?: unknown } }).error?.message;
    if (typeof inner === 'string') return inner.slice(0, 300);
    const short = (error as { shortMessage?: unknown }).shortMessage;
    if (typeof short === 'string') return short;
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
