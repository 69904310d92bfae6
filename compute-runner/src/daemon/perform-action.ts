import { concat } from 'ethers';
import { cidToBytes, computeCommitment, randomSalt } from '@tem/core/market';
import type { AnyTaskSpec } from '@tem/core/kinds';
import type { TaskRecord } from '../state/index.js';
import type { Action, ChainView } from './next-action.js';
import { bundleCid, bundleContent } from './result-bundle.js';
import { withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';
import { decideScore } from './score-quorum.js';
import { relaySeedPart } from './seed-relay.js';
import { progress, waiting, type StepOutcome } from './step-outcome.js';
import { retryLogger } from './step-retry.js';
import { sendTx } from './task-tx.js';
import { taskDirs } from './train-for-task.js';
import { askForScores, reportChanges } from './verifier-quorum.js';

/** Reads the spec of a task, of any kind (the loop caches them). */
export type SpecSource = (specCid: string) => Promise<AnyTaskSpec>;

/** What performing an action works on: the task's record and the chain view it was decided on. */
interface Step {
  ctx: RunnerContext;
  record: TaskRecord;
  chain: ChainView;
  specOf: SpecSource;
}

type ActionOf<K extends Action['kind']> = Extract<Action, { kind: K }>;

/**
 * Performs the action `nextAction` decided: everything it needs is in the action or the chain
 * view, so nothing here inspects the record's fields again.
 */
export async function performAction(
  ctx: RunnerContext,
  record: TaskRecord,
  chain: ChainView,
  action: Action,
  specOf: SpecSource,
): Promise<StepOutcome> {
  const step: Step = { ctx, record, chain, specOf };
  switch (action.kind) {
    case 'wait':
      return waiting(action.why, false, action.until);
    case 'note':
      return note(step, action);
    case 'fail':
      return fail(step, action.reason, action.reason);
    case 'commit':
      return commit(step, action);
    case 'upload':
      return upload(step, action);
    case 'reveal':
      return sendTx(
        ctx,
        record,
        'reveal',
        {
          functionName: 'reveal',
          args: [
            BigInt(record.taskId),
            BigInt(action.submissionId),
            ctx.address,
            cidToBytes(action.resultCid),
            action.salt,
          ],
        },
        { phase: 'revealing' },
      );
    case 'seed':
      return seed(step, action);
    case 'settle-seed':
      return sendTaskIdOnly(step, 'settleSeed', 'seeding');
    case 'score':
      return score(step, action);
    case 'finalize':
      return sendTaskIdOnly(step, 'finalize', 'finalizing');
    case 'withdraw':
      return ctx.config.payee
        ? sendTx(
            ctx,
            record,
            'withdrawTo',
            { functionName: 'withdrawTo', args: [ctx.config.payee] },
            {},
          )
        : sendTx(ctx, record, 'withdraw', { functionName: 'withdraw', args: [] }, {});
  }
}

/** Sends a market function whose only argument is the task id, moving the task to `phase`. */
function sendTaskIdOnly(
  { ctx, record }: Step,
  step: 'settleSeed' | 'finalize',
  phase: 'seeding' | 'finalizing',
) {
  return sendTx(
    ctx,
    record,
    step,
    { functionName: step, args: [BigInt(record.taskId)] },
    { phase },
  );
}

async function note({ ctx, record }: Step, action: ActionOf<'note'>): Promise<StepOutcome> {
  await ctx.store.update(record.taskId, action.change);
  ctx.log.info({
    event: action.log.event,
    taskId: record.taskId,
    message: action.log.message,
    ...action.log.fields,
  });
  return progress;
}

/** Records the task failed (`reason`, kept in the record) and logs `message`. */
async function fail({ ctx, record }: Step, reason: string, message: string) {
  await ctx.store.update(record.taskId, { phase: 'failed', reason });
  ctx.log.warn({ event: 'failed', taskId: record.taskId, message });
  return progress;
}

/** Commits only the bundle's CID: the bundle stays in the state folder, unpublished. */
async function commit({ ctx, record, chain }: Step, action: ActionOf<'commit'>) {
  const taskId = BigInt(record.taskId);
  const resultCid = action.resultCid ?? (await bundleCid(taskDirs(action.workDir).bundle));
  const secret = action.secret ?? newSecret(ctx, taskId, resultCid);
  return sendTx(
    ctx,
    record,
    'commit',
    { functionName: 'commit', args: [taskId, secret.commitment], value: chain.task.commitBond },
    { phase: 'committing', resultCid, ...secret },
  );
}

function newSecret(ctx: RunnerContext, taskId: bigint, resultCid: string) {
  const salt = randomSalt();
  const commitment = computeCommitment({
    chainId: BigInt(ctx.chainId),
    contract: ctx.market.address,
    taskId,
    solver: ctx.address,
    resultCid,
    salt,
  });
  return { salt, commitment };
}

/** After the commit deadline: publishes the bundle, which must still be the one committed to. */
async function upload(step: Step, action: ActionOf<'upload'>): Promise<StepOutcome> {
  const { ctx, record } = step;
  const bundle = taskDirs(action.workDir).bundle;
  const content = await bundleContent(bundle);
  const cid = await withRetry(() => ctx.storage.put(content, { signal: ctx.signal }), {
    signal: ctx.signal,
    onRetry: retryLogger(ctx, record.taskId),
  });
  if (cid.toString() !== action.resultCid) {
    return fail(
      step,
      `the bundle in ${bundle} is ${cid}, not the ${action.resultCid} committed to: it changed after the commit`,
      `the bundle changed after the commit (${cid}, committed ${action.resultCid})`,
    );
  }
  await ctx.store.update(record.taskId, { phase: 'uploaded' });
  ctx.log.info({
    event: 'uploaded',
    taskId: record.taskId,
    message: `the commit deadline passed: uploaded the result bundle ${cid}`,
    cid: cid.toString(),
  });
  return progress;
}

/** Asks the verifiers for their seed parts and relays one, once they gave it. */
async function seed({ ctx, record, chain, specOf }: Step, action: ActionOf<'seed'>) {
  const relay = await relaySeedPart(ctx, chain.task, action.step, await specOf(action.specCid));
  if (relay.kind === 'wait') return waiting(relay.why, true, relay.until);
  return sendTx(ctx, record, action.step, relay.call, { phase: 'seeding' }, relay.verifierIndex);
}

/** Asks every verifier for the score; relays it once m agree, if it beats the best. */
async function score(
  { ctx, record, chain, specOf }: Step,
  action: ActionOf<'score'>,
): Promise<StepOutcome> {
  const { task, mine } = chain;
  if (!mine?.resultCidHash) throw new Error(`submission ${action.submissionId} is not revealed`);
  const answers = await askForScores(ctx, task, mine, await specOf(action.specCid));
  const decision = decideScore({
    chainId: ctx.chainId,
    contract: ctx.market.address,
    task,
    submission: mine,
    answers,
    maxScore: await ctx.maxScore(),
    at: new Date(),
  });
  reportChanges(ctx, record.taskId, action.reported, decision.report);
  switch (decision.kind) {
    case 'no-quorum':
      await ctx.store.update(record.taskId, { quorum: decision.report });
      return waiting(decision.retry ? `${decision.why}; asking again` : decision.why, true);
    case 'not-best':
      await ctx.store.update(record.taskId, {
        phase: 'scored',
        score: decision.score.toString(),
        quorum: decision.report,
        reason: decision.why,
      });
      ctx.log.info({
        event: 'scored',
        taskId: record.taskId,
        message: `the verifiers signed score ${decision.score}; ${decision.why}`,
        score: decision.score.toString(),
        best: false,
        relayed: false,
      });
      return progress;
    case 'relay':
      return sendTx(
        ctx,
        record,
        'recordScore',
        {
          functionName: 'recordScore',
          args: [
            BigInt(record.taskId),
            mine.id,
            mine.solver,
            mine.resultCidHash,
            decision.score,
            task.verifiers,
            concat(decision.signatures),
          ],
        },
        { phase: 'scoring', score: decision.score.toString(), quorum: decision.report },
      );
  }
}
