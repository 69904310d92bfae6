import { getSubmission, recordScore } from '@tem/core/market';
import { FORMULA_VERSION } from '@tem/core/scoring';
import { LIGHT_SCORING } from '@tem/core/task';
import { ROLES, VERIFIERS } from '@tem/testkit/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from './services.js';
import {
  startMarketFixture,
  type FixtureSubmission,
  type FixtureTask,
  type MarketFixture,
} from './test-support/market-fixture.js';
import { coreScorer } from './verify/scorer.js';
import { verifyHandlerFromServices } from './verify.js';
import type { FunctionHandler } from './http/handler.js';
import { silentLogger, type Logger } from './lib/logger.js';
import { startTamperingGateway } from './test-support/tampering-gateway.js';
import type { Scorer } from './verify/scorer.js';
import { Wallet, encryptKeystoreJson } from 'ethers';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

let fx: MarketFixture;
let handler: FunctionHandler;
let task: FixtureTask;
let revealed: FixtureSubmission;
let hidden: FixtureSubmission;
let foreignTask: FixtureTask;
let foreign: FixtureSubmission;
let smallTask: FixtureTask;
let oversized: FixtureSubmission;
let firstBody = '';
let fullTask: FixtureTask;
let fullSubmission: FixtureSubmission;

const logged: string[] = [];
const captureLog: Logger = (event, fields) => logged.push(JSON.stringify({ event, ...fields }));

function request(body: unknown): Request {
  return new Request('http://localhost/api/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://site.example' },
    body: JSON.stringify(body),
  });
}

/** A scorer that counts its calls (and can be held until released). */
function countingScorer(): Scorer & { calls: number; hold?: Promise<void> } {
  const scorer = Object.assign(
    async (input: Parameters<Scorer>[0]) => {
      scorer.calls += 1;
      if (scorer.hold) await scorer.hold;
      return coreScorer(input);
    },
    { calls: 0 } as { calls: number; hold?: Promise<void> },
  );
  return scorer;
}

