import { join } from 'node:path';
import { parseAnyTaskSpecJson, type AnyTaskSpec, type KindProgress } from '@tem/core/kinds';
import { getTask, isTaskMarketContractError, taskPhase, type MarketTask } from '@tem/core/market';
import { isTerminal, writeHeartbeat, type RecordIn, type TaskRecord } from '../state/index.js';
import { ProgressReporter } from '../training/progress.js';
import { formatDuration, formatTfuel, plural } from '../format/human.js';
import { advanceTask } from './advance-task.js';
import type { SpecSource } from './perform-action.js';
import { assessTask } from './assess-task.js';
import { TaskDiscovery } from './discover-tasks.js';
import { isTransient, sleep, withRetry } from './retry.js';
import type { RunnerContext } from './runner-context.js';
import { TrainingInterrupted, trainForTask, trainingSeed } from './train-for-task.js';

export interface WatchOptions {
  /** Where the TTY progress line goes; JSON lines go through the log instead. */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Least training time worth starting a task for. */
  minTrainingSeconds?: number;
  /** Consecutive failed steps of one task before it is given up. */
  maxStepFailures?: number;
  /** Look for new tasks (default true); `tem submit --follow` only drives the tasks it holds. */
  discover?: boolean;
}

export interface WatchSummary {
  tasks: TaskRecord[];
}

/**
 * The daemon: discovers tasks, trains for the best one it can do (one at a time, all cores),
 * and moves every task it holds through commit, upload (after the commit deadline), reveal, the
 * test seed's relay, scoring, finalize and withdraw.
 * Returns when the signal aborts, or with `config.once` when every task it took is done.
 */
export async function runWatch(
  ctx: RunnerContext,
  options: WatchOptions = {},
): Promise<WatchSummary> {
  const discovery = new TaskDiscovery(ctx);
  const specs = new Map<string, Promise<AnyTaskSpec>>();
  const specOf: SpecSource = (cid) => {
    let spec = specs.get(cid);
    if (!spec) {
      spec = withRetry(async () => parseAnyTaskSpecJson(await ctx.ipfs.text(cid)), {
        signal: ctx.signal,
      });
      specs.set(cid, spec);
      spec.catch(() => specs.delete(cid));
    }
    return spec;
  };
  const failures = new Map<string, StepFailures>();
  const waiting = new Map<string, string>();
  let training: { taskId: string; done: Promise<void> } | undefined;
  const undecided: MarketTask[] = [];

  while (!ctx.signal.aborted) {
    await writeHeartbeat(
      ctx.config.stateDir,
      training ? `training task ${training.taskId}` : 'polling',
    );
    // Tasks seen but not yet taken or skipped (their spec was unreachable) are considered again.
    let caughtUp = options.discover === false;
    const now = await ctx.chainNow().catch(() => undefined);
    if (now !== undefined && options.discover !== false) {
      try {
        undecided.push(...(await discovery.poll()));
        caughtUp = true;
      } catch (error) {
        ctx.log.warn({
          event: 'discovery-failed',
          message: `cannot list tasks: ${(error as Error).message}`,
        });
      }
      const considering = undecided.splice(0);
      for (const task of considering) {
        if (!(await consider(ctx, task, now, specOf, options))) undecided.push(task);
      }
    }

    if (!training) {
      const next = nextToTrain(ctx.store.list());
      if (next) {
        const done = train(ctx, next, specOf, options).finally(() => {
          training = undefined;
        });
        training = { taskId: next.taskId, done };
      }
    }

    for (const record of ctx.store.list()) {
      if (isTerminal(record) || record.taskId === training?.taskId) continue;
      if ((failures.get(record.taskId)?.retryAt ?? 0) > Date.now()) continue;
      await drive(ctx, record.taskId, specOf, failures, waiting, options.maxStepFailures ?? 5);
      if (ctx.signal.aborted) break;
    }
    // With --once, done when the chain was read and no task is left to drive (none taken too).
    const active = ctx.store.list().filter((r) => !isTerminal(r));
    if (ctx.config.once && caughtUp && undecided.length === 0 && active.length === 0 && !training)
      break;
    await sleep(ctx.config.pollIntervalMs, ctx.signal);
  }
  if (training) await training.done;
  return { tasks: ctx.store.list() };
}

