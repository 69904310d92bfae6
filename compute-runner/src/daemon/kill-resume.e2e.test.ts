import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commit,
  computeCommitment,
  eventsNamed,
  getCredit,
  randomSalt,
  reveal,
  scanEvents,
  taskMarketInterface,
  THETA_MIN_GAS_PRICE,
} from '@tem/core/market';
import { ROLES } from '@tem/testkit/roles';
import { StateStore, txKey, type TxStep } from '../state/index.js';
import {
  connectionFlags,
  startLocalMarket,
  type LocalMarket,
} from '../test-support/local-market.js';
import { killHard, startTem, type RunnerEventLine } from '../test-support/runner-process.js';
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

const solverEnv = (market = local) => ({
  TEM_PRIVATE_KEY: market.chain.accounts[ROLES.solver]!.privateKey,
});

async function solverEvents(taskId: bigint) {
  const { events } = await scanEvents(local.client(ROLES.owner), { fromBlock: 0, taskId });
  const solver = local.chain.accounts[ROLES.solver]!.address.toLowerCase();
  return {
    commits: eventsNamed(events, 'SolutionCommitted').filter(
      (e) => String(e.args.solver).toLowerCase() === solver,
    ),
    reveals: eventsNamed(events, 'SolutionRevealed'),
  };
}

/** The solver's transactions mined after `fromBlock`, in order, with what each cost. */
async function solverTransactions(market: LocalMarket, fromBlock: number) {
  const provider = market.chain.provider;
  const solver = market.chain.accounts[ROLES.solver]!.address.toLowerCase();
  const head = await provider.getBlockNumber();
  const txs: { hash: string; nonce: number; ok: boolean; feeWei: bigint; selector: string }[] = [];
  for (let n = fromBlock + 1; n <= head; n++) {
    const block = (await provider.send('eth_getBlockByNumber', [`0x${n.toString(16)}`, true])) as {
      transactions: { hash: string; from: string; nonce: string; input: string }[];
    };
    for (const tx of block.transactions.filter((t) => t.from.toLowerCase() === solver)) {
      const receipt = (await provider.send('eth_getTransactionReceipt', [tx.hash])) as {
        status: string;
        gasUsed: string;
        effectiveGasPrice: string;
      };
      txs.push({
        hash: tx.hash,
        nonce: Number(tx.nonce),
        ok: receipt.status === '0x1',
        feeWei: BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice),
        selector: tx.input.slice(0, 10),
      });
    }
  }
  return txs;
}

/** A step of the lifecycle as the runner logs it: the transaction's step and verifier. */
interface Step {
  step: TxStep;
  verifierIndex?: number;
}

/** The event that says a step's outcome is on chain and in the record. */
const STEP_EVENTS: Partial<Record<TxStep, string>> = {
  commit: 'committed',
  reveal: 'revealed',
  recordScore: 'scored',
  finalize: 'finalized',
  withdraw: 'withdrawn',
};

const ONE_VERIFIER: Step[] = [
  { step: 'commit' },
  { step: 'reveal' },
  { step: 'fixTestSeed' },
  { step: 'recordScore' },
  { step: 'finalize' },
  { step: 'withdraw' },
];

const THREE_VERIFIERS: Step[] = [
  { step: 'commit' },
  { step: 'reveal' },
  ...[0, 1, 2].map((verifierIndex) => ({ step: 'commitSeed' as const, verifierIndex })),
  ...[0, 1, 2].map((verifierIndex) => ({ step: 'revealSeed' as const, verifierIndex })),
  { step: 'recordScore' },
  { step: 'finalize' },
  { step: 'withdraw' },
];

/**
 * Runs a task to its payout with block production paused for the whole run, SIGKILLing the
 * runner at each step right after it sent the step's transaction and restarting it before that
 * transaction is mined; the finalize is also dropped by the node meanwhile (sent again, same
 * nonce). Then checks the record, the transactions mined, and the balance: bounty less gas.
 */
