import { Interface } from 'ethers';
import { TASK_MARKET_ABI } from './abi.js';

const market = new Interface(TASK_MARKET_ABI);

/** Finds revert data (0x…) anywhere in an ethers / provider error. */
function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data === 'string' && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ['error', 'info', 'cause', 'data']) {
    const found = revertData((error as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

const formatArg = (value: unknown): string =>
  typeof value === 'bigint'
    ? value.toString()
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/**
 * A short, human sentence for a failed transaction: the decoded custom error with its values
 * (`CommitWindowClosed(taskId: 3, commitDeadline: 1764…)`), a rejection by the user, or the
 * provider's message.
 */
export function describeTxError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ACTION_REJECTED' || code === 4001)
      return 'You rejected the request in your wallet.';
    const revert = (error as { revert?: { name: string; args: unknown[] } }).revert;
    let decoded = revert
      ? {
          name: revert.name,
          args: [...revert.args] as unknown[],
          inputs: undefined as string[] | undefined,
        }
      : undefined;
    const data = revertData(error);
    if (data) {
      try {
        const parsed = market.parseError(data);
        if (parsed) {
          decoded = {
            name: parsed.name,
            args: [...parsed.args],
            inputs: parsed.fragment.inputs.map((i) => i.name),
          };
        }
      } catch {
        // not one of ours
      }
    }
    if (decoded) {
      const args = decoded.args.map(
        (a, i) => `${decoded.inputs?.[i] ? `${decoded.inputs[i]}: ` : ''}${formatArg(a)}`,
      );
      return `The contract refused: ${decoded.name}(${args.join(', ')})`;
    }
    const short = (error as { shortMessage?: unknown }).shortMessage;
    if (typeof short === 'string') return short;
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
