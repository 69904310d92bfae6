import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tem/testkit/roles';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger } from './lib/logger.js';
import { createServices } from './services.js';
import type { TaskDetailJson } from './task.js';
import { taskHandlerFromServices } from './task.js';
import {
  startMarketFixture,
  type FixtureSubmission,
  type FixtureTask,
  type MarketFixture,
} from './test-support/market-fixture.js';
import { startTamperingGateway, type TamperingGateway } from './test-support/tampering-gateway.js';
import { Wallet } from 'ethers';
import { createTask, recordScore, signScore } from '@tem/core/market';

let fx: MarketFixture;
let handler: FunctionHandler;
let task: FixtureTask;
let first: FixtureSubmission;
let badSpecTask: bigint;
let tamper: TamperingGateway;

async function get(
  id: string,
  query = '',
  h = handler,
): Promise<{ response: Response; body: TaskDetailJson }> {
  const response = await h(
    new Request(`http://localhost/api/tasks/${encodeURIComponent(id)}${query}`),
    {
      params: { id },
      ip: '10.0.0.1',
    },
  );
  return { response, body: (await response.clone().json()) as TaskDetailJson };
}

beforeAll(async () => {
  fx = await startMarketFixture();
  task = await fx.createTask({ title: 'Detail task' });
  first = await fx.commit(task, await fx.uploadBundle(task));
  await fx.commit(task, await fx.uploadBundle(task, { 'x.txt': new Uint8Array([2]) }), 3);
  await fx.openReveal(task);
  await fx.reveal(first);
  const notJson = await fx.store.put({
    kind: 'file',
    content: new TextEncoder().encode('{"schema": 1'),
  });
  const now = await fx.chain.now();
  badSpecTask = (
    await createTask(fx.client(ROLES.owner), {
      specCid: notJson,
      bounty: 1n,
      commitDeadline: now + 100n,
      revealDeadline: now + 200n,
      scoringDeadline: now + 300n,
      verifiers: [fx.verifier.address],
    })
  ).taskId;
  tamper = await startTamperingGateway(fx.gateway.url);
  handler = taskHandlerFromServices(createServices(fx.env(), { log: silentLogger }));
});

afterAll(async () => {
  await tamper?.close();
  await fx?.close();
});

describe('GET /api/tasks/:id', () => {
  it('answers the chain state, the verified spec and the submissions with phase and score', async () => {
    const { response, body } = await get(task.taskId.toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public/);
    expect(body.task.id).toBe(task.taskId.toString());
    expect(body.task.phase).toBe('reveal');
    // The seed is fixed by the verifier after the reveal window, not by a reveal.
    expect(body.task.testSeed).toBeNull();
    expect(body.task.seed.phase).toBe('reveals-open');
    expect(body.task.seed.revealsDigest).toMatch(/^0x[0-9a-f]{64}$/);
    expect(body.spec).toEqual(JSON.parse(JSON.stringify(task.spec)));
    expect(body.specProblem).toBeNull();
    expect(body.submissions.map((s) => [s.id, s.phase, s.resultCid])).toEqual([
      ['1', 'revealed', first.resultCid],
      ['2', 'committed', null],
    ]);
  });

  it('answers the verifier set, threshold, bond and seed, and who signed each recorded score', async () => {
    const verifiers = fx.quorum.map((v) => v.address);
    const quorumTask = await fx.createTask({ verifiers, threshold: 2, commitBond: 10n ** 15n });
    const submission = await fx.commit(quorumTask, await fx.uploadBundle(quorumTask));
    const before = await get(quorumTask.taskId.toString());
    expect(before.body.task).toMatchObject({
      verifiers,
      verifier: verifiers[0],
      threshold: 2,
      commitBondWei: (10n ** 15n).toString(),
      seedWindow: 100,
      seed: { phase: 'reveals-open', testSeed: null, committed: [], revealed: [] },
    });
    await fx.openReveal(quorumTask);
    await fx.reveal(submission);
    const testSeed = await fx.fixSeed(quorumTask);
    const score = { chainId: 366, contract: fx.market, taskId: quorumTask.taskId };
    const signatures = await Promise.all(
      [fx.quorum[1]!, fx.quorum[2]!].map((v) =>
        signScore(new Wallet(v.privateKey), {
          ...score,
          submissionId: submission.submissionId,
          resultCid: submission.resultCid,
          score: 777n,
          testSeed,
        }),
      ),
    );
    await recordScore(fx.client(ROLES.relayer), {
      taskId: quorumTask.taskId,
      submissionId: submission.submissionId,
      score: 777n,
      signatures,
    });
    // A fresh handler: the task endpoint caches chain reads for CHAIN_CACHE_TTL_SECONDS.
    const fresh = taskHandlerFromServices(createServices(fx.env(), { log: silentLogger }));
    const { body } = await get(quorumTask.taskId.toString(), '', fresh);
    expect(body.task.seed).toMatchObject({
      phase: 'fixed',
      testSeed,
      committed: verifiers,
      revealed: verifiers,
    });
    expect(body.task.bestScore).toBe('777');
    expect(body.submissions[0]).toMatchObject({
      phase: 'scored',
      score: '777',
      scores: [{ score: '777', signers: [verifiers[1], verifiers[2]], best: true }],
    });
    expect(body.submissions[0]!.resultCidHash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('takes the id from the query string too (the netlify.toml rewrite)', async () => {
    const response = await handler(
      new Request(`http://localhost/.netlify/functions/task?id=${task.taskId}`),
      {
        params: {},
        ip: '10.0.0.1',
      },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as TaskDetailJson).task.id).toBe(task.taskId.toString());
  });

  it('takes the id from the public path when the platform passes no params', async () => {
    const response = await handler(new Request(`http://localhost/api/tasks/${task.taskId}`), {
      params: {},
      ip: '10.0.0.1',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as TaskDetailJson).task.id).toBe(task.taskId.toString());
  });

  it('pages submissions', async () => {
    const { body } = await get(task.taskId.toString(), '?submissionsOffset=1');
    expect(body.submissions.map((s) => s.id)).toEqual(['2']);
  });

  it('answers 404 for an unknown task and 400 for a malformed id', async () => {
    expect((await get('4242')).response.status).toBe(404);
    for (const id of ['abc', '-1', '01', '1.5', '1e3', ' 1', '0x10', '9'.repeat(79)]) {
      const { response, body } = await get(id);
      expect(response.status, id).toBe(400);
      expect((body as unknown as { detail: string }).detail).toContain('task id');
    }
  });

  it('reports a spec that is not valid JSON without failing the request', async () => {
    const { response, body } = await get(badSpecTask.toString());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.spec).toBeNull();
    expect(body.specProblem?.type).toBe('invalid-spec');
  });

  it('reports a spec whose bytes do not match its CID, never returning them', async () => {
    const tampered = taskHandlerFromServices(
      createServices(fx.env({ IPFS_GATEWAYS: tamper.url }), { log: silentLogger }),
    );
    const { response, body } = await get(task.taskId.toString(), '', tampered);
    expect(response.status).toBe(200);
    expect(body.spec).toBeNull();
    expect(body.specProblem?.type).toBe('content-verification-failed');
  });
});
