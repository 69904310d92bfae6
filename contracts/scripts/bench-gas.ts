/**
 * `npm run bench:gas`: gas of every TaskMarket function and of whole task lifecycles with 1, 10
 * and 100 submissions, for one verifier (m = 1) and verifier quorums (m = 2 of 3, 3 of 3, 3 of 5),
 * measured on a local anvil (chain id 366, hardfork istanbul; anvil prices storage by Istanbul's
 * rules, Theta by Constantinople's with 200-gas SLOAD, so figures are close, not exact).
 *
 * Lifecycles are realistic: every commit pays a bond (returned by transfer on reveal), scores
 * arrive in a random order (a fixed seed, so runs are comparable) and the client relays only the
 * scores that beat the task's best; the cost of relaying every score is printed beside it.
 */
import type { Wallet } from 'ethers';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import {
  type MarketClient,
  cancel,
  commit,
  commitSeed,
  createMarketClient,
  createTask,
  deriveSeedContribution,
  finalize,
  fixTestSeed,
  fund,
  getTask,
  getTaskView,
  recordScore,
  reveal,
  revealSeed,
  seedContributionCommitment,
  settleSeed,
  signScore,
  signSeedCommitment,
  signTestSeed,
  sortVerifiers,
  withdraw,
  withdrawTo,
} from '@tem/core/market';
import { deployTaskMarket, startAnvil } from '../src/index.js';

const ETHER = 10n ** 18n;
const BOND = 10n ** 16n;
const WINDOW = 1000n;
const SOLVER_COUNT = 8;
const VERIFIER_ACCOUNTS = [2, 11, 12, 13, 14];
/** Verifier set sizes and thresholds measured: (n, m). */
const CONFIGS = [
  [1, 1],
  [3, 2],
  [3, 3],
  [5, 3],
] as const;

