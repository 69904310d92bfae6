/**
 * True when a node refused a transaction because it has it or its nonce is taken: already mined
 * ("nonce too low"), already in its mempool ("already known", "already imported", Theta's
 * "Transaction already seen"), or another transaction with that nonce is pending ("replacement
 * underpriced"). Theta's ledger says "Got 5, expected 6" for a used sequence (nonce + 1).
 * For a rebroadcast this means: wait and look at the chain again.
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
      /already known|already imported|already seen|nonce too low|nonce has already been used|replacement transaction underpriced/i.test(
        text,
      )
    )
      return true;
    const sequence = /Got (\d+), expected (\d+)/.exec(text);
    if (sequence && Number(sequence[1]) < Number(sequence[2])) return true;
    e = cause;
  }
  return false;
}
