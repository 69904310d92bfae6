import type { Module, RandomSource, UnmConfig } from '../format/genome.js';
import {
  cloneModule,
  forkModule,
  interfaceModule,
  mutateWeight,
  structuralMutation,
  updatePrimers,
  type MutationRates,
} from './mutation.js';
import { NoveltyMap } from './novelty-map.js';
import { removeOrphans } from './orphans.js';
import { randPos } from './random.js';
import { spectrumOf, type Spectrum } from './spectrum.js';

/** One agent under evolution: its genome and the fitness of its last evaluation. */
export interface TrainingCell {
  module: Module;
  fitness: number;
}

/** A population under evolution (`UnifiedNeuralModel`): config, novelty map and cells. */
export interface TrainingPopulation {
  config: UnmConfig;
  map: NoveltyMap<TrainingCell>;
  cells: TrainingCell[];
}

/** Sizes of a population (the `[Population]` ini section). */
export interface PopulationShape {
  inputs: number;
  outputs: number;
  populationSize: number;
  noveltyMapSize: number;
  initialMutations: number;
  stepMutations: number;
}

/** A new cell: interface neurons, `mutations` structural mutations, then `updatePrimers`. */
export function randomCell(
  rng: RandomSource,
  id: number,
  inputs: number,
  outputs: number,
  mutations: number,
  rates: MutationRates,
): TrainingCell {
  const module = interfaceModule(id, inputs, outputs);
  for (let j = 0; j < mutations; j++) structuralMutation(rng, module, rates);
  updatePrimers(module);
  return { module, fitness: 0 };
}

/**
 * The initial population (spec §8). The novelty map takes the first `noveltyMapSize` distinct
 * spectra in cell order (the reference takes them in `unordered_set` order, which is
 * implementation-defined) and fills any shortfall with spectra of random cells.
 */
export function createPopulation(
  rng: RandomSource,
  shape: PopulationShape,
  rates: MutationRates,
): TrainingPopulation {
  const { inputs, outputs, populationSize, noveltyMapSize } = shape;
  const cells: TrainingCell[] = [];
  const seen = new Set<string>();
  const specs: Spectrum[] = [];
  for (let i = 0; i < populationSize; i++) {
    const cell = randomCell(rng, i, inputs, outputs, shape.initialMutations, rates);
    cells.push(cell);
    const s = spectrumOf(cell.module.neurons);
    const key = `${s.hi}:${s.lo}`;
    if (!seen.has(key)) {
      seen.add(key);
      if (specs.length < noveltyMapSize) specs.push(s);
    }
  }
  while (specs.length < noveltyMapSize) {
    specs.push(spectrumOf(cells[randPos(rng, populationSize - 1)]!.module.neurons));
  }
  return {
    config: {
      obs: inputs,
      actions: outputs,
      population: populationSize,
      stepMuts: shape.stepMutations,
      generation: 0,
      steps: 0,
      mapSize: noveltyMapSize,
    },
    map: new NoveltyMap<TrainingCell>(specs),
    cells,
  };
}

/** `compareTwoCells`: better fitness, or equal fitness with no more neurons. */
function isBetter(a: TrainingCell, b: TrainingCell): boolean {
  return (
    a.fitness > b.fitness ||
    (a.fitness === b.fitness && a.module.neurons.length <= b.module.neurons.length)
  );
}

/** `noveltyMapParents`: the best cell per novelty-map niche, in cell order. */
export function selectParents(pop: TrainingPopulation): void {
  const map = pop.map;
  for (const cell of pop.cells) {
    const k = map.idxPosition(spectrumOf(cell.module.neurons));
    const stored = map.ptr[k];
    if (!stored || isBetter(cell, stored)) map.ptr[k] = cell;
  }
}

/**
 * `noveltyPopulationModification` placement (spec §8 step 2): parent of slot i moves to index i
 * (swapping by its possibly stale networkID, as implemented); empty slots take a random slot's
 * parent. Appends the moved ids to `prevIDs`.
 */
