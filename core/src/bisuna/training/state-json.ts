import type { Module, Population, UnmConfig } from '../format/genome.js';
import { createCell } from '../kernels/state.js';
import {
  DEFAULT_TRAINING_CONFIG,
  validateTrainingConfig,
  type CipherTrainingConfig,
} from './config.js';
import { TrainingStateError } from './errors.js';
import { cipherInterfaceMismatch } from './key-layout.js';
import { base64ToU16, decodeModules, encodeModules, u16ToBase64 } from './genome-codec.js';
import { cloneModule } from './mutation.js';
import { NoveltyMap } from './novelty-map.js';
import type { TrainingCell, TrainingPopulation } from './population.js';
import type { CipherTrainingState } from './trainer.js';

export const TRAINING_STATE_FORMAT = 'tem/bisuna-training-state';
export const TRAINING_STATE_VERSION = 1;

export interface PopulationJson {
  config: UnmConfig;
  map: { lo: number[]; hi: number[]; lastIdx: { ciDist: number; ciIndex: number } };
  genomes: string;
  fitness: number[];
}

/** One genome as base64 text (null stays null), as checkpoints store it. */
export const moduleToText = (m: Module | null) => (m ? u16ToBase64(encodeModules([m])) : null);

/** The genome of {@link moduleToText}'s text; throws TrainingStateError naming `what`. */
export function moduleFromText(text: unknown, what: string): Module | null {
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string')
    throw new TrainingStateError(`${what}: expected encoded genome text`);
  const [m] = decodeModules(base64ToU16(text));
  if (!m) throw new TrainingStateError(`${what}: no genome`);
  return m;
}

/** A population as plain JSON (genomes packed as base64), as checkpoints store it. */
export function populationToJson(p: TrainingPopulation): PopulationJson {
  return {
    config: { ...p.config },
    map: { lo: Array.from(p.map.lo), hi: Array.from(p.map.hi), lastIdx: { ...p.map.lastIdx } },
    genomes: u16ToBase64(encodeModules(p.cells.map((c) => c.module))),
    fitness: p.cells.map((c) => c.fitness),
  };
}

/** Restores {@link populationToJson}'s JSON; throws TrainingStateError naming `what`. */
export function populationFromJson(v: unknown, what: string): TrainingPopulation {
  const p = v as PopulationJson;
  if (
    !p ||
    typeof p !== 'object' ||
    !p.map ||
    !Array.isArray(p.fitness) ||
    typeof p.genomes !== 'string'
  ) {
    throw new TrainingStateError(`${what}: not a population`);
  }
  const modules = decodeModules(base64ToU16(p.genomes));
  if (modules.length !== p.fitness.length || modules.length !== p.config?.population) {
    throw new TrainingStateError(
      `${what}: ${modules.length} genomes for population ${p.config?.population}`,
    );
  }
  if (!Array.isArray(p.map.lo) || !Array.isArray(p.map.hi) || p.map.lo.length !== p.map.hi.length) {
    throw new TrainingStateError(`${what}: malformed novelty map`);
  }
  const spectra = p.map.lo.map((lo, i) => ({ lo: lo >>> 0, hi: p.map.hi[i]! >>> 0 }));
  const cells: TrainingCell[] = modules.map((module, i) => ({
    module,
    fitness: Number(p.fitness[i]),
  }));
  return {
    config: { ...p.config },
    map: new NoveltyMap<TrainingCell>(spectra, p.map.lastIdx),
    cells,
  };
}

/**
 * The reproducible part of a training state as plain JSON: `stateToJson` without the wall-clock
 * fields. Two runs with the same seed are the same run exactly when these are deep-equal.
 */
export function reproducibleStateJson(s: CipherTrainingState): unknown {
  const json = stateToJson(s);
  delete json.elapsedMs;
  if (json.solvedAt) (json.solvedAt as { elapsedMs?: number }).elapsedMs = 0;
  return JSON.parse(JSON.stringify(json));
}

/** A JSON-serialisable copy of a training state (genomes packed as base64). */
export function stateToJson(s: CipherTrainingState): Record<string, unknown> {
  return {
    format: TRAINING_STATE_FORMAT,
    version: TRAINING_STATE_VERSION,
    seed: s.seed,
    config: s.config,
    tick: s.tick,
    abGeneration: s.abGeneration,
    eveGeneration: s.eveGeneration,
    phase: s.phase,
    evolveBob: s.evolveBob,
    preTrainAB: s.preTrainAB,
    generationCounter: s.generationCounter,
    didAliceMaxER: s.didAliceMaxER,
    eveRun: { ...s.eveRun },
    fixedAlice: moduleToText(s.fixedAlice),
    alices: populationToJson(s.alices),
    bobs: populationToJson(s.bobs),
    eves: populationToJson(s.eves),
    history: s.history,
    champion: s.champion && {
      ...s.champion,
      alice: moduleToText(s.champion.alice),
      bob: moduleToText(s.champion.bob),
    },
    bestEve: s.bestEve && { ...s.bestEve, module: moduleToText(s.bestEve.module) },
    solvedAt: s.solvedAt,
    elapsedMs: s.elapsedMs,
  };
}

