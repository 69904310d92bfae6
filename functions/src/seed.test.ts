import { keccak256 } from 'ethers';
import {
  getTask,
  recoverSeedCommitmentSigner,
  recoverTestSeedSigner,
  seedContributionCommitment,
  testSeedFromContributions,
} from '@tem/core/market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, VERIFIERS } from '@tem/testkit/roles';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger } from './lib/logger.js';
import { seedHandlerFromServices } from './seed.js';
import type { SeedResultJson } from './seed/seed-answer.js';
import { createServices } from './services.js';
import {
  startMarketFixture,
  type FixtureTask,
  type MarketFixture,
} from './test-support/market-fixture.js';

let fx: MarketFixture;
/** The fixture verifier's seed endpoint, and one per quorum verifier (by index). */
let handler: FunctionHandler;
let quorumHandlers: FunctionHandler[];

function handlerFor(privateKey: string): FunctionHandler {
  return seedHandlerFromServices(
    createServices(fx.env({ VERIFIER_PRIVATE_KEY: privateKey }), { log: silentLogger }),
  );
}

async function ask(
  body: unknown,
  h = handler,
): Promise<{ status: number; body: SeedResultJson & Record<string, unknown> }> {
  const response = await h(
    new Request('http://localhost/api/seed', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://site.example' },
      body: JSON.stringify(body),
    }),
    { params: {}, ip: '10.1.1.1' },
  );
  return { status: response.status, body: await response.json() };
}

/** A task with one revealed submission, in its reveal window. */
async function revealedTask(options: Parameters<MarketFixture['createTask']>[0] = {}) {
  const task = await fx.createTask(options);
  const submission = await fx.commit(task, await fx.uploadBundle(task));
  await fx.openReveal(task);
  await fx.reveal(submission);
  return task;
}

/** Sends a relay the endpoint answered, from an account that is not a verifier. */
async function relay(answer: SeedResultJson) {
  const sent = await fx.chain
    .wallet(ROLES.relayer)
    .sendTransaction({ to: answer.relay.contract, data: answer.relay.data });
  expect((await sent.wait())?.status).toBe(1);
}

const domainOf = async (task: FixtureTask) => ({
  chainId: fx.chain.chainId,
  contract: fx.market,
  taskId: task.taskId,
  revealsDigest: (await getTask(fx.client(ROLES.relayer), { taskId: task.taskId })).revealsDigest,
});

beforeAll(async () => {
  fx = await startMarketFixture();
  handler = handlerFor(fx.verifier.privateKey);
  quorumHandlers = fx.quorum.map((v) => handlerFor(v.privateKey));
});

afterAll(async () => {
  await fx?.close();
});

describe('POST /api/seed, one verifier', () => {
  it('refuses while the reveal window is open, whatever digest it is asked for: no seed oracle', async () => {
    const task = await revealedTask();
    const { revealsDigest } = await domainOf(task);
    for (const body of [
      { taskId: task.taskId.toString() },
      { taskId: task.taskId.toString(), revealsDigest },
    ]) {
      const answer = await ask(body);
      expect(answer.status).toBe(409);
      expect(answer.body.type).toMatch(/reveals-open$/);
      expect(answer.body.revealDeadline).toBe(Number(task.revealDeadline));
      expect(JSON.stringify(answer.body)).not.toMatch(/signature|contribution|0x[0-9a-f]{130}/i);
    }
    const other = await ask({
      taskId: task.taskId.toString(),
      revealsDigest: `0x${'ab'.repeat(32)}`,
    });
    expect(other.status).toBe(409);
    expect(other.body.type).toMatch(/digest-mismatch$/);
    expect(other.body.revealsDigest).toBe(revealsDigest);
  });

  it('after the reveal deadline, signs the final digest on chain only; the relay fixes the seed', async () => {
    const task = await revealedTask();
    await fx.closeReveal(task);
    const domain = await domainOf(task);
    const wrong = await ask({
      taskId: task.taskId.toString(),
      revealsDigest: `0x${'cd'.repeat(32)}`,
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.type).toMatch(/digest-mismatch$/);

    const { status, body } = await ask({ taskId: task.taskId.toString() });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      kind: 'test-seed',
      phase: 'awaiting-signature',
      verifier: fx.verifier.address,
      verifierIndex: 0,
      verifiers: [fx.verifier.address],
      threshold: 1,
      revealsDigest: domain.revealsDigest,
      testSeed: null,
      onChain: false,
    });
    expect(recoverTestSeedSigner(domain, body.testSeedSignature!)).toBe(fx.verifier.address);
    expect(body.relay).toMatchObject({
      function: 'fixTestSeed',
      contract: fx.market,
      args: [task.taskId.toString(), [fx.verifier.address], body.testSeedSignature],
      deadline: Number(task.scoringDeadline),
    });
    // Deterministic: asking again (with the chain's digest) answers the same signature.
    const again = await ask({
      taskId: task.taskId.toString(),
      revealsDigest: domain.revealsDigest,
    });
    expect(again.body.testSeedSignature).toBe(body.testSeedSignature);

    await relay(body);
    const onChain = await getTask(fx.client(ROLES.relayer), { taskId: task.taskId });
    expect(onChain.testSeed).toBe(keccak256(body.testSeedSignature!));
    const after = await ask({ taskId: task.taskId.toString() });
    expect(after.body).toMatchObject({ phase: 'fixed', testSeed: onChain.testSeed, onChain: true });
  });

  it('answers 403 naming both addresses for a task of another verifier, 404 for an unknown task', async () => {
    const task = await revealedTask({ verifier: fx.chain.accounts[VERIFIERS[1]]!.address });
    await fx.closeReveal(task);
    const refused = await ask({ taskId: task.taskId.toString() });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain(fx.chain.accounts[VERIFIERS[1]]!.address);
    expect(refused.body.detail).toContain(fx.verifier.address);
    expect((await ask({ taskId: '4242' })).status).toBe(404);
  });

  it('answers 400 naming the field for a bad body', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /taskId is missing/],
      [{ taskId: 'one' }, /taskId/],
      [{ taskId: '1', revealsDigest: '0x12' }, /revealsDigest/],
      [{ taskId: '1', revealsDigest: 7 }, /revealsDigest/],
      [{ taskId: '1', submissionId: '1' }, /unknown field "submissionId"/],
    ];
    for (const [body, detail] of cases) {
      const answer = await ask(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.detail).toMatch(detail);
    }
  });
});

