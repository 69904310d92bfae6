/** A block height as the adaptor reads a tag (`common.GetHeightByTag`). */
export type Height = bigint | 'finalized';

/**
 * `latest` and `pending` mean the last finalized block; `earliest` is block 1; anything else
 * is read as hex with or without `0x`, and what does not parse (`safe`, `finalized`, decimal
 * with other digits) is block 0, as Go's ignored `strconv.ParseUint` error leaves it.
 */
export function heightByTag(tag: string): Height {
  if (tag === 'latest' || tag === 'pending') return 'finalized';
  if (tag === 'earliest') return 1n;
  const digits = tag.startsWith('0x') ? tag.slice(2) : tag;
  if (!/^[0-9a-fA-F]{1,16}$/.test(digits)) return 0n;
  return BigInt(`0x${digits}`);
}
