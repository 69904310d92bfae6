import { cp, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getTask } from '@tem/core/market';
import {
  MANIFEST_FILE,
  TASK_KINDS,
  kindOf,
  manifestBytes,
  parseAnyTaskSpecJson,
} from '@tem/core/kinds';
import type { Command } from '../command.js';
import { RUNNER_OPTIONS, RUNNER_OPTION_HELP, connectRunner } from '../daemon/connect-runner.js';
import { advanceTask } from '../daemon/advance-task.js';
import { taskDirs } from '../daemon/train-for-task.js';
import { runWatch } from '../daemon/watch-loop.js';
import { CliError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { UNBOUND_TASK_ID } from '../training/run-bundle.js';

/**
 * `tem submit`: commits a result folder made elsewhere (e.g. by `tem train`, whose bundle is bound
 * to the task here) to a task: only its CID, computed locally, and the task's commit bond. The
 * bundle and the salt are kept in the runner state, so `tem watch` (or `--follow`) uploads and
 * reveals it after the commit deadline, relays the test seed, asks the verifiers for the score,
 * finalizes and withdraws.
 */
export const submit: Command = {
  name: 'submit',
  summary: 'commit a result folder to a task (then watch uploads and reveals it)',
  usage:
    'tem submit --task ID --result DIR --rpc-url URL --market ADDRESS [--gateway URL] [--follow]',
  examples: [
    'TEM_PRIVATE_KEY=0x… tem submit --task 3 --result ./bundle --rpc-url http://127.0.0.1:8545 --market 0x… --follow',
  ],
  options: {
    ...RUNNER_OPTIONS,
    task: { type: 'string' },
    result: { type: 'string' },
    follow: { type: 'boolean' },
  },
  optionHelp: {
    ...RUNNER_OPTION_HELP,
    task: 'the task id',
    result: `folder with ${MANIFEST_FILE} and the task kind's networks (the cipher: alice.dat, bob.dat and eve.dat; the other kinds: network.dat), e.g. what tem train --out wrote`,
    follow:
      'stay and take the submission through upload, reveal, seed, scoring, finalize and withdraw',
  },
  async run(context) {
    const { values } = context;
    const taskText = values.task as string | undefined;
    if (!taskText || !/^[0-9]+$/.test(taskText)) throw new UsageError('--task must be a task id');
    const resultDir = values.result as string | undefined;
    if (!resultDir) throw new UsageError('--result DIR is required');
    const bundle = await readBundle(resolve(resultDir));

    const json = values.json === true || !context.stdout.isTTY;
    const ctx = await connectRunner(context, json);
    try {
      const existing = ctx.store.get(taskText);
      if (existing && existing.phase !== 'skipped') {
        throw new CliError(
          `task ${taskText} is already held by this runner (phase ${existing.phase}); see 'tem status'`,
        );
      }
      const task = await getTask(ctx.market, { taskId: BigInt(taskText) }).catch((error: Error) => {
        throw new CliError(error.message);
      });
      if (!task.specCid) throw new CliError(`task ${taskText} has no valid spec CID`);
      // A bundle from `tem train` is bound to no task yet: it becomes this task's.
      const unbound = bundle.manifest.taskId === UNBOUND_TASK_ID;
      if (!unbound && bundle.manifest.taskId !== taskText) {
        throw new CliError(`the manifest is for task ${bundle.manifest.taskId}, not ${taskText}`);
      }
      if (!unbound && bundle.manifest.specCid !== task.specCid) {
        throw new CliError(
          `the manifest names spec ${bundle.manifest.specCid}; the task's is ${task.specCid}`,
        );
      }
      const spec = parseAnyTaskSpecJson(await ctx.ipfs.text(task.specCid));
      try {
        kindOf(spec).checkBundle(spec, await bundleFiles(resolve(resultDir)));
      } catch (error) {
        throw new CliError(`the result does not fit the task: ${(error as Error).message}`);
      }
      const workDir = join(ctx.config.stateDir, 'tasks', `${ctx.chainId}-${taskText}`);
      await mkdir(taskDirs(workDir).bundle, { recursive: true });
      await cp(resolve(resultDir), taskDirs(workDir).bundle, { recursive: true });
      if (unbound) {
        const manifest = { ...bundle.manifest, taskId: taskText, specCid: task.specCid };
        await writeFileAtomic(
          join(taskDirs(workDir).bundle, MANIFEST_FILE),
          manifestBytes(manifest),
        );
        ctx.log.info({
          event: 'bound',
          taskId: taskText,
          message: `bundle ${resultDir} (trained for ${bundle.manifest.specCid}) bound to task ${taskText} and its spec ${task.specCid}`,
        });
      }
      await ctx.store.update(taskText, { phase: 'trained', specCid: task.specCid, workDir });
      const specOf = async () => spec;
      let lastWarning: string | undefined;
      for (
        let record = ctx.store.get(taskText)!;
        !['committed', 'failed'].includes(record.phase);
        record = ctx.store.get(taskText)!
      ) {
        if (context.signal.aborted)
          throw new CliError(`interrupted in phase ${record.phase}; 'tem watch' resumes it`);
        const outcome = await advanceTask(ctx, record, specOf);
        // e.g. the commit transaction is still pending: look again in a moment.
        if (outcome.kind === 'wait') {
          if (outcome.warn && outcome.why !== lastWarning)
            ctx.log.warn({ event: 'waiting', taskId: taskText, message: outcome.why });
          lastWarning = outcome.warn ? outcome.why : undefined;
          await new Promise((done) => setTimeout(done, 1000));
        }
      }
      const record = ctx.store.get(taskText)!;
      if (record.phase !== 'committed') {
        throw new CliError(record.phase === 'failed' ? record.reason : 'the commit failed');
      }
      ctx.log.info({
        event: 'submitted',
        taskId: taskText,
        message: `submission ${record.submissionId} committed; ${values.follow ? 'following it' : "run 'tem watch' to reveal it after the commit deadline"}`,
      });
      if (values.follow)
        await runWatch({ ...ctx, config: { ...ctx.config, once: true } }, { discover: false });
      return 0;
    } finally {
      ctx.provider.destroy();
    }
  },
};

/** The manifest's binding: the task and spec it was made for (every kind's manifest has them). */
interface ManifestBinding {
  taskId: string;
  specCid: string;
  [field: string]: unknown;
}

async function readBundle(dir: string): Promise<{ manifest: ManifestBinding }> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${join(dir, MANIFEST_FILE)}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  let manifest: ManifestBinding;
  try {
    manifest = JSON.parse(text) as ManifestBinding;
  } catch (error) {
    throw new CliError(`invalid result manifest: not JSON: ${(error as Error).message}`);
  }
  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    typeof manifest.taskId !== 'string' ||
    typeof manifest.specCid !== 'string'
  ) {
    throw new CliError('invalid result manifest: taskId and specCid must be strings');
  }
  return { manifest };
}

/** Every bundle file any kind names that the folder holds (the kind checks what it needs). */
async function bundleFiles(dir: string): Promise<Map<string, Uint8Array>> {
  const names = new Set(TASK_KINDS.flatMap((k) => k.bundleFiles.map((f) => f.name)));
  const files = new Map<string, Uint8Array>();
  for (const name of names) {
    try {
      files.set(name, new Uint8Array(await readFile(join(dir, name))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new CliError(
          `cannot read ${join(dir, name)}: ${(error as NodeJS.ErrnoException).code}`,
        );
      }
    }
  }
  return files;
}
