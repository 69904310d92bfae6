/**
 * The verify endpoint scores every registered kind: a multiplexer and a double pole submission,
 * each a real bundle trained here with the kind's own training, are scored by their kind, signed,
 * and recorded on chain; a spec of a kind nobody registered is refused naming it. The seed
 * endpoint and the task's metadata work for them alike.
 */
import { localEvaluator } from '@tem/core/bisuna/training';
import {
  MANIFEST_FILE,
  defaultDoublePoleSpec,
  defaultMultiplexerSpec,
  doublePoleKind,
  kindEnvironments,
  manifestBytes,
  multiplexerKind,
  type AnyTaskKind,
  type AnyTaskSpec,
} from '@tem/core/kinds';
import { getSubmission } from '@tem/core/market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tem/testkit/roles';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger } from './lib/logger.js';
import { createServices } from './services.js';
import { seedHandlerFromServices } from './seed.js';
import { taskHandlerFromServices } from './task.js';
import {
  startMarketFixture,
  type FixtureTask,
  type MarketFixture,
} from './test-support/market-fixture.js';
import { verifyHandlerFromServices } from './verify.js';
import { coreScorer } from './verify/scorer.js';

let fx: MarketFixture;
let verify: FunctionHandler;
let seed: FunctionHandler;
let taskDetail: FunctionHandler;

const post = (handler: FunctionHandler, path: string, body: unknown) =>
  handler(
    new Request(`http://localhost${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: {}, ip: '10.1.1.1' },
  );

/** A spec of `kind` whose training takes a fraction of a second. */
function smallSpec(kind: AnyTaskKind): AnyTaskSpec {
  const verifier = {
    verifierUrl: 'http://127.0.0.1/api/verify',
    verifierAddress: fx.verifier.address,
  };
  const spec =
    kind === multiplexerKind
      ? defaultMultiplexerSpec({ ...verifier, addressBits: 2 })
      : defaultDoublePoleSpec({ ...verifier, velocities: true });
  Object.assign(spec.training, { population: 20, noveltyMapSize: 4, generations: 8 });
  return spec;
}

/** Trains `kind` on the task's spec and returns its bundle's files, bound to the task. */
async function trainedBundle(kind: AnyTaskKind, task: FixtureTask<AnyTaskSpec>) {
  const t = kind.training;
  const { state } = await t.train({
    state: t.createState(t.config(task.spec), 7),
    evaluator: localEvaluator(undefined, kindEnvironments()),
  });
  const manifest = t.manifest(state, {
    taskId: task.taskId.toString(),
    specCid: task.specCid,
    runner: 'verify-kinds.test',
  });
  return new Map<string, Uint8Array>([
    [MANIFEST_FILE, manifestBytes(manifest)],
    ...t.networkFiles(state),
  ]);
}

/** A task of `kind` with one revealed, trained submission and its test seed fixed. */
async function scoredTask(kind: AnyTaskKind) {
  const task = await fx.createTaskWithSpec(smallSpec(kind), { title: kind.title });
  const files = await trainedBundle(kind, task);
  const submission = await fx.commit(task, await fx.uploadFiles(files));
  await fx.openReveal(task);
  await fx.reveal(submission);
  const testSeed = await fx.fixSeed(task);
  return { task, files, submission, testSeed };
}

beforeAll(async () => {
  fx = await startMarketFixture();
  const services = createServices(fx.env(), { scorer: coreScorer, log: silentLogger });
  verify = verifyHandlerFromServices(services);
  seed = seedHandlerFromServices(services);
  taskDetail = taskHandlerFromServices(services);
});

afterAll(async () => {
  await fx?.close();
});

const NETWORK_KINDS: [string, AnyTaskKind][] = [
  ['bisuna-multiplexer', multiplexerKind],
  ['bisuna-double-pole', doublePoleKind],
];

describe.each(NETWORK_KINDS)('POST /api/verify for a %s task', (id, kind) => {
  it("scores the submission with the kind's scorer and signs a score recordScore accepts", async () => {
    const { task, files, submission, testSeed } = await scoredTask(kind);
    expect(task.spec.kind).toBe(id);
    const ids = {
      taskId: task.taskId.toString(),
      submissionId: submission.submissionId.toString(),
    };
    const response = await post(verify, '/api/verify', ids);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const body = JSON.parse(text);
    const expected = await kind.score({ spec: task.spec, files, testSeed, testFiles: new Map() });
    expect(body).toMatchObject({
      ...ids,
      score: expected.score.toString(),
      terms: expected.terms,
      formulaVersion: kind.formulaVersion,
      testSeed,
      verifier: fx.verifier.address,
    });
    await (
      await fx.chain.wallet(ROLES.relayer).sendTransaction({ to: fx.market, data: body.relay.data })
    ).wait();
    const onChain = await getSubmission(fx.client(ROLES.relayer), {
      taskId: task.taskId,
      submissionId: submission.submissionId,
    });
    expect(onChain.score.toString()).toBe(body.score);

    // Scored in a worker thread (the local server's way): the same score and signature.
    const workers = createServices(fx.env(), { scoreInWorkers: true, log: silentLogger });
    try {
      const inWorker = await post(verifyHandlerFromServices(workers), '/api/verify', ids);
      expect(await inWorker.text()).toBe(text);
    } finally {
      await workers.close();
    }

    const detail = await taskDetail(new Request(`http://localhost/api/tasks/${task.taskId}`), {
      params: { id: task.taskId.toString() },
      ip: '10.1.1.2',
    });
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ kind: id, spec: { kind: id }, specProblem: null });
  });

  it('refuses a bundle without the network the kind scores (422 naming the file)', async () => {
    const task = await fx.createTaskWithSpec(smallSpec(kind));
    const manifest = new TextEncoder().encode(
      JSON.stringify({ taskId: task.taskId.toString(), specCid: task.specCid }),
    );
    const submission = await fx.commit(
      task,
      await fx.uploadFiles(new Map([[MANIFEST_FILE, manifest]])),
    );
    await fx.openReveal(task);
    await fx.reveal(submission);
    await fx.fixSeed(task);
    const response = await post(verify, '/api/verify', {
      taskId: task.taskId.toString(),
      submissionId: submission.submissionId.toString(),
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.type).toMatch(/invalid-bundle$/);
    expect(body.detail).toContain('network.dat');
  });
});

