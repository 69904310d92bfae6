import { expect } from 'vitest';
import {
  type TaskMarketErrorArgs,
  type TaskMarketErrorName,
  TaskMarketContractError,
} from '@tem/core/market';

/** Awaits `action` and checks that it reverted with custom error `name` (and these arguments). */
export async function expectRevert<N extends TaskMarketErrorName>(
  action: Promise<unknown>,
  name: N,
  args?: Partial<TaskMarketErrorArgs<N>>,
): Promise<TaskMarketContractError<N>> {
  const err: unknown = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a ${name} revert`).toBeInstanceOf(TaskMarketContractError);
  const contractError = err as TaskMarketContractError<N>;
  expect(contractError.errorName).toBe(name);
  if (args) expect(contractError.args).toMatchObject(args);
  return contractError;
}