/**
 * Takes a newly seen task (state 'accepted') or records why not (state 'skipped'). False when it
 * cannot decide yet (the spec is unreachable for now).
 */
async function consider(
  ctx: RunnerContext,
  task: MarketTask,
  now: bigint,
  specOf: SpecSource,
  options: WatchOptions,
): Promise<boolean> {
  const taskId = task.id.toString();
  if (ctx.store.get(taskId)) return true;
  if (taskPhase(task, now) !== 'commit') return true;
  const skip = async (reason: string) => {
    await ctx.store.update(taskId, {
      phase: 'skipped',
      reason,
      ...(task.specCid ? { specCid: task.specCid } : {}),
    });
    ctx.log.info({ event: 'skipped', taskId, message: `skipped: ${reason}` });
    return true;
  };
  if (!task.specCid) return skip('the spec CID stored on chain is not a valid CID');
  let spec: AnyTaskSpec;
  try {
    spec = await specOf(task.specCid);
  } catch (error) {
    if (isTransient(error)) {
      ctx.log.warn({
        event: 'spec-unavailable',
        taskId,
        message: `spec ${task.specCid}: ${(error as Error).message}`,
      });
      return false;
    }
    return skip(`its spec is unusable: ${(error as Error).message}`);
  }
  const verdict = assessTask({
    task,
    spec,
    now,
    minBountyWei: BigInt(ctx.config.minBountyWei),
    safetyMarginSeconds: ctx.config.safetyMarginSeconds,
    minTrainingSeconds: options.minTrainingSeconds ?? 10,
    trustedVerifiers: ctx.config.trustedVerifiers,
    maxScore: await ctx.maxScore(),
    blockTimeSeconds: ctx.blockTimeSeconds,
  });
  if (!verdict.accept) return skip(verdict.reason);
  await ctx.store.update(taskId, {
    phase: 'accepted',
    specCid: task.specCid,
    workDir: join(ctx.config.stateDir, 'tasks', `${ctx.chainId}-${taskId}`),
  });
  ctx.log.info({
    event: 'accepted',
    taskId,
    message: `accepted "${spec.title}": bounty ${formatTfuel(task.bounty)}, ${formatDuration(verdict.trainingSeconds)} to train`,
  });
  return true;
}

/** Why training for a task ended, as the `trained` message says it. */
const TRAINING_STOPPED = {
  generations: 'every planned generation',
  solved: 'solved',
  deadline: 'stopped for the commit deadline',
} as const;

/** The accepted or interrupted task to train next: the one whose commit deadline comes first. */
function nextToTrain(records: TaskRecord[]): RecordIn<'accepted' | 'training'> | undefined {
  const inPhase = <P extends 'accepted' | 'training'>(phase: P) =>
    records.find((r): r is RecordIn<P> => r.phase === phase);
  return inPhase('training') ?? inPhase('accepted');
}

