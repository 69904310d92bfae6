import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '@tem/core/market';
import { BUNDLE_FILES, RESULT_MANIFEST_SCHEMA, RESULT_MANIFEST_VERSION } from '@tem/core/task';
import { ROLES } from '@tem/testkit/roles';
import {
  connectionFlags,
  startLocalMarket,
  type LocalMarket,
} from '../test-support/local-market.js';
import { runCli } from '../test-support/run-cli.js';
import { startTem } from '../test-support/runner-process.js';

const SHARED = resolve(
  fileURLToPath(new URL('../../..', import.meta.url)),
  '../shared/data/bisuna/U1',
);

let local: LocalMarket;
beforeAll(async () => {
  local = await startLocalMarket();
});
afterAll(async () => {
  await local?.close();
});

/** A result folder holding the reference's trained U1 pair 0 (an otp pair: tasks use keyRegime otp). */
async function resultFolder(taskId: bigint, specCid: string) {
  const dir = await mkdtemp(join(tmpdir(), 'tem-result-'));
  await copyFile(join(SHARED, 'alicesCPAbisuna.dat'), join(dir, BUNDLE_FILES.alice));
  await copyFile(join(SHARED, 'bobsCPAbisuna.dat'), join(dir, BUNDLE_FILES.bob));
  const manifest = {
    schema: RESULT_MANIFEST_SCHEMA,
    version: RESULT_MANIFEST_VERSION,
    taskId: taskId.toString(),
    specCid,
    pair: { alice: 0, bob: 0 },
    training: {
      seed: 'reference',
      generations: 150000,
      seconds: 0,
      bestFitness: 0,
      runner: 'BiSUNA reference',
    },
    history: [],
  };
  await writeFile(join(dir, BUNDLE_FILES.manifest), JSON.stringify(manifest));
  return dir;
}

async function args(taskId: bigint, result: string, extra: string[] = []) {
  const config = await local.runnerConfig();
  return [
    'submit',
    ...['--task', taskId.toString(), '--result', result],
    ...connectionFlags(config),
    '--json',
    ...extra,
  ];
}

async function jumpTo(deadline: bigint) {
  const now = await local.chain.now();
  if (now <= deadline) await local.chain.increaseTime(deadline - now + 1n);
}

const env = () => ({ TEM_PRIVATE_KEY: local.chain.accounts[ROLES.solver]!.privateKey });

describe('tem submit', () => {
  it('commits a result made elsewhere and, with --follow, takes it to the payout', async () => {
    const task = await local.createTask({ title: 'Submit by hand', keyRegime: 'otp' });
    const run = startTem(
      await args(task.taskId, await resultFolder(task.taskId, task.specCid), ['--follow']),
      env(),
    );
    const dump = (e: Error) => {
      throw new Error(
        `${e.message}\nevents: ${JSON.stringify(run.events.slice(-6))}\nstderr: ${run.stderr()}`,
      );
    };
    await run.waitFor('submitted', 30_000).catch(dump);
    await jumpTo(task.commitDeadline);
    await run.waitFor('revealed', 30_000).catch(dump);
    await jumpTo(task.revealDeadline);
    await run.waitFor('scored', 30_000).catch(dump);
    await jumpTo(task.scoringDeadline);
    expect(await run.exited).toBe(0);
    expect(run.events.map((e) => e.event)).toContain('withdrawn');
    const onChain = await getTask(local.client(ROLES.owner), { taskId: task.taskId });
    expect(onChain.state).toBe('finalized');
  }, 90_000);

  it('takes the bundle tem train wrote as it is, binding it to the task', async () => {
    const task = await local.createTask({ title: 'Trained here' });
    const dir = await mkdtemp(join(tmpdir(), 'tem-trained-'));
    const spec = join(dir, 'spec.json');
    const response = await fetch(`${local.gateway.url}/ipfs/${task.specCid}`);
    await writeFile(spec, new Uint8Array(await response.arrayBuffer()));
    const out = join(dir, 'run');
    const trained = await runCli([
      'train',
      '--config',
      spec,
      '--out',
      out,
      '--generations',
      '1',
      '--threads',
      '1',
    ]);
    expect(trained.code, trained.stderr).toBe(0);

    const run = startTem(await args(task.taskId, out, ['--follow']), env());
    const dump = (e: Error) => {
      throw new Error(
        `${e.message}\nevents: ${JSON.stringify(run.events.slice(-6))}\nstderr: ${run.stderr()}`,
      );
    };
    const bound = await run.waitFor('bound', 30_000).catch(dump);
    expect(bound.message).toContain(`bound to task ${task.taskId} and its spec ${task.specCid}`);
    await run.waitFor('submitted', 30_000).catch(dump);
    await jumpTo(task.commitDeadline);
    await run.waitFor('revealed', 30_000).catch(dump);
    await jumpTo(task.revealDeadline);
    // The verifier scores it: the manifest it fetched names this task and its spec.
    await run.waitFor('scored', 30_000).catch(dump);
    run.child.kill('SIGTERM');
    await run.exited;
  }, 90_000);

  it('refuses a result made for another task, naming both', async () => {
    const task = await local.createTask({ title: 'Wrong manifest', keyRegime: 'otp' });
    const run = startTem(
      await args(task.taskId, await resultFolder(task.taskId + 100n, task.specCid)),
      env(),
    );
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(
      `the manifest is for task ${task.taskId + 100n}, not ${task.taskId}`,
    );
  });

  it('refuses a folder without the agents', async () => {
    const task = await local.createTask({ title: 'Missing agents', keyRegime: 'otp' });
    const dir = await mkdtemp(join(tmpdir(), 'tem-result-'));
    const run = startTem(await args(task.taskId, dir), env());
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/cannot read .*manifest\.json: ENOENT/);
  });
});
