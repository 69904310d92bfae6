import {
  getCredit,
  getSubmission,
  getTask,
  listSubmissions,
  type MarketSubmission,
} from '@tem/core/market';
import type { TaskRecord } from '../state/index.js';
import type { ChainView } from './next-action.js';
import type { RunnerContext } from './runner-context.js';
import { reader } from './step-retry.js';

/** The chain as `nextAction` needs it for this record. */
export async function readChainView(ctx: RunnerContext, record: TaskRecord): Promise<ChainView> {
  const taskId = BigInt(record.taskId);
  const read = reader(ctx, record.taskId);
  const task = await read(() => getTask(ctx.market, { taskId }));
  let mine: MarketSubmission | undefined;
  if ('submissionId' in record && record.submissionId !== undefined) {
    const submissionId = BigInt(record.submissionId);
    mine = await read(() => getSubmission(ctx.market, { taskId, submissionId }));
  } else if ('commitment' in record && record.commitment !== undefined) {
    const { commitment } = record;
    mine = await findMySubmission(ctx, taskId, commitment);
  }
  const credit =
    task.state === 'finalized' && record.phase === 'finalized'
      ? await read(() => getCredit(ctx.market, { account: ctx.address }))
      : undefined;
  const withdrawInFlight = ctx.store
    .list()
    .some(
      (r) =>
        r.taskId !== record.taskId &&
        (r.sent?.step === 'withdraw' || r.sent?.step === 'withdrawTo'),
    );
  return { task, mine, credit, withdrawInFlight };
}

/** The submission of this runner with this commitment, if its commit landed. */
async function findMySubmission(
  ctx: RunnerContext,
  taskId: bigint,
  commitment: string,
): Promise<MarketSubmission | undefined> {
  const read = reader(ctx, taskId.toString());
  for (let offset: bigint | undefined = 0n; offset !== undefined;) {
    const page = await read(() => listSubmissions(ctx.market, { taskId, offset }));
    const mine = page.items.find(
      (s) =>
        s.solver.toLowerCase() === ctx.address.toLowerCase() &&
        s.commitment.toLowerCase() === commitment.toLowerCase(),
    );
    if (mine) return mine;
    offset = page.nextOffset;
  }
  return undefined;
}