async function train(
  ctx: RunnerContext,
  record: RecordIn<'accepted' | 'training'>,
  specOf: SpecSource,
  options: WatchOptions,
): Promise<void> {
  const { taskId, specCid, workDir } = record;
  try {
    const seed = record.seed ?? trainingSeed(ctx.config.seed, taskId);
    await ctx.store.update(taskId, { phase: 'training', seed });
    const spec = await specOf(specCid);
    const task = await withRetry(() => getTask(ctx.market, { taskId: BigInt(taskId) }), {
      signal: ctx.signal,
    });
    const now = await ctx.chainNow();
    const secondsLeft = Number(task.commitDeadline - now) - ctx.config.safetyMarginSeconds;
    ctx.log.info({
      event: 'training',
      taskId,
      message: `training for up to ${formatDuration(secondsLeft)} (seed ${seed})`,
    });
    const progress = progressSink(ctx, taskId, options);
    const result = await trainForTask({
      taskId,
      specCid,
      spec,
      workDir,
      seed,
      threads: ctx.config.threads,
      maxGenerations: ctx.config.maxGenerations,
      stopAtMs: Date.now() + secondsLeft * 1000,
      signal: ctx.signal,
      onProgress: progress.report,
    });
    progress.finish();
    await ctx.store.update(taskId, { phase: 'trained' });
    ctx.log.info({
      event: 'trained',
      taskId,
      message: `trained ${plural(result.kind.training.generation(result.state), 'generation')} (${TRAINING_STOPPED[result.stopped]}) ${result.kind.training.outcome(result.state)}`,
    });
  } catch (error) {
    if (error instanceof TrainingInterrupted) {
      ctx.log.info({ event: 'training-paused', taskId, message: error.message });
      return;
    }
    await ctx.store.update(taskId, {
      phase: 'failed',
      reason: `training failed: ${(error as Error).message}`,
    });
    ctx.log.warn({
      event: 'failed',
      taskId,
      message: `training failed: ${(error as Error).message}`,
    });
  }
}

/** Consecutive failed steps of a task, and when to try it again. */
interface StepFailures {
  count: number;
  retryAt: number;
}

/**
 * Advances a task until it has to wait. A failed step is tried again after a backoff. Only a task
 * with nothing on chain yet (its upload failing) is given up after repeated non-transient
 * failures; from the commit on, errors never decide a task's fate: the chain does (deadlines).
 */
async function drive(
  ctx: RunnerContext,
  taskId: string,
  specOf: SpecSource,
  failures: Map<string, StepFailures>,
  waiting: Map<string, string>,
  maxFailures: number,
) {
  for (let steps = 0; steps < 20 && !ctx.signal.aborted; steps++) {
    const record = ctx.store.get(taskId);
    if (!record || isTerminal(record)) return;
    try {
      const outcome = await advanceTask(ctx, record, specOf);
      failures.delete(taskId);
      if (outcome.kind === 'wait') {
        if (waiting.get(taskId) !== outcome.why) {
          waiting.set(taskId, outcome.why);
          const event = {
            event: 'waiting',
            taskId,
            message: `waiting: ${outcome.why}`,
            ...(outcome.until !== undefined ? { until: Number(outcome.until) } : {}),
          };
          if (outcome.warn) ctx.log.warn(event);
          else ctx.log.info(event);
        }
        return;
      }
      waiting.delete(taskId);
    } catch (error) {
      const count = (failures.get(taskId)?.count ?? 0) + 1;
      const backoffMs = Math.min(60_000, ctx.config.pollIntervalMs * 2 ** (count - 1));
      failures.set(taskId, { count, retryAt: Date.now() + backoffMs });
      const message = describe(error);
      ctx.log.warn({
        event: 'step-failed',
        taskId,
        message: `${record.phase}: ${message}`,
        attempt: count,
      });
      if (record.phase === 'trained' && count >= maxFailures && !isTransient(error)) {
        await ctx.store.update(taskId, { phase: 'failed', reason: `${record.phase}: ${message}` });
      }
      return;
    }
  }
}

function describe(error: unknown): string {
  if (isTaskMarketContractError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function progressSink(ctx: RunnerContext, taskId: string, options: WatchOptions) {
  const stream = options.progressStream;
  if (stream?.isTTY) {
    const reporter = new ProgressReporter(stream, 0, 0);
    return {
      report: (p: KindProgress) => reporter.reportStatus(p),
      finish: () => reporter.finish(),
    };
  }
  let last = 0;
  return {
    report: (p: KindProgress) => {
      if (!p.main || Date.now() - last < 1000) return;
      last = Date.now();
      ctx.log.info({
        ...p.fields,
        event: 'training-progress',
        taskId,
        message: `generation ${p.generation}/${p.generations}, ${p.summary}`,
        generation: p.generation,
      });
    },
    finish: () => {},
  };
}
