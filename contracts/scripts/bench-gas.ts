/**
 * `npm run bench:gas`: gas of every TaskMarket function and of whole task lifecycles with 1, 10
 * and 100 submissions, measured on a local anvil (chain id 366, hardfork istanbul). Anvil prices
 * some storage writes by later rules than Theta, so figures are close, not exact.
 */
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import {
  type MarketClient,
  cancel,
  commit,
  createMarketClient,
  createTask,
  finalize,
  fund,
  getTask,
  recordScore,
  reveal,
  signScore,
  withdraw,
} from '@tem/core/market';
import { deployTaskMarket, startAnvil } from '../src/index.js';

const chain = await startAnvil({ accounts: 12 });
try {
  const deployment = await deployTaskMarket(chain.wallet(0));
  const deployGas = (await chain.provider.getTransactionReceipt(deployment.tx))!.gasUsed;
  const client = (i: number): MarketClient =>
    createMarketClient({ address: deployment.address, signer: chain.wallet(i) });
  const owner = client(1);
  const verifier = chain.wallet(2);
  const solvers = [3, 4, 5, 6, 7, 8, 9, 10].map(client);
  const cid = async (text: string) =>
    CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
  const travel = async (t: bigint) => {
    await chain.provider.send('evm_setNextBlockTimestamp', [Number(t)]);
    await chain.mine();
  };
  const newTask = async () => {
    const now = await chain.now();
    const r = await createTask(owner, {
      specCid: await cid('spec'),
      bounty: 10n ** 18n,
      commitDeadline: now + 1000n,
      revealDeadline: now + 2000n,
      scoringDeadline: now + 3000n,
      verifier: verifier.address,
      minScore: 1n,
    });
    return { ...r, task: await getTask(owner, { taskId: r.taskId }) };
  };
  const score = async (taskId: bigint, submissionId: bigint, resultCid: CID, value: bigint) => {
    const { testSeed } = await getTask(owner, { taskId });
    const signature = await signScore(verifier, {
      chainId: 366n,
      contract: deployment.address,
      taskId,
      submissionId,
      resultCid,
      score: value,
      testSeed,
    });
    return recordScore(solvers[0]!, { taskId, submissionId, score: value, signature });
  };

  /** Runs a task with `n` submissions through its whole life; returns gas per step kind. */
  const lifecycle = async (n: number) => {
    const gas = { create: 0n, commit: 0n, reveal: 0n, score: 0n, finalize: 0n, withdraw: 0n };
    const created = await newTask();
    gas.create += created.receipt.gasUsed;
    const entries = [];
    for (let i = 0; i < n; i++) {
      const resultCid = await cid(`n${n} r${i}`);
      const c = await commit(solvers[i % solvers.length]!, { taskId: created.taskId, resultCid });
      gas.commit += c.receipt.gasUsed;
      entries.push({
        solver: i % solvers.length,
        resultCid,
        submissionId: c.submissionId,
        salt: c.salt,
      });
    }
    await travel(created.task.commitDeadline);
    for (const e of entries) {
      const r = await reveal(solvers[e.solver]!, { taskId: created.taskId, ...e });
      gas.reveal += r.receipt.gasUsed;
    }
    for (const [i, e] of entries.entries()) {
      const r = await score(
        created.taskId,
        e.submissionId,
        e.resultCid,
        BigInt(1 + ((i * 7) % 13)),
      );
      gas.score += r.receipt.gasUsed;
    }
    await travel(created.task.scoringDeadline);
    const f = await finalize(owner, { taskId: created.taskId });
    gas.finalize += f.receipt.gasUsed;
    const winner = entries.find((e) => e.submissionId === f.winningSubmissionId)!;
    const w = await withdraw(solvers[winner.solver]!);
    gas.withdraw += w.receipt.gasUsed;
    const total = Object.values(gas).reduce((a, b) => a + b, 0n);
    return { n, ...gas, total };
  };

  // Single functions, each measured on the path a user usually takes.
  const rows: [string, bigint][] = [['deploy', deployGas]];
  const a = await newTask();
  rows.push(['createTask (36-byte spec CID)', a.receipt.gasUsed]);
  rows.push([
    'fund',
    (await fund(solvers[1]!, { taskId: a.taskId, amount: 10n ** 17n })).receipt.gasUsed,
  ]);
  const first = await commit(solvers[0]!, { taskId: a.taskId, resultCid: await cid('a') });
  rows.push(['commit (first of a task)', first.receipt.gasUsed]);
  const second = await commit(solvers[1]!, { taskId: a.taskId, resultCid: await cid('b') });
  rows.push(['commit (later)', second.receipt.gasUsed]);
  await travel(a.task.commitDeadline);
  const r1 = await reveal(solvers[0]!, {
    taskId: a.taskId,
    submissionId: first.submissionId,
    resultCid: await cid('a'),
    salt: first.salt,
  });
  rows.push(['reveal (first: fixes the test seed)', r1.receipt.gasUsed]);
  const r2 = await reveal(solvers[1]!, {
    taskId: a.taskId,
    submissionId: second.submissionId,
    resultCid: await cid('b'),
    salt: second.salt,
  });
  rows.push(['reveal (later)', r2.receipt.gasUsed]);
  rows.push([
    'recordScore (new best)',
    (await score(a.taskId, 1n, await cid('a'), 5n)).receipt.gasUsed,
  ]);
  rows.push([
    'recordScore (not best)',
    (await score(a.taskId, 2n, await cid('b'), 3n)).receipt.gasUsed,
  ]);
  await travel(a.task.scoringDeadline);
  rows.push([
    'finalize (winner credited)',
    (await finalize(owner, { taskId: a.taskId })).receipt.gasUsed,
  ]);
  const b = await newTask();
  await travel(b.task.scoringDeadline);
  rows.push([
    'finalize (owner refunded)',
    (await finalize(owner, { taskId: b.taskId })).receipt.gasUsed,
  ]);
  const c = await newTask();
  rows.push(['cancel', (await cancel(owner, { taskId: c.taskId })).receipt.gasUsed]);
  rows.push(['withdraw', (await withdraw(solvers[0]!)).receipt.gasUsed]);

  console.log(
    'TaskMarket gas (anvil, chain id 366, hardfork istanbul; solc 0.8.30, optimizer, viaIR)\n',
  );
  console.log('| function | gas |');
  console.log('|---|---:|');
  for (const [name, gas] of rows) console.log(`| ${name} | ${gas} |`);

  console.log(
    '\nFull lifecycle: createTask, n x (commit, reveal, recordScore), finalize, withdraw\n',
  );
  console.log(
    '| submissions | create | commits | reveals | scores | finalize | withdraw | total | per submission |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of [1, 10, 100]) {
    const l = await lifecycle(n);
    const perSubmission = (l.commit + l.reveal + l.score) / BigInt(n);
    console.log(
      `| ${n} | ${l.create} | ${l.commit} | ${l.reveal} | ${l.score} | ${l.finalize} | ${l.withdraw} | ${l.total} | ${perSubmission} |`,
    );
  }
} finally {
  await chain.stop();
}
