import { describe, expect, it } from 'vitest';
import { compileGenome } from '../../kernels/compiled-genome.js';
import { NeuronType, OUT_INDEX, type Module } from '../../format/genome.js';
import { NetworkKernel } from '../../kernels/network-kernel.js';
import { drawStream, PairEpisodeRunner } from '../cpa-episode.js';
import { trainingConfigFromJson } from '../config.js';
import type { PairGeneration, PairResults } from './evaluator.js';
import { localEvaluator } from './local-evaluator.js';
import { SliceCoordinator } from './slice-coordinator.js';
import { runTestStreams, SliceWorker } from './slice-runners.js';
import { cloneModule, interfaceModule } from '../mutation.js';
import { createTrainingState, type CipherTrainingState } from '../trainer.js';
import {
  allItemsFinished,
  claimItem,
  createWorkClaims,
  finishItem,
  unfinishedItems,
} from '../work-claims.js';
import { StreamRole, streamFor } from '../random.js';

function notNetwork(words: number): Module {
  const m = interfaceModule(0, words, words);
  for (let i = 0; i < words; i++)
    m.conns.push({ fromNID: i, toNID: words + i, neuroMod: OUT_INDEX, weight: 65535 });
  return m;
}

/** A NOT network whose output 0 also ORs in bit 0 of a Random neuron: it decrypts only by luck. */
function noisyNot(words: number): Module {
  const m = notNetwork(words);
  const r = m.neurons.length;
  m.neurons.push({ nID: r, firingRate: 1, nType: NeuronType.Random });
  m.conns.push(
    { fromNID: 0, toNID: r, neuroMod: OUT_INDEX, weight: 65535 },
    { fromNID: r, toNID: words, neuroMod: OUT_INDEX, weight: 1 },
  );
  return m;
}

describe('held-out test streams', () => {
  it('equals running every stream on its own, however the streams are sliced', () => {
    const spec = {
      count: 24,
      steps: 3,
      payloadWords: 3,
      keyWords: 3,
      regime: 'short-key' as const,
    };
    const a = new NetworkKernel(compileGenome(notNetwork(3)));
    const b = new NetworkKernel(compileGenome(noisyNot(3)));
    const runner = new PairEpisodeRunner(3, 3);
    const scalar = Array.from({ length: 24 }, (_, s) => {
      const rng = streamFor(31, 4, StreamRole.Test, s);
      const stream = drawStream(rng, 3, 3, 3, 'short-key');
      return runner.run(a, b, null, stream, rng, false).perfectSteps === 3 ? 1 : 0;
    });
    expect(Array.from(runTestStreams(a, b, spec, 31, 4))).toEqual(scalar);
    expect(scalar).toContain(0);
    expect(scalar).toContain(1);
    const sliced = [0, 5, 11, 20].flatMap((first, i, cuts) =>
      Array.from(runTestStreams(a, b, spec, 31, 4, first, (cuts[i + 1] ?? 24) - first)),
    );
    expect(sliced).toEqual(scalar);
  });
});

