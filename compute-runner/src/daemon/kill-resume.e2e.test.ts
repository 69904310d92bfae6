import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commit,
  computeCommitment,
  eventsNamed,
  randomSalt,
  reveal,
  scanEvents,
} from '@tem/core/market';
import { StateStore } from '../state/index.js';
import {
  ACCOUNTS,
  connectionFlags,
  startLocalMarket,
  type LocalMarket,
} from '../test-support/local-market.js';
import { killHard, startTem } from '../test-support/runner-process.js';
import type { RunnerConfig } from '../config/index.js';

let local: LocalMarket;
beforeAll(async () => {
  local = await startLocalMarket();
});
afterAll(async () => {
  await local?.close();
});

function watchArgs(config: RunnerConfig) {
  return [
    'watch',
    ...connectionFlags(config),
    '--threads',
    '1',
    '--safety-margin',
    '5',
    '--max-generations',
    '2',
    '--seed',
    'kill',
    '--once',
    '--json',
  ];
}

const solverEnv = () => ({ TEM_PRIVATE_KEY: local.chain.accounts[ACCOUNTS.solver]!.privateKey });

async function solverEvents(taskId: bigint) {
  const { events } = await scanEvents(local.client(ACCOUNTS.owner), { fromBlock: 0, taskId });
  const solver = local.chain.accounts[ACCOUNTS.solver]!.address.toLowerCase();
  return {
    commits: eventsNamed(events, 'SolutionCommitted').filter(
      (e) => String(e.args.solver).toLowerCase() === solver,
    ),
    reveals: eventsNamed(events, 'SolutionRevealed'),
  };
}

describe('the runner survives SIGKILL in every phase', () => {
  it('resumes after a kill in training, upload, commit, reveal and scoring, with one commit and one reveal', async () => {
    const task = await local.createTask({ title: 'Kill and resume' });
    const config = await local.runnerConfig();
    const args = watchArgs(config);
    const jump = async (to: bigint) =>
      local.chain.increaseTime(to - (await local.chain.now()) + 1n);

    for (const killAt of ['training', 'uploaded', 'committed']) {
      const run = startTem(args, solverEnv());
      await run.waitFor(killAt);
      await killHard(run);
    }
    await jump(task.commitDeadline);
    for (const killAt of ['revealed', 'scored']) {
      const run = startTem(args, solverEnv());
      await run.waitFor(killAt);
      await killHard(run);
    }
    await jump(task.scoringDeadline);
    const last = startTem(args, solverEnv());
    expect(await last.exited).toBe(0);

    const store = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
    expect(store.get(task.taskId.toString())?.phase).toBe('withdrawn');
    const { commits, reveals } = await solverEvents(task.taskId);
    expect(commits).toHaveLength(1);
    expect(reveals).toHaveLength(1);
  });

  it('after a crash between saving the salt and seeing its commit, finds the commit instead of sending another', async () => {
    const task = await local.createTask({ title: 'Crash in the commit window' });
    const config = await local.runnerConfig();
    const solver = local.client(ACCOUNTS.solver);
    const resultCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const salt = randomSalt();
    const commitment = computeCommitment({
      chainId: BigInt(local.chain.chainId),
      contract: local.market,
      taskId: task.taskId,
      solver: local.chain.accounts[ACCOUNTS.solver]!.address,
      resultCid,
      salt,
    });
    // The state a runner leaves when killed right after its commit transaction was sent.
    const store = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
    await store.update(task.taskId.toString(), {
      phase: 'committing',
      specCid: task.specCid,
      resultCid,
      salt,
      commitment,
      workDir: `${config.stateDir}/tasks/x`,
    });
    await commit(solver, { taskId: task.taskId, resultCid, salt });

    const run = startTem(watchArgs(config), solverEnv());
    await run.waitFor('committed');
    await killHard(run);
    const reopened = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
    expect(reopened.get(task.taskId.toString())).toMatchObject({
      phase: 'committed',
      submissionId: '1',
    });
    expect((await solverEvents(task.taskId)).commits).toHaveLength(1);
  });

  it('after a crash while revealing, sees the reveal landed and moves on', async () => {
    const task = await local.createTask({ title: 'Crash in the reveal window' });
    const config = await local.runnerConfig();
    const solver = local.client(ACCOUNTS.solver);
    const bundleCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const { submissionId, salt } = await commit(solver, {
      taskId: task.taskId,
      resultCid: bundleCid,
    });
    await local.chain.increaseTime(task.commitDeadline - (await local.chain.now()) + 1n);
    await reveal(solver, { taskId: task.taskId, submissionId, resultCid: bundleCid, salt });
    const store = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
    await store.update(task.taskId.toString(), {
      phase: 'revealing',
      specCid: task.specCid,
      resultCid: bundleCid,
      salt,
      submissionId: submissionId.toString(),
      workDir: `${config.stateDir}/tasks/y`,
    });
    // The bundle behind that CID is not on the gateway, so scoring cannot succeed: the runner must
    // still record the reveal, not reveal again, and keep asking the verifier.
    const run = startTem(watchArgs(config), solverEnv());
    const stuck = await Promise.race([run.waitFor('step-failed'), run.waitFor('waiting')]);
    expect(stuck.message).toMatch(/^(revealed|scoring|waiting)/);
    await killHard(run);
    const reopened = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
    expect(reopened.get(task.taskId.toString())?.phase).toMatch(/revealed|scoring/);
    expect((await solverEvents(task.taskId)).reveals).toHaveLength(1);
  });
});
