/**
 * Runs one random call sequence against a TaskMarket on anvil (reverted to a snapshot first) and
 * checks the model after every step, then ends every task, withdraws every credit and checks the
 * chain's own record: each task ended once, every credit paid exactly once, nothing left but the
 * TFuel forced in.
 */
import { Interface, ZeroHash, concat, keccak256 } from 'ethers';
import { expect } from 'vitest';
import { decodeMarketLog } from '@tem/core/market';
import { compileContract } from '../../scripts/solc.js';
import { type AnvilChain, deployTaskMarket, startAnvil } from '../../src/index.js';
import { cidOf } from '../test-support/fixture.js';
import { type Actor, AnvilSigner, ChainDriver } from './chain-driver.js';
import type { Command, Deadline } from './commands.js';
import {
  MAX_HORIZON,
  MAX_SCORE,
  MarketModel,
  type ModelSubmission,
  type ModelTask,
  popcount,
} from './market-model.js';

const MIN_WINDOW = 5n;
const actorArtifact = compileContract('MarketActor', ['test/MarketActor.sol'], { viaIR: false });
const forceArtifact = compileContract('ForceSend', ['test/MarketActor.sol'], { viaIR: false });
const lensArtifact = compileContract('MarketLens', ['test/MarketLens.sol'], { viaIR: false });
const lens = new Interface(lensArtifact.abi as never);

/** A market with its actors, ready for sequences. */
export interface PropertyEnv {
  chain: AnvilChain;
  driver: ChainDriver;
  actors: Actor[];
  /** The three verifier wallets; verifier 0's account is also actor 6. */
  verifiers: AnvilSigner[];
  stranger: AnvilSigner;
  forceFrom: string;
  lens: string;
  snapshot: string;
  steps: number;
  /** Calls sent per function, and how many of them succeeded. */
  outcomes: Map<string, { sent: number; succeeded: number }>;
  stop(): Promise<void>;
}

/** Starts anvil, deploys TaskMarket and the contract actors, and snapshots the chain. */
export async function setUpMarket(): Promise<PropertyEnv> {
  const chain = await startAnvil({ accounts: 16 });
  const { address } = await deployTaskMarket(chain.wallet(0), { minWindow: Number(MIN_WINDOW) });
  const driver = new ChainDriver(chain.rpcUrl, address);
  await driver.init();
  const a = (i: number) => chain.accounts[i]!.address;
  const contractActor = async (
    name: string,
    controller: number,
    mode: 0 | 1 | 2,
  ): Promise<Actor> => ({
    name,
    address: await driver.deploy(
      a(controller),
      actorArtifact,
      ['address', 'uint8'],
      [address, mode],
    ),
    sender: a(controller),
    mode,
  });
  const actors: Actor[] = [
    { name: 'eoa 1', address: a(1), sender: a(1) },
    { name: 'eoa 3', address: a(3), sender: a(3) },
    { name: 'eoa 4', address: a(4), sender: a(4) },
    await contractActor('contract accepting', 5, 0),
    await contractActor('contract rejecting', 6, 1),
    await contractActor('contract re-entering', 7, 2),
    { name: 'verifier 0 as owner', address: a(2), sender: a(2) },
  ];
  const env: PropertyEnv = {
    chain,
    driver,
    actors,
    verifiers: [2, 10, 11].map((i) => new AnvilSigner(driver, a(i))),
    stranger: new AnvilSigner(driver, a(12)),
    forceFrom: a(13),
    lens: await driver.deploy(a(13), lensArtifact, [], []),
    snapshot: await driver.snapshot(),
    steps: 0,
    outcomes: new Map(),
    stop: async () => {
      await driver.close();
      await chain.stop();
    },
  };
  return env;
}

/** An existing id most of the time, the next (missing) id now and then. */
const resolve = (ref: number, count: number): number =>
  ref % 16 === 15 ? count + 1 : count === 0 ? 1 : (ref % count) + 1;

/** A submission id of `task`: mostly one that `wanted` accepts, now and then any reference. */
const pickSub = (
  task: ModelTask | undefined,
  ref: number,
  wanted: (sub: ModelSubmission) => boolean,
): number => {
  const candidates = (task?.subs ?? []).flatMap((sub, k) => (wanted(sub) ? [k + 1] : []));
  return ref % 8 !== 7 && candidates.length > 0
    ? candidates[ref % candidates.length]!
    : resolve(ref, task?.subs.length ?? 0);
};

