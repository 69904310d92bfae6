import { withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';

/** Logs each retry of a task's step (a read, a send, an upload) with the task it was for. */
export function retryLogger(ctx: RunnerContext, taskId: string) {
  return (error: unknown, attempt: number, delayMs: number) =>
    ctx.log.warn({
      event: 'retry',
      taskId,
      message: `${(error as Error).message} (attempt ${attempt}, retrying in ${delayMs} ms)`,
    });
}

/** Runs a chain read for a task, retrying transient failures and logging each retry. */
export function reader(ctx: RunnerContext, taskId: string) {
  const retry = { signal: ctx.signal, onRetry: retryLogger(ctx, taskId) };
  return <T>(fn: () => Promise<T>) => withRetry(fn, retry);
}
