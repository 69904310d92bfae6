import { type CidInput, cidToBytes } from '../cid.js';
import type { MarketClient } from '../client.js';
import { MarketInputError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { sortVerifiers } from '../verifier-set.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link createTask}. */
export interface CreateTaskParameters extends MarketTxOptions {
  /** The task spec's CID on IPFS. */
  specCid: CidInput;
  /** Escrowed bounty in wei (more than 0). */
  bounty: bigint;
  /** Unix seconds: commits while `now < commitDeadline` (at least the minimum window from now). */
  commitDeadline: bigint | number;
  /** Unix seconds: reveals from `commitDeadline` while `now < revealDeadline`. */
  revealDeadline: bigint | number;
  /**
   * Unix seconds: scores until then, then anyone finalizes. At least `revealDeadline + 2 *
   * seedWindow + minWindow`, at most a year from now.
   */
  scoringDeadline: bigint | number;
  /** The verifiers (1 to 7, any order: sorted here); not the owner. */
  verifiers?: readonly string[];
  /**
   * One verifier.
   * @deprecated Use `verifiers: [address]`.
   */
  verifier?: string;
  /** Signatures a score needs (m, 1 to n); default 1 with one verifier, required with more. */
  threshold?: number;
  /**
   * Seconds of each half of the seed window (n > 1 only; at least the minimum window); default:
   * the client chain's `minTaskWindow` when n > 1, 0 when n = 1.
   */
  seedWindow?: bigint | number;
  /** Lowest winning score (default 0, at most `MAX_SCORE`). */
  minScore?: bigint | number;
  /** Wei each commit pays, returned on reveal (default 0). */
  commitBond?: bigint;
}

/** What {@link createTask} returns. */
export interface CreateTaskReturnType extends TxResult {
  taskId: bigint;
}

/**
 * Errors {@link createTask} throws: `MarketInputError`, `TaskMarketContractError` (e.g.
 * `WindowTooShort`, `OwnerIsVerifier`, `ScoreTooHigh`), `MarketRevertWithoutDataError`,
 * `MarketTransactionError`.
 */
export type CreateTaskErrorType = MarketError;

/**
 * Creates a task, escrowing `bounty`.
 *
 * @example
 * const { taskId } = await createTask(client, {
 *   specCid: 'bafkrei...', bounty: 10n ** 18n, commitBond: 10n ** 16n,
 *   verifiers: [v1, v2, v3], threshold: 2, seedWindow: 600,
 *   commitDeadline: now + 3600n, revealDeadline: now + 7200n, scoringDeadline: now + 14400n,
 * });
 */
export async function createTask(
  client: MarketClient,
  params: CreateTaskParameters,
): Promise<CreateTaskReturnType> {
  const given = params.verifiers ?? (params.verifier !== undefined ? [params.verifier] : []);
  const verifiers = sortVerifiers(given);
  const n = verifiers.length;
  const threshold = params.threshold ?? (n === 1 ? 1 : undefined);
  if (threshold === undefined) {
    throw new MarketInputError(`a task with ${n} verifiers needs a threshold (1 to ${n})`);
  }
  const seedWindow = BigInt(
    params.seedWindow ?? (n === 1 ? 0 : (client.chain?.minTaskWindow ?? -1)),
  );
  if (seedWindow < 0n) {
    throw new MarketInputError(`a task with ${n} verifiers needs a seedWindow (seconds)`);
  }
  const result = await sendMarketTx(
    client,
    'createTask',
    [
      {
        specCid: cidToBytes(params.specCid),
        commitDeadline: BigInt(params.commitDeadline),
        revealDeadline: BigInt(params.revealDeadline),
        scoringDeadline: BigInt(params.scoringDeadline),
        seedWindow,
        minScore: BigInt(params.minScore ?? 0),
        commitBond: params.commitBond ?? 0n,
        threshold,
        verifiers,
      },
    ],
    { value: params.bounty, ...txOptions(params) },
  );
  const created = eventsNamed(result.events, 'TaskCreated')[0];
  if (!created) throw new MarketInputError(`createTask ${result.hash}: no TaskCreated event`);
  return { ...result, taskId: created.args.taskId };
}
