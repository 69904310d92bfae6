import { compileGenome } from '../kernels/compiled-genome.js';
import type { Module } from '../format/genome.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import type { CipherTrainingConfig } from './config.js';
import { defaultEpisodeEngine } from './cpa-episode.js';
import { bestPairIndex, type Evaluator } from './evaluation/evaluator.js';
import { evaluateEves, pairGeneration } from './generation-tasks.js';
import { KeystreamPairRunner } from './keystream-episode.js';
import { PROBE_BASE_KEYS, probeScore, type ProbeTerms } from './keystream-probes.js';
import { cloneModule } from './mutation.js';
import { breedGeneration, placeGenerationParents, spectrumDiversityEvolve } from './population.js';
import { StreamRole, fillRandPos16, streamFor } from './random.js';
import { HISTORY_LIMIT, thinHistory, type CipherTrainingState } from './trainer.js';

/** Steps of each held-out probe keystream (longer than an episode: finer figures). */
export const HELD_OUT_PROBE_STEPS = 1024;

/**
 * What a generation's best pair must reach on the held-out probe to count as solved: every key
 * bit flips 45–55 % of the keystream, no keystream bit is key-independent beyond chance, a wrong
 * key agrees on 48–52 % of the bits, the key-to-keystream map is far from affine, no keystream
 * obeys a linear relation, and every bit position is balanced and changes from step to step
 * with a root mean square bias below 0.03 (a random keystream's is about 0.016 here).
 */
export const HELD_OUT_TARGETS: Readonly<ProbeTerms> = Object.freeze({
  avalanche: 0.9,
  weakestBit: 0.9,
  keyIndependence: 0.99,
  wrongKey: 0.96,
  balance: 0.97,
  affinity: 0.9,
  serial: 0.97,
  linearity: 1,
});

/**
 * Whether the held-out probe passes what the verifier's key gate asks (docs/scoring.md §3): every
 * key bit flips a quarter to three quarters of the keystream, at most 1 % of it is
 * key-independent beyond chance, and a wrong key agrees on a quarter to three quarters.
 */
export function passesKeyGate(t: ProbeTerms): boolean {
  return t.weakestBit >= 0.5 && t.keyIndependence >= 0.99 && t.wrongKey >= 0.5;
}

/** Whether every held-out probe term reaches its target. */
export function meetsHeldOutTargets(t: ProbeTerms): boolean {
  return (Object.keys(HELD_OUT_TARGETS) as (keyof ProbeTerms)[]).every(
    (k) => t[k] >= HELD_OUT_TARGETS[k],
  );
}

/**
 * The held-out probe of a short-key Alice: the probe terms on the run's fixed held-out base keys
 * (drawn from `(seed, 0, HeldOut)`), {@link HELD_OUT_PROBE_STEPS} steps each, Random neurons
 * drawing from `(seed, tick, HeldOut)` (at tick 0 the same stream as the keys: harmless, since
 * the draws only feed Random neurons, and kept so that runs stay as they were measured). Runs in
 * the calling thread (one network per generation).
 */
export function heldOutProbe(
  config: CipherTrainingConfig,
  seed: number,
  tick: number,
  alice: Module,
): ProbeTerms {
  const bases = new Uint16Array(PROBE_BASE_KEYS * config.keyWords);
  fillRandPos16(streamFor(seed, 0, StreamRole.HeldOut), bases);
  const runner = new KeystreamPairRunner(
    HELD_OUT_PROBE_STEPS,
    config.payloadWords,
    defaultEpisodeEngine(),
  );
  return runner.probe(
    new NetworkKernel(compileGenome(alice)),
    config.keyWords,
    bases,
    HELD_OUT_PROBE_STEPS,
    streamFor(seed, tick, StreamRole.HeldOut),
  );
}

/** Bob's cells `0 .. count-1` become copies of Alice's: the pair is tied. */
function tieBobs(state: CipherTrainingState, count: number): void {
  const { alices, bobs } = state;
  for (let i = 0; i < count; i++) {
    const module = cloneModule(alices.cells[i]!.module);
    bobs.cells[i] = { module, fitness: alices.cells[i]!.fitness };
  }
}

/** Terms rounded for the history (4 decimals). */
function rounded(t: ProbeTerms): ProbeTerms {
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    avalanche: r(t.avalanche),
    weakestBit: r(t.weakestBit),
    keyIndependence: r(t.keyIndependence),
    wrongKey: r(t.wrongKey),
    balance: r(t.balance),
    affinity: r(t.affinity),
    serial: r(t.serial),
    linearity: r(t.linearity),
  };
}