export function placeParents(pop: TrainingPopulation, rng: RandomSource, prevIDs?: number[]): void {
  const { map, cells } = pop;
  const slots = map.size;
  for (let i = 0; i < slots; i++) {
    let parent = map.ptr[i] ?? null;
    while (parent === null) parent = map.ptr[randPos(rng, slots - 1)] ?? null;
    const id = parent.module.params.networkID;
    if (cells[i]!.module.params.networkID !== id && id < cells.length) {
      const tmp = cells[i]!;
      cells[i] = cells[id]!;
      cells[id] = tmp;
    }
    cells[i]!.fitness = 0;
    prevIDs?.push(id);
    cells[i]!.module.params.networkID = i;
  }
}

/**
 * Offspring (spec §8 step 3): each non-parent slot becomes a mutated copy of a random parent, or,
 * given `sources` (one per non-parent slot, chosen by the caller), of its source.
 */
export function breedOffspring(
  pop: TrainingPopulation,
  rng: RandomSource,
  rates: MutationRates,
  sources?: readonly Module[],
): void {
  const { map, cells, config } = pop;
  const slots = map.size;
  if (sources && sources.length !== cells.length - slots) {
    throw new RangeError(`${sources.length} offspring sources for ${cells.length - slots} slots`);
  }
  for (let i = slots; i < cells.length; i++) {
    const src = sources ? sources[i - slots]! : cells[randPos(rng, slots - 1)]!.module;
    const module = forkModule(src);
    const { nInputs, nOutputs } = cells[i]!.module.params;
    module.params = { networkID: i, nInputs, nOutputs };
    for (let k = 0; k < config.stepMuts; k++) structuralMutation(rng, module, rates);
    updatePrimers(module);
    const conns = module.conns;
    for (let k = 0; k < conns.length; k++) conns[k] = mutateWeight(rng, conns[k]!, rates);
    cells[i] = { module, fitness: 0 };
  }
}

/**
 * `spectrumDiversityEvolve` (spec §8): one generation of reproduction: parents per niche,
 * placement (elitism), offspring, pointer clearing, removeOrphans on every cell. Runs
 * {@link placeGenerationParents} then {@link breedGeneration}, which a caller may also run
 * apart, with the same `rng`, to use the parents' slots before the offspring exist.
 *
 * @param prevIDs receives, per parent slot, the index the parent came from (for
 *   {@link arrangeRelatedModel}).
 */
export function spectrumDiversityEvolve(
  pop: TrainingPopulation,
  rng: RandomSource,
  rates: MutationRates,
  prevIDs?: number[],
): void {
  placeGenerationParents(pop, rng, prevIDs);
  breedGeneration(pop, rng, rates);
}

/**
 * The first half of {@link spectrumDiversityEvolve}: the best cell per niche moves to the
 * niche's slot (`0 .. map.size-1`), where it stays in the next generation (only
 * {@link breedGeneration}'s removeOrphans may still edit it).
 */
export function placeGenerationParents(
  pop: TrainingPopulation,
  rng: RandomSource,
  prevIDs?: number[],
): void {
  selectParents(pop);
  placeParents(pop, rng, prevIDs);
}

/** The second half of {@link spectrumDiversityEvolve}: offspring, then the clean-up. */
export function breedGeneration(
  pop: TrainingPopulation,
  rng: RandomSource,
  rates: MutationRates,
  sources?: readonly Module[],
): void {
  breedOffspring(pop, rng, rates, sources);
  pop.map.clearPointers();
  for (const cell of pop.cells) removeOrphans(cell.module);
  pop.config.generation += 1;
  pop.config.steps = 0;
}

/**
 * `arrangeRelatedModel` (spec §11.2): moves the partner population's cells so each surviving
 * parent keeps its partner at the same index, then clears the partners' fitness.
 */
export function arrangeRelatedModel(prevIDs: readonly number[], other: TrainingPopulation): void {
  const cells = other.cells;
  for (let i = 0; i < prevIDs.length; i++) {
    const j = prevIDs[i]!;
    if (j === i || j >= cells.length) continue;
    const a = cells[i]!;
    const b = cells[j]!;
    a.module.params.networkID = j;
    b.module.params.networkID = i;
    cells[j] = a;
    cells[i] = b;
  }
  for (const c of cells) c.fitness = 0;
}

/** A deep copy of a population (genomes, fitness, novelty map spectra). */
export function clonePopulation(p: TrainingPopulation): TrainingPopulation {
  return {
    config: { ...p.config },
    map: p.map.clone<TrainingCell>(),
    cells: p.cells.map((c) => ({ module: cloneModule(c.module), fitness: c.fitness })),
  };
}
