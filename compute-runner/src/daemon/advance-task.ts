import type { TaskRecord } from '../state/index.js';
import { nextAction } from './next-action.js';
import { performAction, type SpecSource } from './perform-action.js';
import { readChainView } from './read-chain-view.js';
import type { RunnerContext } from './runner-context.js';
import type { StepOutcome } from './step-outcome.js';
import { settle } from './task-tx.js';

/**
 * Advances one task by one step: first settles the task's transaction in flight (written down
 * before it was broadcast), then reads the chain, decides with `nextAction` (pure) and performs
 * that with `performAction`.
 */
export async function advanceTask(
  ctx: RunnerContext,
  record: TaskRecord,
  specOf: SpecSource,
): Promise<StepOutcome> {
  if (record.sent) return settle(ctx, record, record.sent);
  const chain = await readChainView(ctx, record);
  const now = await ctx.chainNow();
  return performAction(ctx, record, chain, nextAction(record, chain, now), specOf);
}