describe('lanes sharing memory', () => {
  const config = trainingConfigFromJson({ population: 12, noveltyMapSize: 4, steps: 12 });

  /**
   * Two lanes in this thread (one as the calling thread's) that claim cells from shared memory;
   * the worker lane throws instead while `failing.worker` is set.
   */
  function sharedLanes(failing = { worker: false }): SliceCoordinator {
    const lanes = [new SliceWorker(), new SliceWorker()];
    return new SliceCoordinator(
      2,
      async (lane, updates, slice) => {
        if (lane === 0 && failing.worker) throw new Error('worker lost');
        return lanes[lane]!.run(updates, slice);
      },
      undefined,
      { callingThreadLane: true, shareMemory: true },
    );
  }

  function pairTask(state: CipherTrainingState, tick: number): PairGeneration {
    return {
      seed: state.seed,
      tick,
      stream: drawStream(streamFor(state.seed, tick, StreamRole.Data), 6, 3, 3, 'otp'),
      alices: state.alices.cells.map((c) => c.module),
      bobs: state.bobs.cells.map((c) => c.module),
      eves: null,
      tests: null,
    };
  }

  const plain = (r: PairResults) => ({
    fitness: Array.from(r.fitness),
    decryption: Array.from(r.decryption),
    perfectSteps: Array.from(r.perfectSteps),
    eveReward: Array.from(r.eveReward),
  });

  it('takes a prefetch whose parents only moved, and drops one whose parents changed', async () => {
    const state = createTrainingState({ ...config, keyRegime: 'otp' }, 8);
    const lanes = sharedLanes();
    const local = localEvaluator();
    await lanes.evaluatePairs(pairTask(state, 1));
    // Cells 0..3 become the next generation's parents, moved from elsewhere.
    const swap = (cells: { module: Module }[], i: number, j: number) =>
      ([cells[i], cells[j]] = [cells[j]!, cells[i]!]);
    for (const [i, j] of [
      [0, 5],
      [2, 9],
    ] as const) {
      swap(state.alices.cells, i, j);
      swap(state.bobs.cells, i, j);
    }
    lanes.prefetchPairs(pairTask(state, 2), 4);
    state.alices.cells[7] = { module: cloneModule(state.alices.cells[7]!.module), fitness: 0 };
    state.alices.cells[7]!.module.conns.push({ fromNID: 0, toNID: 3, neuroMod: 65535, weight: 9 });
    const moved = await lanes.evaluatePairs(pairTask(state, 2));
    expect(plain(moved)).toEqual(plain(await local.evaluatePairs(pairTask(state, 2))));

    lanes.prefetchPairs(pairTask(state, 3), 4);
    state.bobs.cells[1]!.module.conns.push({ fromNID: 1, toNID: 3, neuroMod: 65535, weight: 3 });
    const changed = await lanes.evaluatePairs(pairTask(state, 3));
    expect(plain(changed)).toEqual(plain(await local.evaluatePairs(pairTask(state, 3))));

    lanes.prefetchPairs(pairTask(state, 4), 4);
    const otherTick = await lanes.evaluatePairs(pairTask(state, 5));
    expect(plain(otherTick)).toEqual(plain(await local.evaluatePairs(pairTask(state, 5))));
    expect(lanes.prefetchStats).toEqual({ taken: 1, dropped: 2 });

    // An Eve evaluation in between, or a population of another size, drops the prefetch too.
    lanes.prefetchPairs(pairTask(state, 6), 4);
    await lanes.evaluateEves({
      seed: 8,
      tick: 6,
      payloadWords: 3,
      steps: 2,
      payloads: new Uint16Array(6),
      ciphers: new Uint16Array(6),
      eves: state.eves.cells.map((c) => c.module),
    });
    const afterEves = await lanes.evaluatePairs(pairTask(state, 6));
    expect(plain(afterEves)).toEqual(plain(await local.evaluatePairs(pairTask(state, 6))));
    lanes.prefetchPairs(pairTask(state, 7), 4);
    const smaller = { ...pairTask(state, 7) };
    smaller.alices = smaller.alices.slice(0, 10);
    smaller.bobs = smaller.bobs.slice(0, 10);
    expect(plain(await lanes.evaluatePairs(smaller))).toEqual(
      plain(await local.evaluatePairs(smaller)),
    );
    expect(lanes.prefetchStats).toEqual({ taken: 1, dropped: 4 });
  });

  it('has workers test the best pair as soon as every cell is finished, with no message of its own', async () => {
    const state = createTrainingState({ ...config, keyRegime: 'otp' }, 4);
    const tests = { count: 6, steps: 6, payloadWords: 3, keyWords: 3, regime: 'otp' as const };
    const task = { ...pairTask(state, 2), tests };
    const local = await localEvaluator().evaluatePairs(task);
    // The worker lane starts late, after the calling thread evaluated every cell.
    const lanes = [new SliceWorker(), new SliceWorker()];
    let late: Promise<unknown> = Promise.resolve();
    const coordinator = new SliceCoordinator(
      2,
      (lane, updates, slice) => {
        if (lane === 1) return Promise.resolve(lanes[1]!.run(updates, slice));
        const answer = new Promise<void>((r) => setTimeout(r, 1)).then(() =>
          lanes[0]!.run(updates, slice),
        );
        late = answer;
        return answer;
      },
      undefined,
      { callingThreadLane: true, shareMemory: true },
    );
    const pairs = await coordinator.evaluatePairs(task);
    expect(plain(pairs)).toEqual(plain(local));
    // Every cell was the calling thread's; the worker then ran all six test streams.
    expect(await late).toEqual({ claimed: 6 });
    expect(await pairs.finishTest()).toBe(await local.finishTest());

    // A worker that finds other lanes' cells unfinished leaves the test to them.
    const eager = new SliceCoordinator(
      2,
      async (lane, updates, slice) => lanes[lane]!.run(updates, slice),
      undefined,
      { callingThreadLane: true, shareMemory: true },
    );
    const again = await eager.evaluatePairs({ ...task, tick: 3 });
    const expected = await localEvaluator().evaluatePairs({ ...task, tick: 3 });
    expect(await again.finishTest()).toBe(await expected.finishTest());
  });

  it('fails a task whose worker failed, even when the calling thread finished it, then resends every genome', async () => {
    const state = createTrainingState({ ...config, keyRegime: 'otp' }, 3);
    const failing = { worker: false };
    const lanes = sharedLanes(failing);
    const local = localEvaluator();
    await lanes.evaluatePairs(pairTask(state, 1));
    failing.worker = true;
    state.alices.cells[3] = { module: cloneModule(state.alices.cells[3]!.module), fitness: 0 };
    state.alices.cells[3]!.module.conns.push({ fromNID: 2, toNID: 3, neuroMod: 65535, weight: 5 });
    await expect(lanes.evaluatePairs(pairTask(state, 2))).rejects.toThrow('worker lost');
    failing.worker = false;
    expect(plain(await lanes.evaluatePairs(pairTask(state, 3)))).toEqual(
      plain(await local.evaluatePairs(pairTask(state, 3))),
    );
  });

  it('claims every item once, from either end, only below the limit it is given', () => {
    const claims = createWorkClaims(6);
    expect([claimItem(claims, 2), claimItem(claims, 2), claimItem(claims, 2)]).toEqual([0, 1, -1]);
    expect(claimItem(claims, 2, true)).toBe(-1);
    expect([claimItem(claims, 6, true), claimItem(claims), claimItem(claims, 6, true)]).toEqual([
      5, 2, 4,
    ]);
    expect(unfinishedItems(claims)).toEqual([]);
    expect([claimItem(claims, 6, true), claimItem(claims), claimItem(claims, 6, true)]).toEqual([
      3, -1, -1,
    ]);
    for (const i of [0, 1, 3, 4]) finishItem(claims, i);
    expect(unfinishedItems(claims)).toEqual([2, 5]);
    finishItem(claims, 5);
    finishItem(claims, 5);
    expect(allItemsFinished(claims)).toBe(false);
    finishItem(claims, 2);
    expect(allItemsFinished(claims)).toBe(true);
    expect(unfinishedItems(claims)).toEqual([]);
    expect(() => createWorkClaims(40_000)).toThrow(RangeError);
  });
});
