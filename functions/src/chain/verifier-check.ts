import type { MarketTask } from '@tem/core/market';
import { forbidden } from '../http/problem.js';

/**
 * This endpoint's index in the task's verifier set; a task that does not name this endpoint's
 * key answers 403 naming both (every verifier runs the same functions and answers for its own
 * address only).
 */
export function requireVerifier(
  task: Pick<MarketTask, 'id' | 'verifiers'>,
  address: string,
): number {
  const index = task.verifiers.findIndex((v) => v.toLowerCase() === address.toLowerCase());
  if (index < 0) {
    throw forbidden(
      'wrong-verifier',
      `task ${task.id} names verifier${task.verifiers.length === 1 ? '' : 's'} ${task.verifiers.join(', ')}; this endpoint signs as ${address}`,
      { taskVerifiers: [...task.verifiers], verifier: address },
    );
  }
  return index;
}
