import { getAddress } from 'ethers';
import { type CidInput, cidToBytes } from '../cid.js';
import type { MarketClient } from '../client.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type TxOverrides, type TxResult, sendMarketTx } from '../send.js';

/** Parameters of {@link createTask}. */
export interface CreateTaskParameters {
  /** The task spec's CID on IPFS. */
  specCid: CidInput;
  /** Escrowed bounty in wei (more than 0). */
  bounty: bigint;
  /** Unix seconds: commits while `now < commitDeadline`. */
  commitDeadline: bigint | number;
  /** Unix seconds: reveals from `commitDeadline` while `now < revealDeadline`. */
  revealDeadline: bigint | number;
  /** Unix seconds: scores while `now < scoringDeadline`; then anyone finalizes. */
  scoringDeadline: bigint | number;
  /** Address whose EIP-712 signatures score submissions. */
  verifier: string;
  /** Lowest winning score (default 0). */
  minScore?: bigint | number;
  overrides?: TxOverrides;
}

/** What {@link createTask} returns. */
export interface CreateTaskReturnType extends TxResult {
  taskId: bigint;
}

/** Errors {@link createTask} throws. */
export type CreateTaskErrorType = MarketError;

/**
 * Creates a task, escrowing `bounty`.
 *
 * @example
 * const { taskId } = await createTask(client, {
 *   specCid: 'bafkrei...', bounty: 10n ** 18n, verifier,
 *   commitDeadline: now + 3600n, revealDeadline: now + 7200n, scoringDeadline: now + 10800n,
 * });
 */
export async function createTask(
  client: MarketClient,
  params: CreateTaskParameters,
): Promise<CreateTaskReturnType> {
  let verifier: string;
  try {
    verifier = getAddress(params.verifier);
  } catch (err) {
    throw new MarketInputError(`verifier is not an address: ${JSON.stringify(params.verifier)}`, {
      cause: err,
    });
  }
  const result = await sendMarketTx(
    client,
    'createTask',
    [
      cidToBytes(params.specCid),
      BigInt(params.commitDeadline),
      BigInt(params.revealDeadline),
      BigInt(params.scoringDeadline),
      verifier,
      BigInt(params.minScore ?? 0),
    ],
    { value: params.bounty, overrides: params.overrides },
  );
  const created = eventsNamed(result.events, 'TaskCreated')[0];
  if (!created) throw new MarketInputError(`createTask ${result.hash}: no TaskCreated event`);
  return { ...result, taskId: created.args.taskId };
}
