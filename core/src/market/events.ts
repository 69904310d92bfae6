import { type Log, Result } from 'ethers';
import type { TaskMarketEventArgs, TaskMarketEventName } from './abi-types.js';
import { type MarketClient, taskMarketInterface } from './client.js';
import { THETA_MAX_LOG_BLOCK_RANGE } from './chains.js';
import { toMarketError } from './contract-error.js';
import { MarketInputError } from './errors.js';

/** A decoded TaskMarket event with where it happened; narrow on `eventName`. */
export type TaskMarketEvent = {
  [N in TaskMarketEventName]: {
    eventName: N;
    args: TaskMarketEventArgs<N>;
    blockNumber: number;
    transactionHash: string;
    logIndex: number;
  };
}[TaskMarketEventName];

/** The event `N` among decoded events. */
export type TaskMarketEventOf<N extends TaskMarketEventName> = Extract<
  TaskMarketEvent,
  { eventName: N }
>;

/** Decodes one log of TaskMarket; `undefined` if it is not one of its events. */
export function decodeMarketLog(
  log: Pick<Log, 'topics' | 'data' | 'blockNumber' | 'transactionHash' | 'index'>,
): TaskMarketEvent | undefined {
  let parsed;
  try {
    parsed = taskMarketInterface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name] = plainValue(parsed.args[i]);
  });
  return {
    eventName: parsed.name,
    args,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
    logIndex: log.index,
  } as TaskMarketEvent;
}

/** An ethers `Result` (how ethers decodes arrays) as a plain array, recursively. */
function plainValue(value: unknown): unknown {
  return value instanceof Result ? Array.from(value, plainValue) : value;
}

/** The TaskMarket events of a receipt, in log order (logs of other contracts are skipped). */
export function receiptEvents(
  client: Pick<MarketClient, 'address'>,
  receipt: { logs: readonly Log[] },
): TaskMarketEvent[] {
  const address = client.address.toLowerCase();
  const events: TaskMarketEvent[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const event = decodeMarketLog(log);
    if (event) events.push(event);
  }
  return events;
}

/** Events named `name` among `events`. */
export function eventsNamed<N extends TaskMarketEventName>(
  events: readonly TaskMarketEvent[],
  name: N,
): TaskMarketEventOf<N>[] {
  return events.filter((e): e is TaskMarketEventOf<N> => e.eventName === name);
}

/** Parameters of {@link scanEvents}. */
export interface ScanEventsParameters {
  /** First block to scan (e.g. the deployment block). */
  fromBlock: number;
  /** Last block to scan, inclusive; default: the latest block. */
  toBlock?: number;
  /** Only these events; default: all. */
  eventNames?: readonly TaskMarketEventName[];
  /** Only events whose `taskId` argument equals this. */
  taskId?: bigint | number;
  /** Blocks per `eth_getLogs` query; at most 5000 (Theta's limit), which is also the default. */
  windowSize?: number;
  /** Called after each window with the last block scanned (for progress and resumable scans). */
  onWindow?: (info: { fromBlock: number; toBlock: number; events: TaskMarketEvent[] }) => void;
}

/** What {@link scanEvents} returns. */
export interface ScanEventsReturnType {
  events: TaskMarketEvent[];
  /** The last block scanned: resume from `toBlock + 1`. */
  toBlock: number;
}

/**
 * Scans TaskMarket's events in windows of at most 5000 blocks (Theta's `eth_getLogs` limit).
 *
 * @example
 * const { events, toBlock } = await scanEvents(client, { fromBlock: deployment.block, eventNames: ['TaskCreated'] });
 */
export async function scanEvents(
  client: MarketClient,
  params: ScanEventsParameters,
): Promise<ScanEventsReturnType> {
  const events: TaskMarketEvent[] = [];
  let last = params.fromBlock - 1;
  for await (const window of scanEventWindows(client, params)) {
    events.push(...window.events);
    last = window.toBlock;
  }
  return { events, toBlock: last };
}

/** Like {@link scanEvents}, one window at a time (so a caller can stop or checkpoint between windows). */
export async function* scanEventWindows(
  client: MarketClient,
  params: ScanEventsParameters,
): AsyncGenerator<{ fromBlock: number; toBlock: number; events: TaskMarketEvent[] }> {
  const limit = client.chain?.maxLogBlockRange ?? THETA_MAX_LOG_BLOCK_RANGE;
  const windowSize = params.windowSize ?? limit;
  if (!Number.isSafeInteger(windowSize) || windowSize < 1 || windowSize > limit) {
    throw new MarketInputError(`windowSize must be 1 to ${limit} blocks, got ${windowSize}`);
  }
  if (!Number.isSafeInteger(params.fromBlock) || params.fromBlock < 0) {
    throw new MarketInputError(`fromBlock must be a block number, got ${params.fromBlock}`);
  }
  let toBlock: number;
  try {
    toBlock = params.toBlock ?? (await client.provider.getBlockNumber());
  } catch (err) {
    throw toMarketError(err, 'getBlockNumber');
  }
  const names = params.eventNames;
  const topic0 = names ? names.map((n) => taskMarketInterface.getEvent(n)!.topicHash) : null;
  // taskId is the first indexed argument of every event but Credited and Withdrawn.
  const taskIdFirst =
    names !== undefined && names.every((n) => n !== 'Credited' && n !== 'Withdrawn');
  const taskTopic =
    params.taskId !== undefined && taskIdFirst
      ? `0x${BigInt(params.taskId).toString(16).padStart(64, '0')}`
      : null;
  const topics = taskTopic ? [topic0, taskTopic] : topic0 ? [topic0] : [];

  for (let from = params.fromBlock; from <= toBlock; from += windowSize) {
    const to = Math.min(from + windowSize - 1, toBlock);
    let logs: Log[];
    try {
      logs = await client.provider.getLogs({
        address: client.address,
        fromBlock: from,
        toBlock: to,
        topics,
      });
    } catch (err) {
      throw toMarketError(err, `eth_getLogs ${from}-${to}`);
    }
    const events: TaskMarketEvent[] = [];
    for (const log of logs) {
      const event = decodeMarketLog(log);
      if (!event) continue;
      if (params.taskId !== undefined) {
        const id = (event.args as { taskId?: bigint }).taskId;
        if (id !== BigInt(params.taskId)) continue;
      }
      events.push(event);
    }
    const window = { fromBlock: from, toBlock: to, events };
    params.onWindow?.(window);
    yield window;
  }
}