function ids(t: FixtureTask, s: FixtureSubmission) {
  return { taskId: t.taskId.toString(), submissionId: s.submissionId.toString() };
}

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
    createServices(fx.env(), { scorer: coreScorer, log: captureLog }),
  );
  task = await fx.createTask();
  foreignTask = await fx.createTask({ verifier: fx.chain.accounts[VERIFIERS[1]]!.address });
  smallTask = await fx.createTask({ maxBundleBytes: 1000 });
  fullTask = await fx.createTask({ scoring: {} });
  revealed = await fx.commit(task, await fx.uploadBundle(task));
  hidden = await fx.commit(
    task,
    await fx.uploadBundle(task, { 'notes.txt': new Uint8Array([1]) }),
    3,
  );
  foreign = await fx.commit(foreignTask, await fx.uploadBundle(foreignTask));
  oversized = await fx.commit(smallTask, await fx.uploadBundle(smallTask));
  fullSubmission = await fx.commit(fullTask, await fx.uploadBundle(fullTask));
  await fx.openReveal(smallTask);
  await fx.reveal(revealed);
  await fx.reveal(foreign);
  await fx.reveal(oversized);
  await fx.reveal(fullSubmission);
  for (const t of [task, foreignTask, smallTask, fullTask]) await fx.fixSeed(t);
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
    firstBody = await response.clone().text();
    const body = await response.json();
    expect(body.verifier).toBe(fx.verifier.address);
    expect(body.formulaVersion).toBe(FORMULA_VERSION);
    expect(Object.keys(body.terms).length).toBeGreaterThan(0);
    expect(body.resultCid).toBe(revealed.resultCid);
    expect(body.verifierIndex).toBe(0);
    expect(body.relay).toMatchObject({
      contract: fx.market,
      function: 'recordScore',
      verifiers: [fx.verifier.address],
      threshold: 1,
    });
    expect(body.relay.args).toEqual([
      task.taskId.toString(),
      revealed.submissionId.toString(),
      fx.chain.accounts[ROLES.solver]!.address,
      body.resultCidHash,
      body.score,
      [fx.verifier.address],
      body.signature,
    ]);
    // One signature is enough here: the calldata is ready to send from any account.
    const relayer = fx.chain.wallet(ROLES.relayer);
    await (await relayer.sendTransaction({ to: fx.market, data: body.relay.data })).wait();
    const onChain = await getSubmission(fx.client(ROLES.relayer), {
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

  it('refuses a task whose verifier is another key with 403, naming both', async () => {
    const response = await post({
      taskId: foreignTask.taskId.toString(),
      submissionId: foreign.submissionId.toString(),
    });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.detail).toContain(fx.chain.accounts[VERIFIERS[1]]!.address);
    expect(body.detail).toContain(fx.verifier.address);
    expect(body).toMatchObject({
      taskVerifiers: [fx.chain.accounts[VERIFIERS[1]]!.address],
      verifier: fx.verifier.address,
    });
  });

  it('signs nothing before the test seed is fixed (409 seed-not-fixed)', async () => {
    const early = await fx.createTask({ title: 'No seed yet' });
    const submission = await fx.commit(early, await fx.uploadBundle(early));
    await fx.openReveal(early);
    await fx.reveal(submission);
    const response = await post(ids(early, submission));
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.type).toMatch(/seed-not-fixed$/);
    expect(body.seedPhase).toBe('reveals-open');
    expect(JSON.stringify(body)).not.toContain('signature');
  });

  it('signs for its own index in a quorum; two of three signatures get the score recorded, a stranger gets 403', async () => {
    const addresses = fx.quorum.map((v) => v.address);
    const quorumTask = await fx.createTask({ verifiers: addresses, threshold: 2 });
    const submission = await fx.commit(quorumTask, await fx.uploadBundle(quorumTask));
    await fx.openReveal(quorumTask);
    await fx.reveal(submission);
    await fx.fixSeed(quorumTask);
    const answers = await Promise.all(
      fx.quorum.map(async (v, i) => {
        const verifierHandler = verifyHandlerFromServices(
          createServices(fx.env({ VERIFIER_PRIVATE_KEY: v.privateKey }), {
            scorer: coreScorer,
            log: silentLogger,
          }),
        );
        const response = await verifierHandler(request(ids(quorumTask, submission)), {
          params: {},
          ip: `7.7.7.${i}`,
        });
        expect(response.status).toBe(200);
        return response.json();
      }),
    );
    expect(answers.map((a) => a.verifierIndex)).toEqual([0, 1, 2]);
    expect(answers.map((a) => a.verifier)).toEqual(addresses);
    expect(new Set(answers.map((a) => a.score)).size).toBe(1);
    expect(answers.every((a) => a.relay.threshold === 2 && a.relay.data === null)).toBe(true);
    const { best, signers } = await recordScore(fx.client(ROLES.relayer), {
      taskId: quorumTask.taskId,
      submissionId: submission.submissionId,
      score: BigInt(answers[0].score),
      signatures: [answers[2].signature, answers[0].signature],
    });
    expect(best).toBe(true);
    expect(signers).toBe(0b101);

    const stranger = fx.chain.accounts[ROLES.stranger]!;
    const strangerHandler = verifyHandlerFromServices(
      createServices(fx.env({ VERIFIER_PRIVATE_KEY: stranger.privateKey }), {
        scorer: coreScorer,
        log: silentLogger,
      }),
    );
    const refused = await strangerHandler(request(ids(quorumTask, submission)), {
      params: {},
      ip: '7.7.7.9',
    });
    expect(refused.status).toBe(403);
    const detail = (await refused.json()).detail as string;
    for (const address of [...addresses, stranger.address]) expect(detail).toContain(address);
  });

  it('refuses a bundle over the spec limit with 413', async () => {
    const response = await post({
      taskId: smallTask.taskId.toString(),
      submissionId: oversized.submissionId.toString(),
    });
    expect(response.status).toBe(413);
  });

  it('caps bundles at MAX_BUNDLE_BYTES whatever the spec allows', async () => {
    const capped = verifyHandlerFromServices(
      createServices(fx.env({ MAX_BUNDLE_BYTES: '4096' }), {
        scorer: coreScorer,
        log: silentLogger,
      }),
    );
    const response = await capped(request(ids(task, revealed)), { params: {}, ip: '1.1.1.9' });
    expect(response.status).toBe(413);
    expect((await response.json()).limit).toBe(4096);
  });

  it('is idempotent: a repeated request is served from the cache with the same body', async () => {
    const scorer = countingScorer();
    const fresh = verifyHandlerFromServices(
      createServices(fx.env(), { scorer, log: silentLogger }),
    );
    const first = await fresh(request(ids(task, revealed)), { params: {}, ip: '1.1.1.1' });
    const second = await fresh(request(ids(task, revealed)), { params: {}, ip: '1.1.1.1' });
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    const text = await first.text();
    expect(await second.text()).toBe(text);
    // Deterministic: a fresh process computes the same score and the same signature.
    expect(text).toBe(firstBody);
    expect(scorer.calls).toBe(1);
  });

  it('shares one job between concurrent identical requests', async () => {
    const scorer = countingScorer();
    const fresh = verifyHandlerFromServices(
      createServices(fx.env(), { scorer, log: silentLogger }),
    );
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        fresh(request(ids(task, revealed)), { params: {}, ip: '1.1.1.2' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.headers.get('x-cache')).sort()).toEqual([
      'miss',
      'shared',
      'shared',
      'shared',
      'shared',
    ]);
    expect(scorer.calls).toBe(1);
  });

  it('never signs content from a gateway whose bytes do not match the CID, and caches nothing', async () => {
    const tamper = await startTamperingGateway(fx.gateway.url);
    try {
      const scorer = countingScorer();
      const services = createServices(fx.env({ IPFS_GATEWAYS: tamper.url }), {
        scorer,
        log: silentLogger,
      });
      const fresh = verifyHandlerFromServices(services);
      for (let i = 0; i < 2; i++) {
        const response = await fresh(request(ids(task, revealed)), { params: {}, ip: '1.1.1.3' });
        expect(response.status).toBe(502);
        const text = await response.text();
        expect(text).not.toContain('signature');
        expect(JSON.parse(text).type).toMatch(/content-verification-failed$/);
      }
      expect(tamper.requests).toBeGreaterThan(0);
      expect(scorer.calls).toBe(0);

      // With an honest gateway after the tampering one, the client falls back and verifies.
      const both = verifyHandlerFromServices(
        createServices(fx.env({ IPFS_GATEWAYS: `${tamper.url},${fx.gateway.url}` }), {
          scorer,
          log: silentLogger,
        }),
      );
      const ok = await both(request(ids(task, revealed)), { params: {}, ip: '1.1.1.3' });
      expect(ok.status).toBe(200);
      expect(scorer.calls).toBe(1);
    } finally {
      await tamper.close();
    }
  });

  it('answers 404 for an unknown task or submission', async () => {
    const unknownTask = await post({ taskId: '999', submissionId: '1' });
    expect(unknownTask.status).toBe(404);
    expect((await unknownTask.json()).detail).toContain('task 999');
    const unknownSubmission = await post({ taskId: task.taskId.toString(), submissionId: '77' });
    expect(unknownSubmission.status).toBe(404);
    expect((await unknownSubmission.json()).type).toMatch(/unknown-submission$/);
  });

  it('answers 503 with Retry-After when every scoring slot and queue place is taken', async () => {
    const scorer = countingScorer();
    let release!: () => void;
    scorer.hold = new Promise<void>((resolve) => (release = resolve));
    const services = createServices(fx.env({ SCORING_CONCURRENCY: '1', SCORING_QUEUE: '0' }), {
      scorer,
      log: silentLogger,
    });
    const fresh = verifyHandlerFromServices(services);
    const slow = fresh(request(ids(task, revealed)), { params: {}, ip: '1.1.1.4' });
    while (scorer.calls === 0) await new Promise((r) => setTimeout(r, 5));
    const busy = await fresh(request(ids(smallTask, oversized)), { params: {}, ip: '1.1.1.4' });
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    // Refusals decided on chain data take no scoring slot.
    const notRevealed = await fresh(request(ids(task, hidden)), { params: {}, ip: '1.1.1.4' });
    expect(notRevealed.status).toBe(409);
    release();
    expect((await slow).status).toBe(200);
  });

  it('limits each client with 429 and Retry-After, independently of other clients', async () => {
    const fresh = verifyHandlerFromServices(
      createServices(fx.env({ VERIFY_RATE_LIMIT_PER_MINUTE: '6' }), {
        scorer: coreScorer,
        log: silentLogger,
        now: () => 0,
      }),
    );
    expect((await fresh(request(ids(task, revealed)), { params: {}, ip: '2.2.2.2' })).status).toBe(
      200,
    );
    const limited = await fresh(request(ids(task, revealed)), { params: {}, ip: '2.2.2.2' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await fresh(request(ids(task, revealed)), { params: {}, ip: '3.3.3.3' })).status).toBe(
      200,
    );
  });

  it('loads the verifier key from an encrypted keystore, and says which variable is wrong', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tem-keystore-'));
    try {
      const keystore = path.join(dir, 'verifier.json');
      const wallet = new Wallet(fx.verifier.privateKey);
      const json = await encryptKeystoreJson(
        { address: wallet.address, privateKey: wallet.privateKey },
        'correct horse',
        { scrypt: { N: 1024 } },
      );
      await writeFile(keystore, json);
      const base = fx.env({ VERIFIER_PRIVATE_KEY: '', VERIFIER_KEYSTORE: keystore });
      const good = verifyHandlerFromServices(
        createServices(
          { ...base, VERIFIER_KEYSTORE_PASSWORD: 'correct horse' },
          { scorer: coreScorer, log: silentLogger },
        ),
      );
      const ok = await good(request(ids(task, revealed)), { params: {}, ip: '4.4.4.4' });
      expect(ok.status).toBe(200);
      expect((await ok.json()).verifier).toBe(fx.verifier.address);

      const lines: string[] = [];
      const bad = verifyHandlerFromServices(
        createServices(
          { ...base, VERIFIER_KEYSTORE_PASSWORD: 'wrong battery' },
          {
            scorer: coreScorer,
            log: (event, fields) => lines.push(JSON.stringify({ event, ...fields })),
          },
        ),
      );
      const refused = await bad(request(ids(task, revealed)), { params: {}, ip: '4.4.4.4' });
      expect(refused.status).toBe(503);
      const text = await refused.text();
      expect(text).toContain('VERIFIER_KEYSTORE');
      expect(text + lines.join('\n')).not.toContain('wrong battery');

      const missing = verifyHandlerFromServices(
        createServices(fx.env({ VERIFIER_PRIVATE_KEY: '' }), {
          scorer: coreScorer,
          log: silentLogger,
        }),
      );
      const unconfigured = await missing(request(ids(task, revealed)), {
        params: {},
        ip: '4.4.4.4',
      });
      expect(unconfigured.status).toBe(503);
      expect((await unconfigured.json()).detail).toContain('VERIFIER_PRIVATE_KEY');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('scores in worker threads to the same score and signature as in-thread', async () => {
    const services = createServices(fx.env(), { scoreInWorkers: true, log: silentLogger });
    try {
      const fresh = verifyHandlerFromServices(services);
      const response = await fresh(request(ids(task, revealed)), { params: {}, ip: '6.6.6.6' });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(firstBody);
    } finally {
      await services.close();
    }
  });

  it('stops a worker scoring job past SCORING_TIMEOUT_MS with 504, signing nothing', async () => {
    // The full default scoring parameters take seconds; 100 ms cannot be enough.
    const services = createServices(fx.env({ SCORING_TIMEOUT_MS: '100' }), {
      scoreInWorkers: true,
      log: silentLogger,
    });
    try {
      const fresh = verifyHandlerFromServices(services);
      const response = await fresh(request(ids(fullTask, fullSubmission)), {
        params: {},
        ip: '6.6.6.7',
      });
      expect(response.status).toBe(504);
      expect((await response.json()).type).toMatch(/scoring-timeout$/);
    } finally {
      await services.close();
    }
  });

  it("reports a spec the verifier cannot score as invalid-spec, not as the solver's bad bundle", async () => {
    const heavy = await fx.createTask({
      scoring: { ...LIGHT_SCORING, streams: { count: 10_000, words: 1_000_000 } },
    });
    const submission = await fx.commit(heavy, await fx.uploadBundle(heavy));
    await fx.openReveal(heavy);
    await fx.reveal(submission);
    await fx.fixSeed(heavy);
    const response = await post({
      taskId: heavy.taskId.toString(),
      submissionId: submission.submissionId.toString(),
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.type).toMatch(/invalid-spec$/);
    expect(body.detail).toMatch(/scoring\.streams/);
  });

  it('never logs the verifier key', () => {
    const key = fx.verifier.privateKey.slice(2).toLowerCase();
    expect(logged.join('\n').toLowerCase()).not.toContain(key);
  });
});