describe('POST /api/seed, a quorum of three (threshold 2)', () => {
  const quorumTask = () =>
    revealedTask({ verifiers: fx.quorum.map((v) => v.address), threshold: 2, seedWindow: 100 });
  const askAll = (task: FixtureTask) =>
    Promise.all(quorumHandlers.map((h) => ask({ taskId: task.taskId.toString() }, h)));

  it('gives signed commitments while commitments are open and contributions only once all three are on chain', async () => {
    const task = await quorumTask();
    expect((await askAll(task)).map((a) => a.status)).toEqual([409, 409, 409]);
    await fx.closeReveal(task);
    const domain = await domainOf(task);
    const commitments = await askAll(task);
    for (const [i, { status, body }] of commitments.entries()) {
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        kind: 'seed-commitment',
        verifierIndex: i,
        phase: 'committing',
      });
      expect(body.contribution).toBeUndefined();
      expect(
        recoverSeedCommitmentSigner(
          { ...domain, commitment: body.commitment! },
          body.commitmentSignature!,
        ),
      ).toBe(fx.quorum[i]!.address);
      expect(body.relay.function).toBe('commitSeed');
    }
    await relay(commitments[0]!.body);
    await relay(commitments[1]!.body);
    // Two of three committed, the commit half still open: still no contribution from anyone.
    const still = await askAll(task);
    expect(still.map((a) => a.body.kind)).toEqual([
      'seed-commitment',
      'seed-commitment',
      'seed-commitment',
    ]);
    expect(still.map((a) => a.body.onChain)).toEqual([true, true, false]);
    await relay(commitments[2]!.body);
    // All three committed: the reveal half opens early.
    const contributions = await askAll(task);
    const byIndex = new Map<number, string>();
    for (const [i, { status, body }] of contributions.entries()) {
      expect(status).toBe(200);
      expect(body).toMatchObject({
        kind: 'seed-contribution',
        verifierIndex: i,
        phase: 'revealing',
      });
      expect(seedContributionCommitment(body.contribution!)).toBe(commitments[i]!.body.commitment);
      byIndex.set(i, body.contribution!);
    }
    for (const { body } of contributions) await relay(body);
    const onChain = await getTask(fx.client(ROLES.relayer), { taskId: task.taskId });
    expect(onChain.testSeed).toBe(testSeedFromContributions(domain.revealsDigest, byIndex));
  });

  it('refuses the contribution of a verifier whose commitment missed the commit half; the other two fix the seed', async () => {
    const task = await quorumTask();
    await fx.closeReveal(task);
    const commitments = await askAll(task);
    await relay(commitments[0]!.body);
    await relay(commitments[2]!.body);
    const onChain = await getTask(fx.client(ROLES.relayer), { taskId: task.taskId });
    await fx.chain.increaseTime(onChain.seedCommitDeadline - (await fx.chain.now()) + 1n);
    const answers = await askAll(task);
    expect(
      answers.map((a) => a.status),
      JSON.stringify(answers),
    ).toEqual([200, 409, 200]);
    expect(answers[1]!.body.type).toMatch(/seed-commit-missed$/);
    expect(JSON.stringify(answers[1]!.body)).not.toContain('contribution"');
    await relay(answers[0]!.body);
    await relay(answers[2]!.body);
    const fixed = await getTask(fx.client(ROLES.relayer), { taskId: task.taskId });
    expect(fixed.testSeed).not.toBe(onChain.testSeed);
    expect(fixed.seedRevealed).toBe(0b101);
  });
});