async function killAtEveryStep(
  local: LocalMarket,
  options: { quorum: boolean; commitBond: bigint; steps: Step[] },
) {
  const bounty = 10n ** 18n;
  const task = await local.createTask({
    title: 'Kill with a pending transaction',
    bountyWei: bounty,
    quorum: options.quorum,
    commitBond: options.commitBond,
  });
  const config = await local.runnerConfig();
  const args = watchArgs(config);
  const provider = local.chain.provider;
  const solver = local.chain.accounts[ROLES.solver]!.address;
  const startBlock = await provider.getBlockNumber();
  const balanceBefore = await provider.getBalance(solver);
  const counts = async () => ({
    mined: await provider.getTransactionCount(solver, 'latest'),
    pending: await provider.getTransactionCount(solver, 'pending'),
  });
  // Block production paused for the whole run: a block comes only when the test mines one.
  await provider.send('evm_setAutomine', [false]);
  const jumpTo = async (deadline: bigint) =>
    local.chain.increaseTime(deadline - (await local.chain.now()) + 1n);
  let run = startTem(args, solverEnv(local));
  try {
    await run.waitFor('training');
    await killHard(run);

    run = startTem(args, solverEnv(local));
    for (const { step, verifierIndex } of options.steps) {
      if (step === 'reveal') await jumpTo(task.commitDeadline);
      if (step === 'fixTestSeed' || (step === 'commitSeed' && verifierIndex === 0))
        await jumpTo(task.revealDeadline);
      if (step === 'finalize') await jumpTo(task.scoringDeadline);
      const isStep = (e: RunnerEventLine) =>
        e.step === step && (verifierIndex === undefined || e.verifierIndex === verifierIndex);
      const sent = await run.waitFor('tx-sent', 120_000, isStep);
      await killHard(run);
      const inPool = (await provider.send('eth_getTransactionByHash', [sent.tx])) as {
        blockNumber: string | null;
      } | null;
      const label = `${step}${verifierIndex === undefined ? '' : ` ${verifierIndex}`}`;
      expect(inPool?.blockNumber ?? null, `${label} pending at the kill`).toBeNull();
      // The finalize is also lost by the node meanwhile: it must be sent again, same nonce.
      const dropped = step === 'finalize';
      if (dropped) await provider.send('anvil_dropTransaction', [sent.tx]);

      run = startTem(args, solverEnv(local));
      const sameTx = (e: RunnerEventLine) => e.tx === sent.tx;
      await run.waitFor(dropped ? 'tx-resent' : 'tx-pending', 60_000, sameTx);
      await run.waitFor('waiting', 60_000, (e) => e.message.includes(`${sent.tx} (nonce`));
      const pool = await counts();
      expect(pool.pending, `only the ${label} is pending after the restart`).toBe(pool.mined + 1);

      await local.chain.mine();
      await run.waitFor('tx-mined', 60_000, sameTx);
      const event = STEP_EVENTS[step];
      if (event) await run.waitFor(event, 60_000);
    }
    expect(await run.exited).toBe(0);
  } finally {
    await provider.send('evm_setAutomine', [true]);
    if (run.child.exitCode === null) await killHard(run);
  }

  const store = await StateStore.open(config.stateDir, local.chain.chainId, config.market);
  const record = store.get(task.taskId.toString());
  expect(record).toMatchObject({ phase: 'withdrawn', paid: bounty.toString() });
  expect(await getCredit(local.client(ROLES.owner), { account: solver })).toBe(0n);

  const txs = await solverTransactions(local, startBlock);
  const selectors = options.steps.map((s) => taskMarketInterface.getFunction(s.step)!.selector);
  expect(txs.map((t) => t.selector)).toEqual(selectors);
  expect(txs.every((t) => t.ok)).toBe(true);
  expect(txs.map((t) => t.hash)).toEqual(options.steps.map((s) => record?.txs[txKey(s)]));
  const gas = txs.reduce((sum, t) => sum + t.feeWei, 0n);
  expect(record?.gasWei).toBe(gas.toString());
  // The bond went out with the commit and came back with the reveal: the bounty less gas, exactly.
  expect(await provider.getBalance(solver)).toBe(balanceBefore + bounty - gas);
  return { gas, txs };
}

describe("the runner survives SIGKILL in every phase, through Theta's RPC (the adaptor's double)", () => {
  let theta: LocalMarket;
  beforeAll(async () => {
    theta = await startLocalMarket({ thetaRpc: true });
  });
  afterAll(async () => {
    await theta?.close();
  });

  it('killed at each step, the seed relay included, with no block coming, is paid the bounty less gas, exactly', async () => {
    const { txs } = await killAtEveryStep(theta, {
      quorum: false,
      commitBond: 10n ** 17n,
      steps: ONE_VERIFIER,
    });
    // Every transaction paid at least Theta's minimum gas price (the double refuses less).
    for (const { hash } of txs) {
      const tx = await theta.chain.provider.getTransaction(hash);
      expect(tx?.gasPrice).toBeGreaterThanOrEqual(THETA_MIN_GAS_PRICE);
    }
    expect(theta.thetaRpc?.calls.get('eth_maxPriorityFeePerGas')).toBeUndefined();
  }, 240_000);
});

describe('the runner survives SIGKILL in every phase', () => {
  it('killed at each step with its transaction pending and no block coming, settles it after the restart and is paid the bounty less gas, exactly', async () => {
    await killAtEveryStep(local, { quorum: false, commitBond: 0n, steps: ONE_VERIFIER });
  }, 240_000);

  it('with three verifiers, killed at each seed relay too (three commitments, three contributions), is paid the bounty less gas, its bond back', async () => {
    await killAtEveryStep(local, {
      quorum: true,
      commitBond: 10n ** 17n,
      steps: THREE_VERIFIERS,
    });
  }, 360_000);

  it('after a crash between saving the salt and seeing its commit, finds the commit instead of sending another', async () => {
    const task = await local.createTask({ title: 'Crash in the commit window' });
    const config = await local.runnerConfig();
    const solver = local.client(ROLES.solver);
    const resultCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const salt = randomSalt();
    const commitment = computeCommitment({
      chainId: BigInt(local.chain.chainId),
      contract: local.market,
      taskId: task.taskId,
      solver: local.chain.accounts[ROLES.solver]!.address,
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
    const solver = local.client(ROLES.solver);
    const bundleCid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const { submissionId, salt, commitment } = await commit(solver, {
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
      commitment,
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
