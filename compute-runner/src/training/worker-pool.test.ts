import { describe, expect, it } from 'vitest';
import {
  decodeModules,
  reproducibleStateJson,
  trainCipher,
  trainingConfigFromJson,
  type TrainCipherReturnType,
} from '@tem/core/bisuna/training';
import { computeThreadsEvaluator, WorkerPoolEvaluator } from './worker-pool.js';

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
  it('gives identical genomes and fitness history on worker threads, with the calling thread computing too, and in-thread', async () => {
    const inThread = await trainCipher({ config, seed: 77 });
    const evaluators = [
      () => new WorkerPoolEvaluator(1),
      () => new WorkerPoolEvaluator(2),
      () => computeThreadsEvaluator(2),
      () => computeThreadsEvaluator(3),
    ];
    for (const make of evaluators) {
      const pool = make();
      try {
        const r = await trainCipher({ config, seed: 77, evaluator: pool });
        expect(fingerprint(r)).toEqual(fingerprint(inThread));
        expect(r.history.map((h) => [h.bestAliceBob, h.testPerfect])).toEqual(
          inThread.history.map((h) => [h.bestAliceBob, h.testPerfect]),
        );
      } finally {
        await pool.close();
      }
    }
  });

  it('runs --threads 1 in-thread and --threads K on K-1 workers plus the calling thread', async () => {
    const one = computeThreadsEvaluator(1);
    const two = computeThreadsEvaluator(2);
    try {
      expect(one).not.toBeInstanceOf(WorkerPoolEvaluator);
      expect(two).toBeInstanceOf(WorkerPoolEvaluator);
      expect([one.parallelism, two.parallelism]).toEqual([1, 2]);
      const cpu = await (two as WorkerPoolEvaluator).workerCpuMs();
      expect(cpu).toHaveLength(1);
      expect(cpu[0]).toBeGreaterThanOrEqual(0);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('answers a CPU query to a closed pool with NaN, not a hang', async () => {
    const pool = new WorkerPoolEvaluator(2);
    const before = await pool.workerCpuMs();
    expect(before.every((ms) => ms >= 0)).toBe(true);
    await pool.close();
    expect(await pool.workerCpuMs()).toEqual([Number.NaN, Number.NaN]);
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
