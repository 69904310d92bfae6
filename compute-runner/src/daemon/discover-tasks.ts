import { listTasks, scanEvents, type MarketTask } from '@tem/core/market';
import { getTask } from '@tem/core/market';
import type { RunnerContext } from './runner-context.js';
import { withRetry } from './retry.js';

/**
 * Finds tasks as they are created: one pass over the task pages at start, then `TaskCreated`
 * events in windows of at most 5000 blocks from the block after the last one read.
 */
export class TaskDiscovery {
  private nextBlock: number | undefined;

  constructor(private readonly ctx: RunnerContext) {}

  /** Tasks created since the last call (all tasks on the first), read from the chain. */
  async poll(): Promise<MarketTask[]> {
    const retry = { signal: this.ctx.signal };
    const head = await withRetry(() => this.ctx.provider.getBlockNumber(), retry);
    if (this.nextBlock === undefined) {
      const tasks: MarketTask[] = [];
      for (let offset: bigint | undefined = 0n; offset !== undefined;) {
        const page = await withRetry(() => listTasks(this.ctx.market, { offset }), retry);
        tasks.push(...page.items);
        offset = page.nextOffset;
      }
      this.nextBlock = head + 1;
      return tasks;
    }
    if (head < this.nextBlock) return [];
    const { events, toBlock } = await withRetry(
      () =>
        scanEvents(this.ctx.market, {
          fromBlock: this.nextBlock!,
          toBlock: head,
          eventNames: ['TaskCreated'],
        }),
      retry,
    );
    this.nextBlock = toBlock + 1;
    const tasks: MarketTask[] = [];
    for (const event of events) {
      if (event.eventName !== 'TaskCreated') continue;
      const taskId = event.args.taskId as bigint;
      tasks.push(await withRetry(() => getTask(this.ctx.market, { taskId }), retry));
    }
    return tasks;
  }
}
