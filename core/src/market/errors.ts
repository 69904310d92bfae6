/**
 * Errors of the market client. All extend {@link MarketError}; narrow with `instanceof` or
 * `err.name`, never on message text.
 */
import type { TaskMarketErrorArgs, TaskMarketErrorName } from './abi-types.js';

/** Where the contract's errors are documented. */
export const MARKET_DOCS_URL = 'contracts/README.md';

/** Base of every market client error: a one-line `shortMessage`, `details` from the cause. */
export class MarketError extends Error {
  override name = 'MarketError';
  /** One line for the user, without details. */
  readonly shortMessage: string;
  /** Text of the underlying cause, if any. */
  readonly details: string | undefined;
  /** Where to read more. */
  readonly docsUrl = MARKET_DOCS_URL;

  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    const details =
      options.details ?? (options.cause instanceof Error ? options.cause.message : undefined);
    super(details ? `${shortMessage}\nDetails: ${details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** Bad parameters given to a client function (caught before anything is sent). */
export class MarketInputError extends MarketError {
  override name = 'MarketInputError';
}

/** The contract reverted with one of its custom errors; `errorName` and `args` say which and why. */
export class TaskMarketContractError<
  N extends TaskMarketErrorName = TaskMarketErrorName,
> extends MarketError {
  override name = 'TaskMarketContractError';
  constructor(
    readonly errorName: N,
    readonly args: TaskMarketErrorArgs<N>,
    options: { cause?: unknown } = {},
  ) {
    super(`TaskMarket reverted: ${errorName}(${formatArgs(args)})`, {
      cause: options.cause,
      details: options.cause instanceof Error ? shortCause(options.cause) : undefined,
    });
  }

  /** Whether this error is the custom error `name` (narrows `args`). */
  is<M extends TaskMarketErrorName>(name: M): this is TaskMarketContractError<M> {
    return (this.errorName as string) === name;
  }
}

/** A call or transaction failed without a TaskMarket custom error (network, funds, panic, ...). */
export class MarketTransactionError extends MarketError {
  override name = 'MarketTransactionError';
}

/** Whether `err` is a {@link TaskMarketContractError}, optionally of the custom error `name`. */
export function isTaskMarketContractError<N extends TaskMarketErrorName>(
  err: unknown,
  name?: N,
): err is TaskMarketContractError<N> {
  return err instanceof TaskMarketContractError && (name === undefined || err.errorName === name);
}

function formatArgs(args: object): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function shortCause(err: Error): string {
  const message = (err as { shortMessage?: string }).shortMessage ?? err.message;
  return message.split('\n')[0] ?? message;
}

/**
 * A call or transaction was refused without revert data, as Theta's ETH-RPC adaptor answers every
 * revert: the reason is unknown, so re-read the chain state (task, submission, credit) to decide
 * what happened instead of guessing from the message.
 */
export class MarketRevertWithoutDataError extends MarketError {
  override name = 'MarketRevertWithoutDataError';
  constructor(
    /** The contract function that was called. */
    readonly functionName: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${functionName} was refused without revert data: re-read the chain state`, {
      cause: options.cause,
    });
  }
}

/** A transaction was mined but failed (receipt status 0); no revert data exists in a receipt. */
export class MarketTransactionRevertedError extends MarketError {
  override name = 'MarketTransactionRevertedError';
  constructor(
    /** The transaction hash. */
    readonly hash: string,
    /** The block it was mined in. */
    readonly blockNumber: number,
    /** The contract function, when known. */
    readonly functionName?: string,
  ) {
    super(
      `${functionName ?? 'transaction'} ${hash} failed in block ${blockNumber}: re-read the chain state`,
    );
  }
}

/** A transaction was not mined before the timeout (it may still be; wait again or replace it by nonce). */
export class MarketReceiptTimeoutError extends MarketError {
  override name = 'MarketReceiptTimeoutError';
  constructor(
    readonly hash: string,
    readonly timeoutMs: number,
  ) {
    super(`transaction ${hash} was not mined within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** Fewer than the task's threshold of valid, distinct verifier signatures were given for a score. */
export class ScoreQuorumError extends MarketError {
  override name = 'ScoreQuorumError';
  constructor(
    readonly taskId: bigint,
    readonly submissionId: bigint,
    /** Valid signatures from distinct verifiers of the task. */
    readonly valid: number,
    /** The task's threshold m. */
    readonly threshold: number,
  ) {
    super(
      `task ${taskId} submission ${submissionId}: ${valid} valid verifier signature(s), the task needs ${threshold}`,
    );
  }
}

/** Creation details, a submission or a reveal that the chain's events should hold were not found. */
export class MarketEventNotFoundError extends MarketError {
  override name = 'MarketEventNotFoundError';
}