/** Restores a state written by {@link stateToJson}; throws TrainingStateError naming what is wrong. */
export function stateFromJson(value: unknown): CipherTrainingState {
  if (typeof value !== 'object' || value === null)
    throw new TrainingStateError('training state: expected an object');
  const v = value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (v.format !== TRAINING_STATE_FORMAT)
    throw new TrainingStateError(`training state: format ${JSON.stringify(v.format)}`);
  if (v.version !== TRAINING_STATE_VERSION) {
    throw new TrainingStateError(
      `training state: version ${JSON.stringify(v.version)}, expected ${TRAINING_STATE_VERSION}`,
    );
  }
  // Keys added since a checkpoint was written take their defaults.
  const config: CipherTrainingConfig = validateTrainingConfig({
    eveCoevolution: DEFAULT_TRAINING_CONFIG.eveCoevolution,
    ...v.config,
  });
  const phases = ['eve-pretrain', 'eve-replicate', 'ab', 'eve-block', 'done'];
  if (!phases.includes(v.phase))
    throw new TrainingStateError(`training state: phase ${JSON.stringify(v.phase)}`);
  for (const k of [
    'seed',
    'tick',
    'abGeneration',
    'eveGeneration',
    'generationCounter',
    'elapsedMs',
  ]) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k]))
      throw new TrainingStateError(`training state: ${k} is not a number`);
  }
  const champion = v.champion
    ? {
        ...v.champion,
        alice: moduleFromText(v.champion.alice, 'champion.alice')!,
        bob: moduleFromText(v.champion.bob, 'champion.bob')!,
      }
    : null;
  const bestEve = v.bestEve
    ? { ...v.bestEve, module: moduleFromText(v.bestEve.module, 'bestEve')! }
    : null;
  const alices = populationFromJson(v.alices, 'alices');
  const bobs = populationFromJson(v.bobs, 'bobs');
  for (const [what, pop] of [
    ['alices', alices],
    ['bobs', bobs],
  ] as const) {
    const m = pop.cells[0]?.module.params;
    const problem = cipherInterfaceMismatch(
      `training state: ${what}`,
      m?.nInputs ?? pop.config.obs,
      m?.nOutputs ?? pop.config.actions,
      config.keyRegime,
      config.payloadWords,
      config.keyWords,
    );
    if (problem) throw new TrainingStateError(`${problem}; start a new run`);
  }
  return {
    seed: v.seed,
    config,
    tick: v.tick,
    abGeneration: v.abGeneration,
    eveGeneration: v.eveGeneration,
    phase: v.phase,
    evolveBob: Boolean(v.evolveBob),
    preTrainAB: Boolean(v.preTrainAB),
    generationCounter: v.generationCounter,
    didAliceMaxER: Boolean(v.didAliceMaxER),
    eveRun: {
      generations: v.eveRun?.generations ?? 0,
      counter: v.eveRun?.counter ?? 0,
      lastBest: v.eveRun?.lastBest ?? null,
    },
    fixedAlice: moduleFromText(v.fixedAlice, 'fixedAlice'),
    alices,
    bobs,
    eves: populationFromJson(v.eves, 'eves'),
    history: Array.isArray(v.history) ? v.history : [],
    champion,
    bestEve,
    solvedAt: v.solvedAt ?? null,
    elapsedMs: v.elapsedMs,
  };
}

/**
 * A training population in the reference's `.dat` shape (zeroed states, f32 fitness). With
 * `chosen`, that genome replaces cell 0, so index 0 is the pair to use.
 */
export function toDatPopulation(p: TrainingPopulation, chosen?: Module | null): Population {
  const cells = p.cells.map((c, i) => {
    const module = cloneModule(i === 0 && chosen ? chosen : c.module);
    module.params.networkID = i;
    const cell = createCell(module);
    cell.fitness = Math.fround(i === 0 && chosen ? 0 : c.fitness);
    return cell;
  });
  return { config: { ...p.config }, noveltyMap: p.map.toData(), cells };
}
