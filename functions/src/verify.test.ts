import { getSubmission, recordScore } from '@tem/core/market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from './services.js';
import {
  startMarketFixture,
  type FixtureSubmission,
  type FixtureTask,
  type MarketFixture,
} from './testing/market-fixture.js';
import { tinyScorer } from './testing/tiny-scorer.js';
import { verifyHandlerFromServices } from './verify.js';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger } from './lib/logger.js';

let fx: MarketFixture;
let handler: FunctionHandler;
let task: FixtureTask;
let revealed: FixtureSubmission;
let hidden: FixtureSubmission;
let foreignTask: FixtureTask;
let foreign: FixtureSubmission;
let smallTask: FixtureTask;
let oversized: FixtureSubmission;

function post(body: unknown, ip = '10.0.0.1'): Promise<Response> {
  return handler(
    new Request('http://localhost/api/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://site.example' },
      body: JSON.stringify(body),
    }),
    { params: {}, ip },
  );
}

beforeAll(async () => {
  fx = await startMarketFixture();
  handler = verifyHandlerFromServices(
    createServices(fx.env(), { scorer: tinyScorer, log: silentLogger }),
  );
  task = await fx.createTask();
  foreignTask = await fx.createTask({ verifier: fx.chain.accounts[8]!.address });
  smallTask = await fx.createTask({ maxBundleBytes: 1000 });
  revealed = await fx.commit(task, await fx.uploadBundle(task));
  hidden = await fx.commit(
    task,
    await fx.uploadBundle(task, { 'notes.txt': new Uint8Array([1]) }),
    3,
  );
  foreign = await fx.commit(foreignTask, await fx.uploadBundle(foreignTask));
  oversized = await fx.commit(smallTask, await fx.uploadBundle(smallTask));
  await fx.openReveal(smallTask);
  await fx.reveal(revealed);
  await fx.reveal(foreign);
  await fx.reveal(oversized);
});

afterAll(async () => {
  await fx?.close();
});

describe('POST /api/verify', () => {
  it('signs a revealed submission with a signature that recordScore accepts on chain', async () => {
    const response = await post({
      taskId: task.taskId.toString(),
      submissionId: revealed.submissionId.toString(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://site.example');
    const body = await response.json();
    expect(body.verifier).toBe(fx.verifier.address);
    expect(body.resultCid).toBe(revealed.resultCid);
    expect(body.relay.contract).toBe(fx.market);
    await recordScore(fx.client(5), {
      taskId: task.taskId,
      submissionId: revealed.submissionId,
      score: BigInt(body.score),
      signature: body.signature,
    });
    const onChain = await getSubmission(fx.client(5), {
      taskId: task.taskId,
      submissionId: revealed.submissionId,
    });
    expect(onChain.scored).toBe(true);
    expect(onChain.score.toString()).toBe(body.score);
  });

  it('refuses a submission that is not revealed with 409', async () => {
    const response = await post({
      taskId: task.taskId.toString(),
      submissionId: hidden.submissionId.toString(),
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a task whose verifier is another key with 403', async () => {
    const response = await post({
      taskId: foreignTask.taskId.toString(),
      submissionId: foreign.submissionId.toString(),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a bundle over the spec limit with 413', async () => {
    const response = await post({
      taskId: smallTask.taskId.toString(),
      submissionId: oversized.submissionId.toString(),
    });
    expect(response.status).toBe(413);
  });
});