const stringify = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

const byAddress = (a: AnvilSigner, b: AnvilSigner) =>
  BigInt(a.address) < BigInt(b.address) ? -1 : 1;

/** Runs one sequence; throws (an expect failure) when the chain and the model disagree. */
export async function runSequence(env: PropertyEnv, commands: readonly Command[]): Promise<void> {
  const { driver, actors } = env;
  await driver.revert(env.snapshot);
  env.snapshot = await driver.snapshot();
  const model = new MarketModel(366n, driver.market, MIN_WINDOW);
  const startBlock = (await driver.blockNumber()) + 1;
  // Every transaction is mined in a block of its own: the state after it is that block's.
  let block = startBlock - 1;
  let now = await driver.latestTimestamp();
  let next = now + 1n;
  // Clears a next-block timestamp a previous sequence may have left pending.
  await driver.setNextTimestamp(next);
  let seeds = new Map<bigint, string>();
  let saltCounter = 0;

  /** Sends a call at `next`; checks its outcome and every invariant afterwards. */
  const transact = async (
    who: Actor,
    functionName: string,
    args: readonly unknown[],
    value: bigint,
    expected: boolean,
    what: string,
  ) => {
    const hash = await driver.sendAs(who, functionName, args, value);
    env.steps++;
    const tally = env.outcomes.get(functionName) ?? { sent: 0, succeeded: 0 };
    tally.sent++;
    if (expected) tally.succeeded++;
    env.outcomes.set(functionName, tally);
    block++;
    now = next;
    next = now + 1n;
    await check(hash, expected, what);
  };

  const check = async (hash: string | undefined, expected: boolean | undefined, what: string) => {
    const contracts = actors.filter((x) => x.mode !== undefined);
    const data = lens.encodeFunctionData('read', [
      driver.market,
      actors.map((x) => x.address),
      contracts.map((x) => x.address),
    ]);
    // The receipt and the state of the transaction's own block, in one request; anvil may answer
    // the send before the block is in, then both are asked again.
    const tag = `0x${block.toString(16)}`;
    let raw: unknown;
    for (let pause = 1; ; pause = Math.min(2 * pause, 50)) {
      const [state, receipt] = await driver.tryBatch([
        { method: 'eth_call', params: [{ to: env.lens, data }, tag] },
        ...(hash ? [{ method: 'eth_getTransactionReceipt', params: [hash] }] : []),
      ]);
      const mined = receipt?.result as { status: string; blockNumber: string } | null | undefined;
      if (state!.result !== undefined && (!hash || mined)) {
        if (mined) {
          expect(Number(mined.blockNumber), `${what}: block`).toBe(block);
          expect(mined.status === '0x1', `${what}: outcome`).toBe(expected);
        }
        raw = state!.result;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    // The lens answers one uint256[]: skip its offset and length, then read 32-byte words.
    const words = (raw as string).slice(2).match(/.{64}/g)!.slice(2);
    const big = (w: string) => BigInt(`0x${w}`);
    let k = 0;
    const balance = big(words[k++]!);
    const credits = actors.map(() => big(words[k++]!));
    const contractBalances = contracts.map(() => big(words[k++]!));
    const taskCount = Number(big(words[k++]!));
    // TaskView words: state 2, bounty 3, submissionCount 14, revealCount 15, bestSolver 16,
    // bestSubmissionId 17, bestScore 18, revealsDigest 19, testSeed 20, seedCommitted 21,
    // seedRevealed 22.
    const FIELDS = [2, 3, 14, 15, 16, 17, 18, 19, 20, 21, 22];
    const taskWords = Array.from({ length: taskCount }, (_, t) =>
      FIELDS.map((f) => words[k + 23 * t + f]!),
    );
    const chainState = { balance, credits, contractBalances, tasks: taskWords };
    const word = (v: bigint | string) =>
      (typeof v === 'string' ? v.slice(2) : v.toString(16)).toLowerCase().padStart(64, '0');
    const modelState = {
      // Tracked funds are exact; the balance exceeds them by exactly the TFuel forced in.
      balance: model.tracked() + model.forced,
      credits: actors.map((x) => model.credits.get(x.address) ?? 0n),
      contractBalances: contracts.map((x) => model.received.get(x.address) ?? 0n),
      tasks: model.tasks.map((t) =>
        [
          BigInt(['open', 'finalized', 'cancelled'].indexOf(t.state)),
          t.bounty,
          BigInt(t.subs.length),
          BigInt(t.subs.filter((x) => x.revealed).length),
          t.best?.solver ?? '0x',
          t.best?.id ?? 0n,
          t.best?.score ?? 0n,
          t.digest,
          t.seed,
          BigInt(t.seedCommitted),
          BigInt(t.seedRevealed),
        ].map(word),
      ),
    };
    // A plain comparison first (thousands of steps); expect's diff only when they differ.
    if (stringify(chainState) !== stringify(modelState)) {
      expect(chainState, `${what}: chain and model`).toEqual(modelState);
    }
    seeds = new Map(model.tasks.map((t) => [t.id, t.seed]));
    for (const [account, total] of model.withdrawn) {
      if (total > (model.credited.get(account) ?? 0n)) {
        expect(total, `${what}: withdrawn by ${account}`).toBeLessThanOrEqual(
          model.credited.get(account) ?? 0n,
        );
      }
    }
  };

  const pickTask = (ref: number, wanted?: (t: ModelTask) => boolean): number => {
    if (wanted && ref % 8 !== 7) {
      const candidates = model.tasks.filter(wanted);
      if (candidates.length > 0) return Number(candidates[ref % candidates.length]!.id);
    }
    return resolve(ref, model.tasks.length);
  };

  const step = async (c: Command): Promise<void> => {
    const t = next;
    const who = 'actor' in c ? actors[c.actor]! : actors[0]!;
    const what = `${c.kind} (${JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? v.toString() : v))})`;
    switch (c.kind) {
      case 'create': {
        const owner = c.broken === 'ownerVerifier' ? actors[6]! : who;
        const n = c.n;
        let verifiers = [0, 1, 2].map((k) => env.verifiers[(k + c.offset) % 3]!).slice(0, n);
        if (c.broken === 'ownerVerifier' && !verifiers.includes(env.verifiers[0]!))
          verifiers[0] = env.verifiers[0]!;
        verifiers = [...verifiers].sort(byAddress);
        const sent = c.broken === 'order' ? [...verifiers].reverse() : verifiers;
        const threshold = c.broken === 'threshold' ? (c.m % 2 === 0 ? 0 : n + 1) : c.m;
        let seedWindow = n === 1 ? 0n : BigInt(c.seedWindow);
        if (c.broken === 'seedWindow') seedWindow = n === 1 ? 7n : MIN_WINDOW - 1n;
        const bounty = c.broken === 'bounty' ? 0n : c.bounty;
        const minScore = c.broken === 'minScore' ? MAX_SCORE + 1n : c.minScore;
        const commitDeadline =
          t + (c.broken === 'commitWindow' ? MIN_WINDOW - 1n : BigInt(c.commitIn));
        const revealDeadline =
          commitDeadline + (c.broken === 'revealWindow' ? MIN_WINDOW - 1n : BigInt(c.revealIn));
        let scoringDeadline =
          revealDeadline +
          2n * seedWindow +
          (c.broken === 'scoringWindow' ? MIN_WINDOW - 1n : BigInt(c.scoreIn));
        if (c.broken === 'horizon') scoringDeadline = t + MAX_HORIZON + 1n;
        const addresses = sent.map((w) => w.address);
        const ascending = addresses.every(
          (a, k) => k === 0 || BigInt(a) > BigInt(addresses[k - 1]!),
        );
        const seedWindowOk = n === 1 ? seedWindow === 0n : seedWindow >= MIN_WINDOW;
        const ok =
          bounty > 0n &&
          ascending &&
          !addresses.includes(owner.address) &&
          threshold >= 1 &&
          threshold <= n &&
          minScore <= MAX_SCORE &&
          seedWindowOk &&
          commitDeadline - t >= MIN_WINDOW &&
          revealDeadline - commitDeadline >= MIN_WINDOW &&
          scoringDeadline - revealDeadline - 2n * seedWindow >= MIN_WINDOW &&
          scoringDeadline <= t + MAX_HORIZON;
        const params = {
          specCid: (await cidOf('spec')).bytes,
          commitDeadline,
          revealDeadline,
          scoringDeadline,
          seedWindow,
          minScore,
          commitBond: c.bond,
          threshold,
          verifiers: addresses,
        };
        if (ok) {
          model.tasks.push({
            id: BigInt(model.tasks.length + 1),
            owner,
            verifiers,
            threshold,
            bond: c.bond,
            bounty,
            commitDeadline,
            revealDeadline,
            seedWindow,
            scoringDeadline,
            minScore,
            state: 'open',
            subs: [],
            digest: ZeroHash,
            seed: ZeroHash,
            seedCommitted: 0,
            seedRevealed: 0,
            contributions: new Map(),
            best: undefined,
          });
        }
        return transact(owner, 'createTask', [params], bounty, ok, what);
      }
      case 'fund': {
        const id = pickTask(c.task, (x) => x.state === 'open' && t < x.commitDeadline);
        const task = model.open(id);
        const ok = !!task && c.amount > 0n && t < task.commitDeadline;
        if (ok) task.bounty += c.amount;
        return transact(who, 'fund', [id], c.amount, ok, what);
      }
      case 'cancel': {
        const id = pickTask(c.task, (x) => x.state === 'open' && x.subs.length === 0);
        const task = model.open(id);
        const ok = !!task && task.owner.address === who.address && task.subs.length === 0;
        if (ok) {
          task.state = 'cancelled';
          model.credit(task.owner.address, task.bounty);
        }
        return transact(who, 'cancel', [id], 0n, ok, what);
      }
      case 'commit': {
        const id = pickTask(c.task, (x) => x.state === 'open' && t < x.commitDeadline);
        const task = model.open(id);
        const resultCid = await cidOf(`result ${c.label}`);
        const salt = MarketModel.salt(++saltCounter);
        const bond = (model.task(id)?.bond ?? 0n) + (c.wrongBond ? 1n : 0n);
        const ok = !!task && t < task.commitDeadline && !c.wrongBond;
        const commitment = model.commitmentOf(BigInt(id), who, resultCid, salt);
        if (ok) task.subs.push({ solver: who, resultCid, salt, revealed: false });
        return transact(who, 'commit', [id, commitment], bond, ok, what);
      }
      case 'reveal': {
        const id = pickTask(
          c.task,
          (x) =>
            x.state === 'open' &&
            t >= x.commitDeadline &&
            t < x.revealDeadline &&
            x.subs.some((s) => !s.revealed),
        );
        const task = model.open(id);
        const sid = pickSub(task, c.sub, (x) => !x.revealed);
        const sub = task?.subs[sid - 1];
        const ok =
          !!task &&
          t >= task.commitDeadline &&
          t < task.revealDeadline &&
          !!sub &&
          !sub.revealed &&
          c.honest;
        const solver = sub?.solver ?? who;
        const args = [
          id,
          sid,
          solver.address,
          (sub?.resultCid ?? (await cidOf('nothing'))).bytes,
          c.honest && sub ? sub.salt : `0x${'ee'.repeat(32)}`,
        ];
        if (ok) {
          model.foldReveal(task, BigInt(sid));
          if (task.bond > 0n) {
            if (MarketModel.accepts(solver, true)) model.receive(solver, task.bond);
            else model.credit(solver.address, task.bond);
          }
        }
        return transact(who, 'reveal', args, 0n, ok, what);
      }
      case 'fixSeed': {
        const id =
          c.id ??
          pickTask(
            c.task,
            (x) =>
              x.state === 'open' &&
              x.verifiers.length === 1 &&
              x.seed === ZeroHash &&
              t >= x.revealDeadline &&
              t < x.scoringDeadline,
          );
        const task = model.open(id);
        const signer = c.honest ? (task?.verifiers[0] ?? env.verifiers[0]!) : env.stranger;
        const signature = await model.seedSignature(BigInt(id), task?.digest ?? ZeroHash, signer);
        const ok =
          !!task &&
          task.verifiers.length === 1 &&
          t >= task.revealDeadline &&
          t < task.scoringDeadline &&
          task.seed === ZeroHash &&
          c.honest;
        if (ok) model.fixSeedFromSignature(task, signature);
        const verifiers = (model.task(id)?.verifiers ?? [env.verifiers[0]!]).map((w) => w.address);
        return transact(who, 'fixTestSeed', [id, verifiers, signature], 0n, ok, what);
      }
      case 'commitSeed': {
        const id =
          c.id ??
          pickTask(
            c.task,
            (x) =>
              x.state === 'open' &&
              x.verifiers.length > 1 &&
              t >= x.revealDeadline &&
              t < x.revealDeadline + x.seedWindow &&
              x.seedCommitted !== (1 << x.verifiers.length) - 1,
          );
        const task = model.open(id);
        const n = task?.verifiers.length ?? 1;
        // Mostly a verifier that has not committed yet; now and then any index, valid or not.
        const open = [...Array(n).keys()].filter((i) => !((task?.seedCommitted ?? 0) & (1 << i)));
        const index =
          c.verifier !== 3 && open.length > 0 ? open[c.verifier % open.length]! : c.verifier;
        const verifier = task?.verifiers[index] ?? env.verifiers[0]!;
        const contribution = await model.contribution(
          BigInt(id),
          task?.digest ?? ZeroHash,
          verifier,
        );
        const { commitment, signature } = await model.seedCommitment(
          BigInt(id),
          task?.digest ?? ZeroHash,
          contribution,
          c.honest ? verifier : env.stranger,
        );
        const ok =
          !!task &&
          n > 1 &&
          t >= task.revealDeadline &&
          t < task.scoringDeadline &&
          task.seed === ZeroHash &&
          t < task.revealDeadline + task.seedWindow &&
          index < n &&
          (task.seedCommitted & (1 << index)) === 0 &&
          c.honest;
        if (ok) {
          task.seedCommitted |= 1 << index;
          task.contributions.set(index, contribution);
        }
        const verifiers = (model.task(id)?.verifiers ?? [env.verifiers[0]!]).map((w) => w.address);
        return transact(
          who,
          'commitSeed',
          [id, verifiers, index, commitment, signature],
          0n,
          ok,
          what,
        );
      }
      case 'revealSeed': {
        const id =
          c.id ??
          pickTask(
            c.task,
            (x) =>
              x.state === 'open' &&
              x.seedCommitted !== x.seedRevealed &&
              t < x.revealDeadline + 2n * x.seedWindow &&
              (t >= x.revealDeadline + x.seedWindow ||
                x.seedCommitted === (1 << x.verifiers.length) - 1),
          );
        const task = model.open(id);
        const n = task?.verifiers.length ?? 1;
        // Mostly a committed verifier that has not revealed; now and then any index.
        const pending = [...Array(n).keys()].filter(
          (i) => ((task?.seedCommitted ?? 0) & ~(task?.seedRevealed ?? 0) & (1 << i)) !== 0,
        );
        const index =
          c.verifier !== 3 && pending.length > 0
            ? pending[c.verifier % pending.length]!
            : c.verifier;
        const committed = task?.contributions.get(index);
        const contribution = c.honest && committed ? committed : `0x${'ab'.repeat(32)}`;
        const bit = 1 << index;
        const ok =
          !!task &&
          n > 1 &&
          t < task.revealDeadline + 2n * task.seedWindow &&
          (t >= task.revealDeadline + task.seedWindow || task.seedCommitted === (1 << n) - 1) &&
          index < n &&
          (task.seedCommitted & bit) !== 0 &&
          (task.seedRevealed & bit) === 0 &&
          c.honest;
        if (ok) {
          task.seedRevealed |= bit;
          if (
            task.seedRevealed === task.seedCommitted &&
            popcount(task.seedRevealed) >= task.threshold
          ) {
            model.fixSeedFromContributions(task);
          }
        }
        return transact(who, 'revealSeed', [id, index, contribution], 0n, ok, what);
      }
      case 'seed': {
        // The task's next seed step, as the matching command (which resolves the same task).
        const needs = (x: ModelTask) =>
          x.state === 'open' &&
          x.seed === ZeroHash &&
          t >= x.revealDeadline &&
          t < x.scoringDeadline;
        const candidates = model.tasks.filter(needs);
        const task = candidates.length > 0 ? candidates[c.task % candidates.length] : undefined;
        if (!task || c.task % 8 === 7) {
          const any = { actor: c.actor, task: c.task, verifier: c.verifier, honest: c.honest };
          const kinds = ['fixSeed', 'commitSeed', 'revealSeed', 'settleSeed'] as const;
          return step({ kind: kinds[c.verifier % 4]!, ...any });
        }
        const n = task.verifiers.length;
        const all = (1 << n) - 1;
        const id = Number(task.id);
        const base = { actor: c.actor, task: 0, id, verifier: c.verifier, honest: c.honest };
        if (n === 1) return step({ kind: 'fixSeed', ...base });
        if (t < task.revealDeadline + task.seedWindow && task.seedCommitted !== all) {
          return step({ kind: 'commitSeed', ...base });
        }
        if (
          t < task.revealDeadline + 2n * task.seedWindow &&
          task.seedCommitted !== task.seedRevealed
        ) {
          return step({ kind: 'revealSeed', ...base });
        }
        return step({ kind: 'settleSeed', actor: c.actor, task: 0, id });
      }
      case 'settleSeed': {
        const id =
          c.id ??
          pickTask(
            c.task,
            (x) =>
              x.state === 'open' &&
              x.verifiers.length > 1 &&
              x.seed === ZeroHash &&
              t >= x.revealDeadline + 2n * x.seedWindow,
          );
        const task = model.open(id);
        const ok =
          !!task &&
          task.verifiers.length > 1 &&
          task.seed === ZeroHash &&
          t >= task.revealDeadline + 2n * task.seedWindow &&
          popcount(task.seedRevealed) >= task.threshold;
        if (ok) model.fixSeedFromContributions(task);
        return transact(who, 'settleSeed', [id], 0n, ok, what);
      }
      case 'score': {
        const id = pickTask(
          c.task,
          (x) =>
            x.state === 'open' &&
            x.seed !== ZeroHash &&
            t < x.scoringDeadline &&
            x.subs.some((s) => s.revealed),
        );
        const task = model.open(id);
        const sid = pickSub(task, c.sub, (x) => x.revealed);
        const sub = task?.subs[sid - 1];
        const verifiers = model.task(id)?.verifiers ?? [env.verifiers[0]!];
        const seed = seeds.get(BigInt(id)) ?? ZeroHash;
        const chosen = verifiers
          .filter((_, k) => c.signers & (1 << k))
          .slice(0, model.task(id)?.threshold ?? 1);
        const signatures = await Promise.all(
          chosen.map((w, k) =>
            model.scoreSignature(
              BigInt(id),
              sub,
              BigInt(sid),
              c.score,
              seed,
              c.stranger && k === 0 ? env.stranger : w,
            ),
          ),
        );
        const ok =
          !!task &&
          t < task.scoringDeadline &&
          task.seed !== ZeroHash &&
          c.score <= MAX_SCORE &&
          !!sub &&
          sub.revealed &&
          chosen.length === task.threshold &&
          !c.stranger;
        if (ok) {
          const best = task.best;
          if (!best || c.score > best.score || (c.score === best.score && BigInt(sid) < best.id)) {
            task.best = { id: BigInt(sid), score: c.score, solver: sub.solver.address };
          }
        }
        const args = [
          id,
          sid,
          (sub?.solver ?? who).address,
          sub ? keccak256(sub.resultCid.bytes) : ZeroHash,
          c.score,
          verifiers.map((w) => w.address),
          signatures.length > 0 ? concat(signatures) : '0x',
        ];
        return transact(who, 'recordScore', args, 0n, ok, what);
      }
      case 'finalize': {
        const id = pickTask(c.task, (x) => x.state === 'open' && t >= x.scoringDeadline);
        const task = model.open(id);
        const ok = !!task && t >= task.scoringDeadline;
        if (ok) finalizeModel(task);
        return transact(who, 'finalize', [id], 0n, ok, what);
      }
      case 'withdraw': {
        const owed = model.credits.get(who.address) ?? 0n;
        const ok = owed > 0n && MarketModel.accepts(who, false);
        if (ok) paid(who, who, owed);
        return transact(who, 'withdraw', [], 0n, ok, what);
      }
      case 'withdrawTo': {
        const payee = actors[c.payee]!;
        const owed = model.credits.get(who.address) ?? 0n;
        const ok = owed > 0n && MarketModel.accepts(payee, false);
        if (ok) paid(who, payee, owed);
        return transact(who, 'withdrawTo', [payee.address], 0n, ok, what);
      }
      case 'force': {
        const amount = c.amount * 10n ** 16n;
        await driver.deploy(env.forceFrom, forceArtifact, ['address'], [driver.market], amount);
        block++;
        model.forced += amount;
        now = next;
        next = now + 1n;
        return check(undefined, undefined, what);
      }
      case 'wait':
        next += BigInt(c.seconds);
        await driver.setNextTimestamp(next);
        return;
      case 'travel': {
        const task = model.task(resolve(c.task, model.tasks.length));
        if (!task) return;
        const deadlines: Record<Deadline, bigint> = {
          commit: task.commitDeadline,
          reveal: task.revealDeadline,
          seedCommit: task.revealDeadline + task.seedWindow,
          seedReveal: task.revealDeadline + 2n * task.seedWindow,
          scoring: task.scoringDeadline,
        };
        const target = deadlines[c.deadline] + BigInt(c.jitter);
        if (target > next) {
          next = target;
          await driver.setNextTimestamp(next);
        }
        return;
      }
    }
  };

  const finalizeModel = (task: ModelTask) => {
    const win = task.best !== undefined && task.best.score >= task.minScore;
    const payee = win ? task.best!.solver : task.owner.address;
    const unrevealed = BigInt(task.subs.filter((s) => !s.revealed).length);
    task.state = 'finalized';
    model.credit(payee, task.bounty + task.bond * unrevealed);
  };

  const paid = (account: Actor, payee: Actor, amount: bigint) => {
    model.credits.set(account.address, 0n);
    model.withdrawn.set(account.address, (model.withdrawn.get(account.address) ?? 0n) + amount);
    model.receive(payee, amount);
  };

  for (const c of commands) await step(c);

  // Every task reaches payout or refund: after the last deadline anyone finalizes the open ones.
  const last = model.tasks.reduce(
    (max, x) => (x.scoringDeadline > max ? x.scoringDeadline : max),
    next,
  );
  if (last > next) {
    next = last;
    await driver.setNextTimestamp(next);
  }
  for (const task of model.tasks) {
    if (task.state !== 'open') continue;
    finalizeModel(task);
    await transact(actors[1]!, 'finalize', [task.id], 0n, true, `final finalize ${task.id}`);
  }
  for (const who of actors) {
    const owed = model.credits.get(who.address) ?? 0n;
    if (owed === 0n) continue;
    const payee = MarketModel.accepts(who, false) ? who : actors[0]!;
    paid(who, payee, owed);
    if (payee === who) await transact(who, 'withdraw', [], 0n, true, `final withdraw ${who.name}`);
    else
      await transact(who, 'withdrawTo', [payee.address], 0n, true, `final withdrawTo ${who.name}`);
  }
  const balance = BigInt(
    (await driver.call('eth_getBalance', [driver.market, 'latest'])) as string,
  );
  expect(balance, 'only the forced TFuel is left').toBe(model.forced);
  for (const [account, total] of model.credited) {
    expect(model.withdrawn.get(account) ?? 0n, `every credit of ${account} paid once`).toBe(total);
  }

  // The same from the chain's own record: each task ended once, each account withdrew what it was
  // credited.
  const logs = (await driver.call('eth_getLogs', [
    { address: driver.market, fromBlock: `0x${startBlock.toString(16)}`, toBlock: 'latest' },
  ])) as {
    topics: string[];
    data: string;
    blockNumber: string;
    transactionHash: string;
    logIndex: string;
  }[];
  const events = logs.flatMap((log) => {
    const e = decodeMarketLog({
      ...log,
      blockNumber: Number(log.blockNumber),
      index: Number(log.logIndex),
    });
    return e ? [e] : [];
  });
  const ends = new Map<bigint, number>();
  const net = new Map<string, bigint>();
  for (const e of events) {
    if (e.eventName === 'TaskFinalized' || e.eventName === 'TaskCancelled') {
      ends.set(e.args.taskId, (ends.get(e.args.taskId) ?? 0) + 1);
    } else if (e.eventName === 'Credited') {
      net.set(e.args.account, (net.get(e.args.account) ?? 0n) + e.args.amount);
    } else if (e.eventName === 'Withdrawn') {
      net.set(e.args.account, (net.get(e.args.account) ?? 0n) - e.args.amount);
    }
  }
  expect([...ends.values()]).toEqual(model.tasks.map(() => 1));
  for (const [account, total] of net) expect(total, `events of ${account}`).toBe(0n);
}
