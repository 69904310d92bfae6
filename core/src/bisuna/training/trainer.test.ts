import { describe, expect, it } from 'vitest';
import { trainingConfigFromJson } from './config.js';
import type { Evaluator, PairGeneration } from './evaluation/evaluator.js';
import { localEvaluator, slicedEvaluator } from './evaluation/local-evaluator.js';
import { SliceCoordinator } from './evaluation/slice-coordinator.js';
import { SliceWorker } from './evaluation/slice-runners.js';
import { reproducibleStateJson, stateFromJson, stateToJson } from './state-json.js';
import { trainCipher, type TrainCipherReturnType } from './train-cipher.js';
import { measureEveAdvantage, trainEve } from './train-eve.js';
import { createTrainingState, runTick, thinHistory, type HistoryEntry } from './trainer.js';
import { interfaceModule } from './mutation.js';
import { claimItem } from './work-claims.js';
import { OUT_INDEX, type Module } from '../format/genome.js';

/** A tiny run that still goes through every phase: Eve pre-training, replication, A&B, Eve blocks. */
const tiny = trainingConfigFromJson({
  population: 12,
  noveltyMapSize: 4,
  initialMutations: 30,
  steps: 24,
  eveAdvantage: 6,
  evePretrainGenerations: 2,
  numGensMaxExpectedReward: 1,
  preTrainAB: false,
  testStreams: 2,
  generations: 6,
});

const fingerprint = (r: TrainCipherReturnType) => reproducibleStateJson(r.state);

/**
 * `parts` lanes in this thread, the last one as the calling thread's lane: with fixed slices, or
 * taking cells from shared memory (the coordinator of worker-thread pools, prefetching included).
 */
const callingThreadEvaluator = (parts: number, shareMemory = false) =>
  slicedEvaluator(parts, undefined, { callingThreadLane: true, shareMemory });

/**
 * A worker lane that takes one item of every shared task and then never answers (a thread
 * stopped by the OS), beside the calling thread's lane, which has to finish its items.
 */
function stalledWorkerEvaluator(): Evaluator {
  const own = new SliceWorker();
  return new SliceCoordinator(
    2,
    async (lane, updates, slice) => {
      if (lane === 1) return own.run(updates, slice);
      if (slice.shared) claimItem(slice.shared.claims, slice.shared.upTo);
      return new Promise(() => {});
    },
    undefined,
    { callingThreadLane: true, shareMemory: true },
  );
}

/** Output word w = NOT input word w: a pair of these decrypts every stream exactly. */
function notNetwork(id: number, inputs: number, words: number): Module {
  const m = interfaceModule(id, inputs, words);
  for (let w = 0; w < words; w++)
    m.conns.push({ fromNID: w, toNID: inputs + w, neuroMod: OUT_INDEX, weight: 65535 });
  return m;
}

/** `tiny` under the reference's otp regime and schedule. */
const tinyOtp = { ...tiny, keyRegime: 'otp' as const };

