/**
 * True when a node refused a transaction because its nonce is taken: already mined ("nonce too
 * low"), or a transaction with that nonce is still pending ("already known", "replacement
 * underpriced"). For a resend with a saved nonce this means: wait and look at the chain again.
 */
export function isNonceTaken(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, shortMessage, cause } = e as {
      code?: unknown;
      message?: unknown;
      shortMessage?: unknown;
      cause?: unknown;
    };
    if (code === 'NONCE_EXPIRED' || code === 'REPLACEMENT_UNDERPRICED') return true;
    const text = `${String(message ?? '')} ${String(shortMessage ?? '')}`;
    if (
      /already known|already imported|nonce too low|nonce has already been used|replacement transaction underpriced/i.test(
        text,
      )
    )
      return true;
    e = cause;
  }
  return false;
}
