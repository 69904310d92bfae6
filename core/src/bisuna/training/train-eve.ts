import { compileGenome } from '../kernels/compiled-genome.js';
import type { Module } from '../format/genome.js';
import { NetworkKernel } from '../kernels/network-kernel.js';
import { popcount16 } from '../kernels/activation.js';
import type { CipherTrainingConfig } from './config.js';
import { cipherTexts, drawStream } from './cpa-episode.js';
import { TrainingConfigError } from './errors.js';
import { cipherInterfaceMismatch } from './key-layout.js';
import type { Evaluator } from './evaluation/evaluator.js';
import { localEvaluator } from './evaluation/local-evaluator.js';
import { cloneModule } from './mutation.js';
import { createPopulation, spectrumDiversityEvolve } from './population.js';
import { deriveSeed, randPos, StreamRole, streamFor } from './random.js';

export interface TrainEveParameters {
  /** The fixed encryptor Eve attacks; its state is reset at the start of every episode. */
  alice: Module;
  /** Payload/key sizes, key regime, population and mutation settings; `eveAdvantage` = steps per episode. */
  config: CipherTrainingConfig;
  seed: number;
  generations: number;
  evaluator?: Evaluator;
  signal?: AbortSignal;
  onGeneration?: (generation: number, bestFitness: number) => void;
}

export interface TrainEveReturnType {
  eve: Module;
  fitness: number;
  history: number[];
}

const EVE_TAG = 0x45564500;

/**
 * Trains a fresh Eve population against a fixed Alice on the distinguishing game of spec §11.2
 * (every Eve cell evaluated, each with its own reset) and returns the best Eve of the last
 * generation. Reproducible from the seed, whatever the evaluator.
 *
 * @example
 * const { eve } = await trainEve({ alice, config, seed: 7, generations: 100 });
 * const advantage = measureEveAdvantage({ alice, eve, config, seed: 8, trials: 10_000 });
 */
export async function trainEve(params: TrainEveParameters): Promise<TrainEveReturnType> {
  const { config, alice, generations } = params;
  const seed = deriveSeed(params.seed, EVE_TAG);
  const evaluator = params.evaluator ?? localEvaluator();
  const P = config.payloadWords;
  checkAlice(alice, config);
  const pop = createPopulation(
    streamFor(seed, 0, StreamRole.Init, 2),
    {
      inputs: 3 * P,
      outputs: 1,
      populationSize: config.population,
      noveltyMapSize: config.noveltyMapSize,
      initialMutations: config.initialMutations,
      stepMutations: config.stepMutations,
    },
    config.mutation,
  );
  const kernel = new NetworkKernel(compileGenome(alice));
  const history: number[] = [];
  let best: { module: Module; fitness: number } | null = null;
  for (let g = 0; g < generations && !params.signal?.aborted; g++) {
    const stream = drawStream(
      streamFor(seed, g, StreamRole.Data),
      config.eveAdvantage,
      P,
      config.keyWords,
      config.keyRegime,
    );
    const ciphers = cipherTexts(kernel, stream, streamFor(seed, g, StreamRole.FixedAlice));
    const res = await evaluator.evaluateEves({
      seed,
      tick: g,
      payloadWords: P,
      steps: config.eveAdvantage,
      payloads: stream.payloads,
      ciphers,
      eves: pop.cells.map((c) => c.module),
    });
    let bestIdx = 0;
    pop.cells.forEach((c, i) => {
      c.fitness = res.fitness[i]!;
      if (c.fitness >= pop.cells[bestIdx]!.fitness) bestIdx = i;
    });
    best = {
      module: cloneModule(pop.cells[bestIdx]!.module),
      fitness: pop.cells[bestIdx]!.fitness,
    };
    history.push(best.fitness);
    params.onGeneration?.(g, best.fitness);
    spectrumDiversityEvolve(pop, streamFor(seed, g, StreamRole.Evolve, 2), config.mutation);
  }
  return {
    eve: best?.module ?? cloneModule(pop.cells[0]!.module),
    fitness: best?.fitness ?? 0,
    history,
  };
}

export interface MeasureEveParameters {
  alice: Module;
  eve: Module;
  config: CipherTrainingConfig;
  seed: number;
  /** Held-out trials (plaintext steps), played in streams of `config.eveAdvantage` steps. */
  trials: number;
}

export interface EveAdvantage {
  trials: number;
  /** Trials where Eve's output named the right slot (more set bits on that side). */
  correct: number;
  /** Trials with no decision (equal bit counts). */
  undecided: number;
  /** `2 * (correct + undecided / 2) / trials - 1`: 0 for guessing, 1 for always right. */
  advantage: number;
}

/**
 * Eve's advantage on held-out trials of the distinguishing game: per step she sees the plaintext
 * and a decoy in random order plus the ciphertext; she is right when the side with more set bits
 * of her output (high byte = first slot) holds the plaintext. Alice and Eve are reset per stream.
 */
export function measureEveAdvantage(params: MeasureEveParameters): EveAdvantage {
  const { alice, eve, config, trials } = params;
  const P = config.payloadWords;
  const seed = deriveSeed(params.seed, EVE_TAG + 1);
  checkAlice(alice, config);
  const a = new NetworkKernel(compileGenome(alice));
  const e = new NetworkKernel(compileGenome(eve));
  const input = new Uint16Array(3 * P);
  const out = new Uint16Array(1);
  let correct = 0;
  let undecided = 0;
  let done = 0;
  for (let s = 0; done < trials; s++) {
    const steps = Math.min(config.eveAdvantage, trials - done);
    const rng = streamFor(seed, s, StreamRole.Test);
    const stream = drawStream(rng, steps, P, config.keyWords, config.keyRegime);
    const ciphers = cipherTexts(a, stream, rng);
    e.reset();
    for (let t = 0; t < steps; t++) {
      const first = rng.randFloat(-1, 1) > 0;
      for (let j = 0; j < P; j++) input[(first ? P : 0) + j] = randPos(rng, 65535);
      for (let j = 0; j < P; j++) {
        input[(first ? 0 : P) + j] = stream.payloads[t * P + j]!;
        input[2 * P + j] = ciphers[t * P + j]!;
      }
      e.step(input, out, rng);
      const left = popcount16(out[0]! & 0xff00);
      const right = popcount16(out[0]! & 0xff);
      if (left === right) undecided++;
      else if (left > right === first) correct++;
    }
    done += steps;
  }
  return { trials, correct, undecided, advantage: (2 * (correct + undecided / 2)) / trials - 1 };
}

/** Throws a TrainingConfigError when Alice's interface does not fit the config's key layout. */
function checkAlice(alice: Module, config: CipherTrainingConfig): void {
  const { nInputs, nOutputs } = alice.params;
  const problem = cipherInterfaceMismatch(
    'alice',
    nInputs,
    nOutputs,
    config.keyRegime,
    config.payloadWords,
    config.keyWords,
  );
  if (problem) throw new TrainingConfigError(problem);
}