describe('a task of a kind no verifier knows', () => {
  let task: FixtureTask<object>;
  let submissionId: string;

  beforeAll(async () => {
    task = await fx.createTaskWithSpec({
      ...smallSpec(multiplexerKind),
      kind: 'bisuna-tic-tac-toe',
    });
    const files = new Map([[MANIFEST_FILE, new TextEncoder().encode('{}')]]);
    const submission = await fx.commit(task, await fx.uploadFiles(files));
    submissionId = submission.submissionId.toString();
    await fx.openReveal(task);
    await fx.reveal(submission);
    await fx.closeReveal(task);
  });

  it('is refused by verify with 422 unknown-kind, naming the kind and the known ones', async () => {
    // One verifier: the seed endpoint signs from the chain alone, whatever the kind.
    const seedAnswer = await post(seed, '/api/seed', { taskId: task.taskId.toString() });
    expect(seedAnswer.status).toBe(200);
    await fx.fixSeed(task);
    const response = await post(verify, '/api/verify', {
      taskId: task.taskId.toString(),
      submissionId,
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.type).toMatch(/unknown-kind$/);
    expect(body.detail).toContain('"bisuna-tic-tac-toe"');
    expect(body.detail).toContain('bisuna-multiplexer');
    expect(JSON.stringify(body)).not.toContain('signature');
  });

  it('is shown by /api/tasks/:id with the unknown-kind problem and no spec', async () => {
    const response = await taskDetail(new Request(`http://localhost/api/tasks/${task.taskId}`), {
      params: { id: task.taskId.toString() },
      ip: '10.1.1.3',
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ kind: null, spec: null, specProblem: { type: 'unknown-kind' } });
    expect(body.specProblem.detail).toContain('"bisuna-tic-tac-toe"');
  });
});
