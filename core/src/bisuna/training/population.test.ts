import { describe, expect, it } from 'vitest';
import { Mt19937Random } from '../random/mt19937.js';
import { DEFAULT_MUTATION_RATES, cloneModule, interfaceModule } from './mutation.js';
import { NoveltyMap } from './novelty-map.js';
import {
  arrangeRelatedModel,
  createPopulation,
  placeParents,
  selectParents,
  spectrumDiversityEvolve,
  type TrainingCell,
  type TrainingPopulation,
} from './population.js';
import { ScriptedRandom } from './test-support/scripted-random.js';
import { spectrumOf } from './spectrum.js';

const shape = {
  inputs: 3,
  outputs: 3,
  populationSize: 30,
  noveltyMapSize: 6,
  initialMutations: 40,
  stepMutations: 5,
};

function tinyPopulation(fitness: number[], slots: number[]): TrainingPopulation {
  const cells: TrainingCell[] = fitness.map((f, i) => ({
    module: interfaceModule(i, 1, 1),
    fitness: f,
  }));
  const spectra = slots.map((v) => ({ lo: v, hi: 0 }));
  return {
    config: {
      obs: 1,
      actions: 1,
      population: cells.length,
      stepMuts: 1,
      generation: 0,
      steps: 0,
      mapSize: slots.length,
    },
    map: new NoveltyMap<TrainingCell>(spectra),
    cells,
  };
}

describe('population', () => {
  it('creates cells with interface neurons first and a map of distinct spectra', () => {
    const pop = createPopulation(new Mt19937Random(7), shape, DEFAULT_MUTATION_RATES);
    expect(pop.cells).toHaveLength(30);
    for (const [i, c] of pop.cells.entries()) {
      expect(c.module.params).toEqual({ networkID: i, nInputs: 3, nOutputs: 3 });
      expect(c.module.neurons.slice(0, 6).map((n) => n.nType)).toEqual([1, 1, 1, 2, 2, 2]);
      c.module.neurons.forEach((n, k) => expect(n.nID).toBe(k));
    }
    expect(pop.map.size).toBe(6);
    const keys = pop.map.spectra().map((x) => `${x.hi}:${x.lo}`);
    expect(new Set(keys).size).toBe(6);
  });

  it('selects the best cell per niche: higher fitness, or equal fitness with no more neurons', () => {
    // All cells have the interface-only spectrum 0, so every one maps to slot 0.
    const pop = tinyPopulation([3, 5, 5, 1], [0, 0xffff]);
    selectParents(pop);
    expect(pop.map.ptr[0]).toBe(pop.cells[2]);
    expect(pop.map.ptr[1]).toBeNull();
  });

  it('places parents at the front by their networkID, filling empty slots with random parents', () => {
    const pop = tinyPopulation([3, 5, 9, 1], [0, 0xffff]);
    selectParents(pop); // slot 0 -> cell 2, slot 1 empty
    const [c0, c1, best, c3] = pop.cells;
    const prev: number[] = [];
    placeParents(
      pop,
      new ScriptedRandom([
        { u16: [0, 1], value: 1 },
        { u16: [0, 1], value: 0 },
      ]),
      prev,
    );
    expect(prev).toEqual([2, 0]);
    // Slot 0 moved the parent from index 2 to 0. Slot 1 re-used it, and its networkID was already
    // rewritten to 0 (stale by design), so cells 1 and 0 swapped: the parent ends at index 1.
    expect(pop.cells).toEqual([c1, best, c0, c3]);
    expect(pop.cells[0]).toBe(c1);
    expect(best!.module.params.networkID).toBe(1);
    expect(c1!.module.params.networkID).toBe(1);
    expect(best!.fitness).toBe(0);
    expect(c1!.fitness).toBe(5);
  });

  it('evolves: parents survive unchanged, offspring are mutated copies, every genome stays consistent', () => {
    const rng = new Mt19937Random(11);
    const pop = createPopulation(rng, shape, DEFAULT_MUTATION_RATES);
    pop.cells.forEach((c, i) => (c.fitness = i % 7));
    const prev: number[] = [];
    spectrumDiversityEvolve(pop, rng, DEFAULT_MUTATION_RATES, prev);
    expect(pop.config.generation).toBe(1);
    expect(prev).toHaveLength(6);
    pop.cells.forEach((c, i) => {
      expect(c.module.params.networkID === i || i < 6).toBe(true);
      expect(c.fitness).toBe(0);
      c.module.neurons.forEach((n, k) => expect(n.nID).toBe(k));
      for (const k of c.module.conns) {
        expect(k.fromNID).toBeLessThan(c.module.neurons.length);
        expect(k.toNID).toBeLessThan(c.module.neurons.length);
      }
    });
    expect(pop.map.ptr.every((p) => p === null)).toBe(true);
  });

  it('is reproducible: the same draws give the same population', () => {
    const run = () => {
      const rng = new Mt19937Random(5);
      const pop = createPopulation(rng, shape, DEFAULT_MUTATION_RATES);
      for (let g = 0; g < 3; g++) {
        pop.cells.forEach((c) => (c.fitness = spectrumOf(c.module.neurons).lo % 13));
        spectrumDiversityEvolve(pop, rng, DEFAULT_MUTATION_RATES);
      }
      return pop.cells.map((c) => cloneModule(c.module));
    };
    expect(run()).toEqual(run());
  });

  it('arrangeRelatedModel keeps each surviving parent with its partner and clears fitness', () => {
    const other = tinyPopulation([1, 2, 3, 4], [0]);
    const [a, b, c, d] = other.cells;
    arrangeRelatedModel([2, 1, 0], other);
    // i=0: swap 0<->2 -> [c, b, a, d]; i=2: swap 2<->0 back -> [a, b, c, d]
    expect(other.cells).toEqual([a, b, c, d]);
    arrangeRelatedModel([3], other);
    expect(other.cells[0]).toBe(d);
    expect(other.cells[3]).toBe(a);
    expect(d!.module.params.networkID).toBe(0);
    expect(other.cells.every((x) => x.fitness === 0)).toBe(true);
  });
});