const chain = await startAnvil({ accounts: 3 + SOLVER_COUNT + VERIFIER_ACCOUNTS.length + 2 });
try {
  const deployment = await deployTaskMarket(chain.wallet(0), { minWindow: 5 });
  const deployGas = (await chain.provider.getTransactionReceipt(deployment.tx))!.gasUsed;
  const client = (i: number): MarketClient =>
    createMarketClient({ address: deployment.address, signer: chain.wallet(i) });
  const owner = client(1);
  const relayer = client(3 + SOLVER_COUNT + VERIFIER_ACCOUNTS.length);
  const solverIndices = Array.from({ length: SOLVER_COUNT }, (_, i) => 3 + i);
  const solvers = solverIndices.map(client);
  const verifierWallets = VERIFIER_ACCOUNTS.map((i) => chain.wallet(i));
  const cid = async (text: string) =>
    CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)));
  const travel = async (t: bigint) => {
    if (t <= (await chain.now())) return;
    await chain.provider.send('evm_setNextBlockTimestamp', [Number(t)]);
    await chain.mine();
  };

  /** A task whose verifiers are the first `n` verifier accounts, threshold `m`. */
  const newTask = async (n: number, m: number) => {
    const now = await chain.now();
    const seedWindow = n === 1 ? 0n : WINDOW;
    const verifiers = sortVerifiers(verifierWallets.slice(0, n).map((w) => w.address));
    const r = await createTask(owner, {
      specCid: await cid('spec'),
      bounty: ETHER,
      commitBond: BOND,
      commitDeadline: now + WINDOW,
      revealDeadline: now + 2n * WINDOW,
      scoringDeadline: now + 3n * WINDOW + 2n * seedWindow,
      verifiers,
      threshold: m,
      seedWindow,
      minScore: 1n,
    });
    return { ...r, task: await getTask(owner, { taskId: r.taskId }) };
  };
  const walletOf = (address: string): Wallet => verifierWallets.find((w) => w.address === address)!;

  /** Fixes the seed after the reveal deadline; returns the gas of each seed transaction. */
  const fixSeed = async (taskId: bigint): Promise<{ name: string; gas: bigint }[]> => {
    const task = await getTask(owner, { taskId });
    await travel(task.revealDeadline);
    const domain = {
      chainId: 366n,
      contract: deployment.address,
      taskId,
      revealsDigest: task.revealsDigest,
    };
    if (task.verifierCount === 1) {
      const signature = await signTestSeed(walletOf(task.verifiers[0]!), domain);
      const r = await fixTestSeed(relayer, { taskId, signature });
      return [{ name: 'fixTestSeed', gas: r.receipt.gasUsed }];
    }
    const steps: { name: string; gas: bigint }[] = [];
    const contributions: string[] = [];
    for (const address of task.verifiers) {
      const contribution = await deriveSeedContribution(walletOf(address), domain);
      const commitment = seedContributionCommitment(contribution);
      const signature = await signSeedCommitment(walletOf(address), { ...domain, commitment });
      const r = await commitSeed(relayer, { taskId, commitment, signature });
      steps.push({ name: 'commitSeed', gas: r.receipt.gasUsed });
      contributions.push(contribution);
    }
    for (const [verifierIndex, contribution] of contributions.entries()) {
      const r = await revealSeed(relayer, { taskId, verifierIndex, contribution });
      steps.push({
        name: r.testSeed ? 'revealSeed (last: fixes the seed)' : 'revealSeed',
        gas: r.receipt.gasUsed,
      });
    }
    return steps;
  };

  /** m signatures of a score, by the task's first m verifiers. */
  const signatures = async (
    taskId: bigint,
    submissionId: bigint,
    resultCid: CID,
    score: bigint,
  ): Promise<string[]> => {
    const task = await getTaskView(owner, { taskId });
    const { verifiers } = await getTask(owner, { taskId });
    return Promise.all(
      verifiers.slice(0, task.threshold).map((address) =>
        signScore(walletOf(address), {
          chainId: 366n,
          contract: deployment.address,
          taskId,
          submissionId,
          resultCid,
          score,
          testSeed: task.testSeed,
        }),
      ),
    );
  };
  const score = async (
    taskId: bigint,
    e: { submissionId: bigint; resultCid: CID; solver: number },
    value: bigint,
  ) =>
    recordScore(relayer, {
      taskId,
      submissionId: e.submissionId,
      score: value,
      signatures: await signatures(taskId, e.submissionId, e.resultCid, value),
      solver: chain.wallet(solverIndices[e.solver]!).address,
      resultCid: e.resultCid,
    });

  /** A small deterministic PRNG (mulberry32), so every run relays the same scores. */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** Runs a task with `count` submissions through its whole life; returns gas per step kind. */
  const lifecycle = async (n: number, m: number, count: number) => {
    const gas = {
      create: 0n,
      commit: 0n,
      reveal: 0n,
      seed: 0n,
      score: 0n,
      finalize: 0n,
      withdraw: 0n,
    };
    let otherScores = 0n;
    let relayed = 0;
    const created = await newTask(n, m);
    gas.create += created.receipt.gasUsed;
    const entries = [];
    for (let i = 0; i < count; i++) {
      const solver = i % SOLVER_COUNT;
      const resultCid = await cid(`n${n} m${m} c${count} r${i}`);
      const c = await commit(solvers[solver]!, {
        taskId: created.taskId,
        resultCid,
        commitBond: BOND,
      });
      gas.commit += c.receipt.gasUsed;
      entries.push({ solver, resultCid, submissionId: c.submissionId, salt: c.salt });
    }
    await travel(created.task.commitDeadline);
    for (const e of entries) {
      const r = await reveal(solvers[e.solver]!, {
        taskId: created.taskId,
        ...e,
        solver: undefined,
      });
      gas.reveal += r.receipt.gasUsed;
    }
    for (const step of await fixSeed(created.taskId)) gas.seed += step.gas;
    // Scores arrive in a random order; only those that would become the best are worth relaying.
    // The same score order for every quorum size, so their figures compare.
    const random = prng(count * 31);
    const order = entries
      .map((e) => ({ e, value: BigInt(1 + Math.floor(random() * 1_000_000)), key: random() }))
      .sort((a, b) => a.key - b.key);
    let best: { value: bigint; id: bigint } | undefined;
    for (const { e, value } of order) {
      const improves =
        !best || value > best.value || (value === best.value && e.submissionId < best.id);
      const r = await score(created.taskId, e, value);
      if (improves) {
        gas.score += r.receipt.gasUsed;
        relayed++;
        best = { value, id: e.submissionId };
      } else {
        otherScores += r.receipt.gasUsed;
      }
    }
    const task = await getTask(owner, { taskId: created.taskId });
    await travel(task.scoringDeadline);
    const f = await finalize(owner, { taskId: created.taskId });
    gas.finalize += f.receipt.gasUsed;
    const winner = entries.find((e) => e.submissionId === f.winningSubmissionId)!;
    const w = await withdraw(solvers[winner.solver]!);
    gas.withdraw += w.receipt.gasUsed;
    const total = Object.values(gas).reduce((a, b) => a + b, 0n);
    return { n, m, count, ...gas, total, relayed, otherScores };
  };

  // Single functions, each measured on the path a user usually takes.
  const rows: [string, bigint][] = [['deploy', deployGas]];
  const a = await newTask(1, 1);
  rows.push(['createTask (1 verifier, 36-byte spec CID, bond)', a.receipt.gasUsed]);
  const q = await newTask(3, 2);
  rows.push(['createTask (3 verifiers, m = 2)', q.receipt.gasUsed]);
  rows.push([
    'fund',
    (await fund(solvers[1]!, { taskId: a.taskId, amount: ETHER / 10n })).receipt.gasUsed,
  ]);
  const e1 = { solver: 0, resultCid: await cid('a') };
  const e2 = { solver: 1, resultCid: await cid('b') };
  const first = await commit(solvers[0]!, { taskId: a.taskId, resultCid: e1.resultCid });
  rows.push(['commit (first of a task, with bond)', first.receipt.gasUsed]);
  const second = await commit(solvers[1]!, { taskId: a.taskId, resultCid: e2.resultCid });
  rows.push(['commit (later)', second.receipt.gasUsed]);
  const qa = await commit(solvers[2]!, { taskId: q.taskId, resultCid: e1.resultCid });
  await travel(a.task.commitDeadline);
  const r1 = await reveal(solvers[0]!, {
    taskId: a.taskId,
    submissionId: first.submissionId,
    resultCid: e1.resultCid,
    salt: first.salt,
  });
  rows.push(['reveal (first, bond returned)', r1.receipt.gasUsed]);
  const r2 = await reveal(solvers[1]!, {
    taskId: a.taskId,
    submissionId: second.submissionId,
    resultCid: e2.resultCid,
    salt: second.salt,
  });
  rows.push(['reveal (later)', r2.receipt.gasUsed]);
  await reveal(solvers[2]!, {
    taskId: q.taskId,
    submissionId: qa.submissionId,
    resultCid: e1.resultCid,
    salt: qa.salt,
  });
  for (const step of await fixSeed(a.taskId)) rows.push([`${step.name} (1 verifier)`, step.gas]);
  // Task a gets a winner (its score is measured below with the other quorum sizes).
  await score(a.taskId, { ...e1, submissionId: first.submissionId }, 5n);
  const quorumSteps = await fixSeed(q.taskId);
  for (const step of quorumSteps.filter((s, i) => i === 0 || s.name !== quorumSteps[i - 1]!.name))
    rows.push([`${step.name} (3 verifiers)`, step.gas]);
  // settleSeed: a 3-verifier task where one verifier never reveals.
  const s = await newTask(3, 2);
  await travel(s.task.revealDeadline);
  const sDomain = {
    chainId: 366n,
    contract: deployment.address,
    taskId: s.taskId,
    revealsDigest: s.task.revealsDigest,
  };
  const sContributions: string[] = [];
  for (const address of s.task.verifiers) {
    const contribution = await deriveSeedContribution(walletOf(address), sDomain);
    const commitment = seedContributionCommitment(contribution);
    await commitSeed(relayer, {
      taskId: s.taskId,
      commitment,
      signature: await signSeedCommitment(walletOf(address), { ...sDomain, commitment }),
    });
    sContributions.push(contribution);
  }
  for (const verifierIndex of [0, 1])
    await revealSeed(relayer, {
      taskId: s.taskId,
      verifierIndex,
      contribution: sContributions[verifierIndex]!,
    });
  await travel(s.task.seedRevealDeadline);
  rows.push([
    'settleSeed (2 of 3 revealed)',
    (await settleSeed(relayer, { taskId: s.taskId })).receipt.gasUsed,
  ]);
  // recordScore for each quorum size: a new best, then a score that is not.
  for (const [n, m] of CONFIGS) {
    const t = await newTask(n, m);
    const entries = [];
    for (const solver of [0, 1]) {
      const resultCid = await cid(`score rows ${n} ${m} ${solver}`);
      const c = await commit(solvers[solver]!, { taskId: t.taskId, resultCid, commitBond: BOND });
      entries.push({ solver, resultCid, submissionId: c.submissionId, salt: c.salt });
    }
    await travel(t.task.commitDeadline);
    for (const e of entries) {
      await reveal(solvers[e.solver]!, { taskId: t.taskId, ...e, solver: undefined });
    }
    await fixSeed(t.taskId);
    rows.push([
      `recordScore m = ${m} of ${n} (new best)`,
      (await score(t.taskId, entries[0]!, 50n)).receipt.gasUsed,
    ]);
    rows.push([
      `recordScore m = ${m} of ${n} (not best)`,
      (await score(t.taskId, entries[1]!, 40n)).receipt.gasUsed,
    ]);
  }
  await travel((await getTask(owner, { taskId: s.taskId })).scoringDeadline);
  rows.push([
    'finalize (winner credited)',
    (await finalize(owner, { taskId: a.taskId })).receipt.gasUsed,
  ]);
  rows.push([
    'finalize (owner refunded)',
    (await finalize(owner, { taskId: s.taskId })).receipt.gasUsed,
  ]);
  const c = await newTask(1, 1);
  rows.push(['cancel', (await cancel(owner, { taskId: c.taskId })).receipt.gasUsed]);
  rows.push(['withdraw', (await withdraw(solvers[0]!)).receipt.gasUsed]);
  rows.push([
    'withdrawTo',
    (await withdrawTo(owner, { payee: chain.wallet(2).address })).receipt.gasUsed,
  ]);

  console.log(
    'TaskMarket gas (anvil, chain id 366, hardfork istanbul; solc 0.8.30, optimizer, viaIR)\n',
  );
  console.log('| function | gas |');
  console.log('|---|---:|');
  for (const [name, gas] of rows) console.log(`| ${name} | ${gas} |`);

  console.log(
    '\nFull lifecycle: createTask, n x (commit, reveal), test seed, the improving scores relayed (random order), finalize, withdraw.',
  );
  console.log(
    '"per submission" = (commits + reveals + relayed scores) / submissions, with the scores this run relayed; "expected" with H(n) = 1 + 1/2 + ... + 1/n relays (the expected number of new bests in a random order) at this run\'s mean gas per relayed score; "every score" relays all of them.\n',
  );
  console.log(
    '| verifiers | submissions | create | commits | reveals | seed | scores (relayed) | finalize | withdraw | total | per submission | expected per submission | every score relayed |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [n, m] of CONFIGS) {
    for (const count of [1, 10, 100]) {
      const l = await lifecycle(n, m, count);
      const perSubmission = (l.commit + l.reveal + l.score) / BigInt(count);
      const everyScore = (l.commit + l.reveal + l.score + l.otherScores) / BigInt(count);
      let harmonic = 0;
      for (let k = 1; k <= count; k++) harmonic += 1 / k;
      const expected = Math.round(
        Number(l.commit + l.reveal) / count + (harmonic * Number(l.score)) / l.relayed / count,
      );
      console.log(
        `| m = ${m} of ${n} | ${count} | ${l.create} | ${l.commit} | ${l.reveal} | ${l.seed} | ${l.score} (${l.relayed}) | ${l.finalize} | ${l.withdraw} | ${l.total} | ${perSubmission} | ${expected} | ${everyScore} |`,
      );
    }
  }
} finally {
  await chain.stop();
}