describe('trainCipher', () => {
  it('goes through Eve pre-training, replication, A&B and Eve blocks under otp', async () => {
    const phases = new Set<string>();
    const r = await trainCipher({
      config: tinyOtp,
      seed: 9,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases].sort()).toEqual(['ab', 'eve-block', 'eve-pretrain', 'eve-replicate']);
    expect(r.stopped).toBe('generations');
    expect(r.history).toHaveLength(6);
    expect(r.history.map((h) => h.evolved)).toEqual([
      'alice',
      'bob',
      'alice',
      'bob',
      'alice',
      'bob',
    ]);
    expect(r.history.every((h) => h.withEve)).toBe(true);
    expect(r.alice && r.bob && r.eve).toBeTruthy();
  });

  it('under short-key evolves Alice every generation with Bob her copy, and probes the best pair on held-out keys', async () => {
    const phases = new Set<string>();
    const r = await trainCipher({ config: tiny, seed: 9, onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['ab']);
    expect(r.history.map((h) => h.evolved)).toEqual(Array(6).fill('alice'));
    expect(r.history.every((h) => !h.withEve && h.heldOut !== undefined)).toBe(true);
    expect(r.state.eveGeneration).toBe(0);
    r.state.alices.cells.forEach((c, i) => expect(r.state.bobs.cells[i]!.module).toEqual(c.module));
    expect(r.bob).toEqual(r.alice);
    expect(r.state.champion?.quality).toBeGreaterThan(0);
  });

  it('under short-key with Eve co-evolving, Eve plays every generation from the first', async () => {
    const r = await trainCipher({ config: { ...tiny, eveCoevolution: true }, seed: 9 });
    expect(r.history.every((h) => h.withEve)).toBe(true);
    expect(r.state.eveGeneration).toBe(6);
    expect(r.eve).toBeTruthy();
  });

  it('gives the same run for the same seed however the cells are split across evaluators', async () => {
    const one = await trainCipher({ config: tiny, seed: 21, evaluator: localEvaluator() });
    const two = await trainCipher({ config: tiny, seed: 21, evaluator: slicedEvaluator(2) });
    const five = await trainCipher({ config: tiny, seed: 21, evaluator: slicedEvaluator(5) });
    const shared = await trainCipher({
      config: tiny,
      seed: 21,
      evaluator: callingThreadEvaluator(3, true),
    });
    expect(fingerprint(two)).toEqual(fingerprint(one));
    expect(fingerprint(five)).toEqual(fingerprint(one));
    expect(fingerprint(shared)).toEqual(fingerprint(one));
    const stalled = await trainCipher({
      config: tiny,
      seed: 21,
      evaluator: stalledWorkerEvaluator(),
    });
    expect(fingerprint(stalled)).toEqual(fingerprint(one));
    const other = await trainCipher({ config: tiny, seed: 22 });
    expect(fingerprint(other)).not.toEqual(fingerprint(one));
  });

  it('draws the data of an A&B tick once: the tick evaluates the stream its prefetch drew', async () => {
    const local = localEvaluator();
    const prefetched = new Map<number, PairGeneration['stream']>();
    const reused: boolean[] = [];
    const spy: Evaluator = {
      parallelism: 1,
      evaluatePairs: (task) => {
        if (prefetched.has(task.tick)) reused.push(prefetched.get(task.tick) === task.stream);
        return local.evaluatePairs(task);
      },
      evaluateEves: (task) => local.evaluateEves(task),
      prefetchPairs: (task) => void prefetched.set(task.tick, task.stream),
      close: () => local.close(),
    };
    const r = await trainCipher({ config: tiny, seed: 21, evaluator: spy });
    expect(reused.length).toBeGreaterThan(0);
    expect(reused.every(Boolean)).toBe(true);
    expect(fingerprint(r)).toEqual(fingerprint(await trainCipher({ config: tiny, seed: 21 })));
  });

  it('never edits a neuron or connection object in place: offspring share them with their parents', async () => {
    // Many hidden and control neurons, so that deletions renumber and primers flip.
    const mutation = {
      ...tiny.mutation,
      addNeuron: 0.3,
      delNeuron: 0.2,
      addConnection: 0.3,
      delConnection: 0.2,
      controlNeuron: 0.6,
      neuromodulation: 0.3,
    };
    const state = createTrainingState({ ...tinyOtp, initialMutations: 60, mutation }, 13);
    const evaluator = localEvaluator();
    const phases = new Set<string>();
    for (let tick = 0; tick < 40; tick++) {
      // Frozen objects throw on any write (ES modules are strict).
      for (const pop of [state.alices, state.bobs, state.eves]) {
        for (const { module } of pop.cells) {
          module.neurons.forEach((n) => Object.freeze(n));
          module.conns.forEach((c) => Object.freeze(c));
        }
      }
      phases.add(state.phase);
      await runTick(state, evaluator);
    }
    expect([...phases].sort()).toEqual(['ab', 'eve-block', 'eve-pretrain', 'eve-replicate']);
    const shared = state.alices.cells.filter(({ module }, i) =>
      state.alices.cells.some((other, j) => j !== i && other.module.conns[0] === module.conns[0]),
    );
    expect(shared.length).toBeGreaterThan(0);
  });

  it('gives the same run on the WebAssembly and the JavaScript episode engines', async () => {
    for (const keyRegime of ['otp', 'short-key'] as const) {
      const config = { ...tiny, keyRegime, generations: 30 };
      const wasm = await trainCipher({ config, seed: 5, evaluator: localEvaluator('wasm') });
      const js = await trainCipher({ config, seed: 5, evaluator: slicedEvaluator(2, 'js') });
      expect(fingerprint(js)).toEqual(fingerprint(wasm));
    }
  });

  it('tests the best pair with its streams split over the lanes, with the same answers for any split', async () => {
    const run = async (evaluator: Evaluator) => {
      const state = createTrainingState(tiny, 4);
      const inputs = state.alices.cells[0]!.module.params.nInputs;
      for (const i of [2, 7, 10]) {
        state.alices.cells[i]!.module = notNetwork(i, inputs, tiny.payloadWords);
        state.bobs.cells[i]!.module = notNetwork(i, inputs, tiny.payloadWords);
      }
      return trainCipher({ config: tiny, seed: 4, state, evaluator });
    };
    const one = await run(localEvaluator());
    expect(one.history.some((h) => h.testPerfect === tiny.testStreams)).toBe(true);
    for (const parts of [2, 3, 12]) {
      expect(fingerprint(await run(slicedEvaluator(parts)))).toEqual(fingerprint(one));
      expect(fingerprint(await run(callingThreadEvaluator(parts)))).toEqual(fingerprint(one));
      expect(fingerprint(await run(callingThreadEvaluator(parts, true)))).toEqual(fingerprint(one));
    }
  });

  it('resumes from a serialised checkpoint to exactly the uninterrupted run', async () => {
    const straight = await trainCipher({ config: tiny, seed: 5 });
    const controller = new AbortController();
    let saved: string | undefined;
    const first = await trainCipher({
      config: tiny,
      seed: 5,
      signal: controller.signal,
      checkpointEvery: 1,
      onCheckpoint: (s) => {
        saved = JSON.stringify(stateToJson(s));
        if (s.abGeneration === 3) controller.abort();
      },
    });
    expect(first.stopped).toBe('aborted');
    expect(first.state.abGeneration).toBe(3);
    const resumed = await trainCipher({
      config: tiny,
      seed: 5,
      state: stateFromJson(JSON.parse(saved!)),
    });
    expect(fingerprint(resumed)).toEqual(fingerprint(straight));
  });

  it('abandons the generation under way when aborted mid-evaluation, leaving the last complete state, resumable exactly', async () => {
    const straight = await trainCipher({ config: tiny, seed: 5 });
    const controller = new AbortController();
    // The calling thread's lane yields after every cell, where the trainer's check runs.
    const inner = slicedEvaluator(1, undefined, {
      callingThreadLane: true,
      shareMemory: true,
      laneSliceMs: 0,
    });
    let started = 0;
    let finished = 0;
    const evaluator: Evaluator = {
      parallelism: 1,
      async evaluatePairs(task) {
        if (++started === 4) controller.abort();
        const r = await inner.evaluatePairs(task);
        finished++;
        return r;
      },
      evaluateEves: (task) => inner.evaluateEves(task),
      prefetchPairs: (task, ready) => inner.prefetchPairs(task, ready),
      setInterrupt: (check) => inner.setInterrupt(check),
      close: () => inner.close(),
    };
    const stopped = await trainCipher({
      config: tiny,
      seed: 5,
      evaluator,
      signal: controller.signal,
    });
    expect(stopped.stopped).toBe('aborted');
    expect([started, finished]).toEqual([4, 3]);
    expect(stopped.state.abGeneration).toBe(3);
    const json = JSON.parse(JSON.stringify(stateToJson(stopped.state)));
    const resumed = await trainCipher({ config: tiny, seed: 5, state: stateFromJson(json) });
    expect(fingerprint(resumed)).toEqual(fingerprint(straight));
  });

  it('rejects a bad seed and a seed that differs from the resumed state', async () => {
    await expect(trainCipher({ config: tiny, seed: -1 })).rejects.toThrow(/seed = -1/);
    await expect(trainCipher({ config: tiny, seed: 1.5 })).rejects.toThrow(/seed = 1.5/);
    const { state } = await trainCipher({ config: { ...tiny, generations: 0 }, seed: 4 });
    await expect(trainCipher({ config: tiny, seed: 5, state })).rejects.toThrow(
      /trained with seed 4/,
    );
  });

  it.each(['otp', 'short-key'] as const)(
    'improves the pair fitness of a small %s run',
    async (keyRegime) => {
      const config = trainingConfigFromJson({
        population: 40,
        noveltyMapSize: 8,
        initialMutations: 40,
        steps: 40,
        keyRegime,
        adversaryRequiresTraining: false,
        preTrainAB: true,
        testStreams: 0,
        generations: 40,
      });
      const r = await trainCipher({ config, seed: 3 });
      const best = r.history.map((h) => h.bestAliceBob);
      const early = Math.max(...best.slice(0, 4));
      const late = Math.max(...best.slice(-4));
      expect(late).toBeGreaterThan(early);
    },
  );
});

describe('stopping when solved', () => {
  it('stops once A&B decrypt perfectly for NumGensMaxExpectedReward rounds after Eve has played', async () => {
    const config = {
      ...tiny,
      keyRegime: 'otp' as const,
      adversaryRequiresTraining: false,
      preTrainAB: true,
    };
    const state = createTrainingState(config, 8);
    // Seed both populations with NOT networks, which decrypt every stream exactly.
    for (const pop of [state.alices, state.bobs]) {
      pop.cells.forEach((c, i) => (c.module = notNetwork(i, 3, 3)));
    }
    const r = await trainCipher({ config, seed: 8, state, generations: 50 });
    expect(r.stopped).toBe('solved');
    expect(r.state.phase).toBe('done');
    expect(r.state.solvedAt?.generation).toBe(1);
    expect(r.history[0]).toMatchObject({ testPerfect: 2, bestPerfectSteps: 12, withEve: false });
    // Pre-training ends after one solved Alice/Bob round; Eve then plays one round and a block.
    expect(r.history.map((h) => h.withEve)).toEqual([false, false, true, true]);
    expect(r.state.eveGeneration).toBeGreaterThan(0);
  });
});

describe('trainEve', () => {
  it('trains a reproducible Eve against a fixed Alice and measures her advantage', async () => {
    const { state } = await trainCipher({ config: { ...tiny, generations: 2 }, seed: 2 });
    const alice = state.alices.cells[0]!.module;
    const a = await trainEve({ alice, config: tiny, seed: 4, generations: 3 });
    const b = await trainEve({
      alice,
      config: tiny,
      seed: 4,
      generations: 3,
      evaluator: slicedEvaluator(3),
    });
    expect(b).toEqual(a);
    expect(a.history).toHaveLength(3);
    const adv = measureEveAdvantage({ alice, eve: a.eve, config: tiny, seed: 1, trials: 200 });
    expect(adv.trials).toBe(200);
    expect(adv.correct + adv.undecided).toBeLessThanOrEqual(200);
    expect(adv.advantage).toBeGreaterThanOrEqual(-1);
    expect(adv.advantage).toBeLessThanOrEqual(1);
  });
});

describe('history thinning', () => {
  it('halves a long history, keeping the first and the latest generation', () => {
    const entry = (generation: number) => ({ ...({} as HistoryEntry), generation });
    const thinned = thinHistory(Array.from({ length: 10 }, (_, i) => entry(i + 1)));
    expect(thinned.map((h) => h.generation)).toEqual([1, 3, 5, 7, 9, 10]);
  });
});
