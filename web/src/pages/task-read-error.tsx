import { isTaskMarketContractError } from '@tem/core/market';

/** ": <first line of the failure>", from a market error's short message where it has one. */
function readFailure(error: unknown): string {
  if (!(error instanceof Error)) return '';
  const short = (error as { shortMessage?: unknown }).shortMessage;
  const line = typeof short === 'string' ? short : (error.message.split('\n')[0] ?? '');
  return line ? `: ${line.slice(0, 200)}` : '';
}

/**
 * Why a task could not be shown, in words, with a way back: a task id the market never issued
 * (the contract's `TaskNotFound`) or a read that failed (RPC down, a malformed answer).
 */
export function TaskReadError({ taskId, error }: { taskId: bigint; error: unknown }) {
  const missing = isTaskMarketContractError(error, 'TaskNotFound');
  return (
    <section aria-labelledby="task-error-heading" data-testid="task-read-error">
      <h1 id="task-error-heading">
        {missing ? `No task #${taskId}` : `Task #${taskId} could not be read`}
      </h1>
      {missing ? (
        <p>
          This market has no task #{taskId.toString()}: it was never created, or the link has a
          typo. Task numbers start at 1 and count up as tasks are created.
        </p>
      ) : (
        <p role="alert" class="error">
          The chain did not answer as expected{readFailure(error)}. Try again in a moment; the site
          reads the chain's RPC directly.
        </p>
      )}
      <p>
        <a href="#/">← All tasks</a> · <a href="#/create">Create a task</a>
      </p>
    </section>
  );
}
