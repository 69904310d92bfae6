import { describe, expect, it } from 'vitest';
import { trainingConfigFromJson } from './config.js';
import type { Module } from '../format/genome.js';
import { localEvaluator } from './evaluation/local-evaluator.js';
import { cloneModule, interfaceModule } from './mutation.js';
import { stateToJson } from './state-json.js';
import { trainCipher } from './train-cipher.js';
import {
  createEvaluationHandler,
  PortPoolEvaluator,
  type EvaluationPort,
  type EvaluationRequest,
  type EvaluationResponse,
} from './worker-protocol.js';

/** A "worker" on the other side of a real MessageChannel (structured clone, transfers). */
function channelPort(): EvaluationPort {
  const { port1, port2 } = new MessageChannel();
  const handle = createEvaluationHandler();
  port2.onmessage = (e: MessageEvent<EvaluationRequest>) => {
    const { response, transfer } = handle(e.data);
    port2.postMessage(response, transfer);
  };
  return {
    postMessage: (req) => port1.postMessage(req),
    listen: (onResponse) => {
      port1.onmessage = (e: MessageEvent<EvaluationResponse>) => onResponse(e.data);
    },
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
}

const config = trainingConfigFromJson({
  population: 10,
  noveltyMapSize: 3,
  initialMutations: 20,
  steps: 16,
  eveAdvantage: 5,
  evePretrainGenerations: 1,
  numGensMaxExpectedReward: 1,
  preTrainAB: false,
  testStreams: 3,
  generations: 4,
});

const strip = (s: object) => {
  const j = stateToJson(s as never);
  delete j.elapsedMs;
  if (j.solvedAt) (j.solvedAt as { elapsedMs?: number }).elapsedMs = 0;
  return JSON.parse(JSON.stringify(j));
};

describe('PortPoolEvaluator', () => {
  it('over message ports gives the same run as the in-thread evaluator', async () => {
    const pool = new PortPoolEvaluator([channelPort(), channelPort(), channelPort()]);
    try {
      const pooled = await trainCipher({ config, seed: 3, evaluator: pool });
      const local = await trainCipher({ config, seed: 3 });
      expect(strip(pooled.state)).toEqual(strip(local.state));
    } finally {
      await pool.close();
    }
  });

  it('after an evaluation that failed in a worker, resends every genome and evaluates exactly', async () => {
    const pool = new PortPoolEvaluator([channelPort(), channelPort()]);
    const local = localEvaluator();
    try {
      const eves = Array.from({ length: 6 }, (_, i) => interfaceModule(i, 3, 1));
      const task = (list: Module[]) => ({
        seed: 2,
        tick: 1,
        payloadWords: 1,
        steps: 4,
        payloads: Uint16Array.of(1, 2, 3, 4),
        ciphers: Uint16Array.of(5, 6, 7, 8),
        eves: list,
      });
      await pool.evaluateEves(task(eves));
      const broken = eves.map(cloneModule);
      broken[4]!.conns.push({ fromNID: 0, toNID: 9, neuroMod: 65535, weight: 1 });
      await expect(pool.evaluateEves(task(broken))).rejects.toThrow(/worker \d: GenomeError/);
      eves[1]!.conns.push({ fromNID: 0, toNID: 3, neuroMod: 65535, weight: 7 });
      expect(await pool.evaluateEves(task(eves))).toEqual(await local.evaluateEves(task(eves)));
    } finally {
      await pool.close();
    }
  });

  it.each([true, false])(
    'takes the answers that arrive while no one waits for them, when it can poll (busy-wait %s)',
    async (busyWait) => {
      // A worker whose answers are only ever polled (an event loop that never turns).
      const handle = createEvaluationHandler();
      const unread: EvaluationResponse[] = [];
      let mostUnread = 0;
      const polled: EvaluationPort = {
        postMessage: (req) => {
          unread.push(handle(req).response);
          mostUnread = Math.max(mostUnread, unread.length);
        },
        poll: () => unread.shift(),
        listen: () => {},
        terminate: () => {},
      };
      const pool = new PortPoolEvaluator([polled], {
        callingThreadLane: true,
        shareMemory: true,
        busyWait,
      });
      try {
        const pooled = await trainCipher({
          config: { ...config, generations: 8 },
          seed: 5,
          evaluator: pool,
        });
        const local = await trainCipher({ config: { ...config, generations: 8 }, seed: 5 });
        expect(strip(pooled.state)).toEqual(strip(local.state));
        // Three requests a generation (pairs, the next pairs' prefetch, Eves): none piles up.
        expect(mostUnread).toBeLessThanOrEqual(2);
      } finally {
        await pool.close();
      }
    },
  );

  it('rejects pending and later evaluations once a worker fails', async () => {
    let fail: (e: Error) => void = () => {};
    const silent: EvaluationPort = {
      postMessage: () => {},
      listen: (_, onFailure) => (fail = onFailure),
      terminate: () => {},
    };
    const pool = new PortPoolEvaluator([silent]);
    const task = {
      seed: 1,
      tick: 0,
      payloadWords: 1,
      steps: 1,
      payloads: new Uint16Array(1),
      ciphers: new Uint16Array(1),
      eves: [interfaceModule(0, 3, 1)],
    };
    const pending = pool.evaluateEves(task);
    fail(new Error('exited with code 1'));
    await expect(pending).rejects.toThrow(/worker 0: exited with code 1/);
    await expect(pool.evaluateEves(task)).rejects.toThrow(/worker 0: exited with code 1/);
    const truncated = {
      role: 'eve' as const,
      size: 1,
      cells: Int32Array.of(0),
      sources: Int32Array.of(-1),
      words: new Uint16Array(3),
    };
    const slice = { ...task, kind: 'eves' as const, first: 0, count: 1 };
    expect(
      createEvaluationHandler()({ id: 7, updates: [truncated], slice }).response.error,
    ).toMatch(/^TrainingStateError: encoded genomes truncated/);
  });
});
