import { describe, expect, it } from 'vitest';
import {
  decodeModules,
  reproducibleStateJson,
  trainCipher,
  trainingConfigFromJson,
  type TrainCipherReturnType,
} from '@tem/core/bisuna/training';
import { WorkerPoolEvaluator } from './worker-pool.js';

const config = trainingConfigFromJson({
  population: 16,
  noveltyMapSize: 4,
  initialMutations: 30,
  steps: 30,
  eveAdvantage: 8,
  evePretrainGenerations: 2,
  numGensMaxExpectedReward: 1,
  preTrainAB: false,
  testStreams: 2,
  generations: 6,
});

const fingerprint = (r: TrainCipherReturnType) => reproducibleStateJson(r.state);

describe('WorkerPoolEvaluator', () => {
  it('gives identical genomes and fitness history with 1 and 2 worker threads and in-thread', async () => {
    const inThread = await trainCipher({ config, seed: 77 });
    const results = [];
    for (const threads of [1, 2]) {
      const pool = new WorkerPoolEvaluator(threads);
      try {
        results.push(await trainCipher({ config, seed: 77, evaluator: pool }));
      } finally {
        await pool.close();
      }
    }
    expect(fingerprint(results[0]!)).toEqual(fingerprint(inThread));
    expect(fingerprint(results[1]!)).toEqual(fingerprint(inThread));
    expect(results[1]!.history.map((h) => h.bestAliceBob)).toEqual(
      inThread.history.map((h) => h.bestAliceBob),
    );
  });

  it('reports an error inside a worker as a rejected evaluation, not a hang', async () => {
    const pool = new WorkerPoolEvaluator(1);
    try {
      const bad = {
        seed: 1,
        tick: 0,
        payloadWords: 1,
        steps: 1,
        payloads: new Uint16Array(1),
        ciphers: new Uint16Array(1),
        // A connection to neuron 9 of a 4-neuron Eve.
        eves: decodeModules(
          new Uint16Array([1, 0, 0, 3, 1, 4, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 2, 0, 9, 65535, 1]),
        ),
      };
      await expect(pool.evaluateEves(bad)).rejects.toThrow(/worker 0: GenomeError/);
    } finally {
      await pool.close();
    }
  });
});
