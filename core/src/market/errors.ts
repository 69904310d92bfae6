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