/**
 * Eve's generation after the Eves were evaluated against the best Alice (`fitness`): the best
 * Eve is kept, and the population evolves.
 */
function evolveEves(state: CipherTrainingState, fitness: Float64Array): void {
  let best = 0;
  for (let i = 1; i < fitness.length; i++) if (fitness[i]! >= fitness[best]!) best = i;
  state.bestEve = {
    module: cloneModule(state.eves.cells[best]!.module),
    fitness: fitness[best]!,
    eveGeneration: state.eveGeneration,
  };
  spectrumDiversityEvolve(
    state.eves,
    streamFor(state.seed, state.tick, StreamRole.Evolve, 2),
    state.config.mutation,
  );
  state.eveGeneration++;
}

/**
 * One generation of the short-key schedule (docs/bisuna-differences.md #28): every pair plays
 * its episode (with its Eve when Eve co-evolves), scored by decryption, the key-dependence probe
 * and Eve's reward; Alice evolves and Bob stays her copy (a tied pair, as XOR stream ciphers
 * are); Eve plays one generation against the best Alice and evolves; the best pair is tested on
 * the held-out streams and the held-out probe, and the best tested pair so far is kept. The run
 * is solved after `numGensMaxExpectedReward` generations whose best pair decrypted every test
 * stream and met {@link HELD_OUT_TARGETS}.
 */
export async function keystreamTick(
  state: CipherTrainingState,
  evaluator: Evaluator,
): Promise<void> {
  const { config, seed, tick } = state;
  const withEve = config.eveCoevolution;
  // Evaluations first: an abort may end them, and the state is then as the last tick left it.
  const res = await evaluator.evaluatePairs(pairGeneration(state, tick, withEve));
  const bestIdx = bestPairIndex(res.fitness);
  const bestAlice = cloneModule(state.alices.cells[bestIdx]!.module);
  const bestBob = cloneModule(state.bobs.cells[bestIdx]!.module);
  // Eve plays against the best Alice, on data of her own: (seed, tick, Data, 1).
  const eveFitness = withEve ? await evaluateEves(state, evaluator, bestAlice, 1) : null;

  let sum = 0;
  for (let i = 0; i < config.population; i++) {
    state.alices.cells[i]!.fitness = res.fitness[i]!;
    state.bobs.cells[i]!.fitness = res.fitness[i]!;
    sum += res.fitness[i]!;
  }
  if (eveFitness) evolveEves(state, eveFitness);
  const rng = streamFor(seed, tick, StreamRole.Evolve, 0);
  placeGenerationParents(state.alices, rng);
  const parents = state.alices.map.size;
  tieBobs(state, parents);
  if (!(config.stopWhenSolved && state.generationCounter >= config.numGensMaxExpectedReward)) {
    evaluator.prefetchPairs?.(pairGeneration(state, tick + 1, withEve), parents);
  }
  breedGeneration(state.alices, rng, config.mutation);
  tieBobs(state, config.population);
  const testPerfect = await res.finishTest();

  const probe = heldOutProbe(config, seed, tick, bestAlice);
  // Ranked as the verifier ranks: decryption, then the key gate, then quality (+1 for the gate).
  const quality = probeScore(probe) + (passesKeyGate(probe) ? 1 : 0);
  const generation = state.abGeneration + 1;
  const champion = state.champion;
  if (
    !champion ||
    testPerfect > champion.testPerfect ||
    (testPerfect === champion.testPerfect && quality >= (champion.quality ?? -Infinity))
  ) {
    state.champion = {
      alice: bestAlice,
      bob: bestBob,
      generation,
      testPerfect,
      fitness: res.fitness[bestIdx]!,
      quality,
    };
  }
  if (testPerfect === config.testStreams && meetsHeldOutTargets(probe)) state.generationCounter++;
  state.history.push({
    generation,
    tick,
    evolved: 'alice',
    withEve,
    bestAliceBob: res.fitness[bestIdx]!,
    meanAliceBob: sum / config.population,
    bestIndex: bestIdx,
    bestPerfectSteps: res.perfectSteps[bestIdx]!,
    bestEve: state.bestEve?.fitness ?? null,
    eveGenerations: state.eveGeneration,
    testPerfect,
    heldOut: rounded(probe),
  });
  if (state.history.length > HISTORY_LIMIT) state.history = thinHistory(state.history);
  state.abGeneration = generation;
  if (config.stopWhenSolved && state.generationCounter >= config.numGensMaxExpectedReward) {
    state.phase = 'done';
  }
}
