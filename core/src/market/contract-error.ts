import type { TaskMarketErrorArgs, TaskMarketErrorName } from './abi-types.js';
import { taskMarketInterface } from './client.js';
import {
  MarketError,
  MarketRevertWithoutDataError,
  MarketTransactionError,
  TaskMarketContractError,
} from './errors.js';

const HEX_SELECTOR = /^0x[0-9a-fA-F]{8}/;

/** The revert data inside an ethers error (it nests differently per provider), if any. */
export function revertDataOf(err: unknown, depth = 0): string | undefined {
  if (depth > 6 || err === null || typeof err !== 'object') return undefined;
  const record = err as Record<string, unknown>;
  const data = record.data;
  if (typeof data === 'string' && HEX_SELECTOR.test(data)) return data;
  for (const key of ['error', 'info', 'cause', 'data']) {
    const found = revertDataOf(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Decodes a TaskMarket custom error from revert data or from an ethers error carrying it.
 *
 * @example
 * try { await commit(client, { taskId, resultCid }); }
 * catch (err) { if (isTaskMarketContractError(err, 'CommitWindowClosed')) console.log(err.args.commitDeadline); }
 */
export function decodeTaskMarketError(errOrData: unknown): TaskMarketContractError | undefined {
  const data = typeof errOrData === 'string' ? errOrData : revertDataOf(errOrData);
  if (!data) return undefined;
  let parsed;
  try {
    parsed = taskMarketInterface.parseError(data);
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name] = parsed.args[i];
  });
  const name = parsed.name as TaskMarketErrorName;
  return new TaskMarketContractError(name, args as TaskMarketErrorArgs<typeof name>, {
    cause: typeof errOrData === 'string' ? undefined : errOrData,
  });
}

/**
 * Whether an ethers error is a revert that carries no revert data: ethers reports every failed
 * `eth_call`/`eth_estimateGas` as `CALL_EXCEPTION`, with `data` null when the node sent none (Theta's
 * ETH-RPC adaptor never does) or `0x` for a bare `revert()`.
 */
export function isRevertWithoutData(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; data?: unknown };
  return (
    e.code === 'CALL_EXCEPTION' && (e.data === null || e.data === undefined || e.data === '0x')
  );
}

/**
 * Turns anything thrown by ethers into a {@link MarketError}: the decoded custom error when revert
 * data exists, {@link MarketRevertWithoutDataError} for a revert without data (re-read the chain),
 * {@link MarketTransactionError} otherwise.
 */
export function toMarketError(err: unknown, action: string): MarketError {
  if (err instanceof MarketError) return err;
  const decoded = decodeTaskMarketError(err);
  if (decoded) return decoded;
  if (isRevertWithoutData(err)) return new MarketRevertWithoutDataError(action, { cause: err });
  const short = (err as { shortMessage?: string } | null)?.shortMessage;
  return new MarketTransactionError(`${action} failed${short ? `: ${short}` : ''}`, { cause: err });
}
