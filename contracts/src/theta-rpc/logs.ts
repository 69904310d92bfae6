import type { Height } from './block-tags.js';
import { heightByTag } from './block-tags.js';
import { methodError } from './errors.js';
import { type AnvilLog, ZERO_ADDRESS, ZERO_HASH, quantity } from './shapes.js';
import type { Upstream } from './upstream.js';

/** `eth_getLogs`' filter object as the adaptor decodes it (`EthGetLogsArgs`). */
export interface LogFilter {
  fromBlock?: unknown;
  toBlock?: unknown;
  address?: unknown;
  topics?: unknown;
  blockhash?: unknown;
}

/** Addresses: one string, or a list; anything else means no address filter. */
function parseAddresses(value: unknown): string[] {
  if (typeof value === 'string') return [value.toLowerCase()];
  if (Array.isArray(value)) return value.map((v) => String(v).toLowerCase());
  return [];
}

/**
 * Topics: a string is one position, a list is alternatives at one position, and `null` is
 * dropped, so the positions after it shift left (the adaptor's `case nil: break`).
 */
function parseTopics(value: unknown): string[][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw methodError(`invalid args.Topics type: ${JSON.stringify(value)}`);
  const filter: string[][] = [];
  for (const item of value) {
    if (typeof item === 'string') filter.push([item.toLowerCase()]);
    else if (Array.isArray(item)) filter.push(item.map((t) => String(t).toLowerCase()));
    else if (item !== null) throw methodError(`invalid args.Topics type: ${JSON.stringify(value)}`);
  }
  return filter;
}

/** A log matches when each filter position has it (a log with fewer topics stops the check). */
function topicsMatch(filter: string[][], topics: string[]): boolean {
  for (let i = 0; i < filter.length; i++) {
    if (i >= topics.length) break;
    const alternatives = filter[i]!;
    if (alternatives.length === 0) continue;
    const topic = topics[i]!.toLowerCase();
    if (!alternatives.some((t) => t === ZERO_HASH || t === topic)) return false;
  }
  return true;
}

const tagOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * `eth_getLogs`: a block hash, or a range of at most `maxRange` blocks (start and end swapped
 * when reversed; `latest`, `pending` or nothing mean the last finalized block), filtered by the
 * adaptor's rules; `logIndex` counts within the transaction's receipt.
 */
export async function getLogs(
  upstream: Upstream,
  filter: LogFilter,
  maxRange: number,
): Promise<Record<string, unknown>[]> {
  const addresses = parseAddresses(filter.address);
  const topics = parseTopics(filter.topics);
  const byAddress = !(
    addresses.length === 0 ||
    (addresses.length === 1 && addresses[0] === ZERO_ADDRESS)
  );
  let query: Record<string, string>;
  const blockhash = typeof filter.blockhash === 'string' ? filter.blockhash : undefined;
  if (blockhash && BigInt(blockhash) !== 0n) {
    query = { blockHash: blockhash };
  } else {
    const current = BigInt(await upstream<string>('eth_blockNumber'));
    const resolve = (tag: string | undefined): bigint => {
      const height: Height = tag === undefined ? 'finalized' : heightByTag(tag);
      return height === 'finalized' ? current : height;
    };
    let start = resolve(tagOf(filter.fromBlock));
    let end = resolve(tagOf(filter.toBlock));
    if (start > end) [start, end] = [end, start];
    if (end - start + 1n > BigInt(maxRange)) {
      throw methodError(
        `block range too large, we currently allow querying for at most ${maxRange} blocks at a time (start: ${start}, end: ${end})`,
      );
    }
    // Theta returns the blocks it has: nothing past the finalized one.
    if (start > current) return [];
    query = { fromBlock: quantity(start), toBlock: quantity(end > current ? current : end) };
  }
  const logs = await upstream<AnvilLog[]>('eth_getLogs', [query]);
  const perTransaction = new Map<string, number>();
  const result: Record<string, unknown>[] = [];
  for (const log of logs) {
    const index = perTransaction.get(log.transactionHash) ?? 0;
    perTransaction.set(log.transactionHash, index + 1);
    if (byAddress && !addresses.includes(log.address.toLowerCase())) continue;
    if (!topicsMatch(topics, log.topics)) continue;
    result.push({
      logIndex: quantity(index),
      transactionIndex: quantity(log.transactionIndex),
      transactionHash: log.transactionHash.toLowerCase(),
      blockHash: log.blockHash.toLowerCase(),
      blockNumber: quantity(log.blockNumber),
      address: log.address.toLowerCase(),
      data: log.data,
      topics: log.topics.map((t) => t.toLowerCase()),
      type: 'mined',
    });
  }
  return result;
}
