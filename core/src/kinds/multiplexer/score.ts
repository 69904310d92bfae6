import { compileGenome } from '../../bisuna/kernels/compiled-genome.js';
import type { Module } from '../../bisuna/format/genome.js';
import { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { streamFor } from '../../bisuna/training/random.js';
import { PPM } from '../../scoring/formula.js';
import type { ScoreReport } from '../../scoring/score.js';
import { deriveUint32 } from '../../scoring/seed.js';
import { caseAnswer, caseScratch, multiplexerShape, runCase, wordAnswer } from './cases.js';
import type { MultiplexerEnvironment } from './spec.js';

/** Version of the multiplexer's score formula (docs/kinds/multiplexer.md). */
export const MULTIPLEXER_FORMULA_VERSION = 1;

/** The size at which a perfect network gets half the parsimony bonus (hidden neurons + connections). */
export const PARSIMONY_HALF_SIZE = 64;

/** Every case's outcome: the truth table's coverage. */
export interface MultiplexerCoverage {
  cases: number;
  /** Cases the network gets right. */
  correct: number;
  /** 1 where case c is right. */
  right: Uint8Array;
  /** The network's output word per case. */
  outputs: Uint16Array;
}

/**
 * Runs every case of the spec's multiplexer on `module`, in case order, each from a reset network;
 * Random neurons of case c draw from the engine's stream `(base, c)` (an mt19937 seeded with
 * `deriveSeed(base, c)`, libc++ mapping), base the u32 of the test seed's label
 * `multiplexer/rng`.
 */
export function multiplexerCoverage(
  module: Module,
  environment: MultiplexerEnvironment,
  testSeed: Uint8Array,
): MultiplexerCoverage {
  const shape = multiplexerShape(environment.addressBits);
  const kernel = new NetworkKernel(compileGenome(module));
  const scratch = caseScratch(kernel);
  const base = deriveUint32(testSeed, 'multiplexer/rng');
  const right = new Uint8Array(shape.cases);
  const outputs = new Uint16Array(shape.cases);
  let correct = 0;
  for (let c = 0; c < shape.cases; c++) {
    const word = runCase(kernel, shape, c, environment.stepsPerCase, streamFor(base, c), scratch);
    outputs[c] = word;
    if (wordAnswer(word) === caseAnswer(shape, c)) {
      right[c] = 1;
      correct++;
    }
  }
  return { cases: shape.cases, correct, right, outputs };
}

/**
 * The score (docs/kinds/multiplexer.md): A = floor(10^6·correct/cases); below every case right
 * the score is A (0 … 999,999); a perfect network scores 2,000,000 + floor(10^6·64/(64 + size)),
 * size = hidden neurons + connections, so every perfect network ranks above every other one, and
 * smaller perfect networks above larger ones.
 */
export function multiplexerReport(coverage: MultiplexerCoverage, module: Module): ScoreReport {
  const { cases, correct } = coverage;
  const accuracy = Math.floor((PPM * correct) / cases);
  const hidden = module.neurons.length - module.params.nInputs - module.params.nOutputs;
  const size = hidden + module.conns.length;
  const parsimony = Math.floor((PPM * PARSIMONY_HALF_SIZE) / (PARSIMONY_HALF_SIZE + size));
  const perfect = correct === cases ? 1 : 0;
  const score = perfect ? 2n * BigInt(PPM) + BigInt(parsimony) : BigInt(accuracy);
  return {
    score,
    formulaVersion: MULTIPLEXER_FORMULA_VERSION,
    terms: {
      accuracy,
      perfect,
      parsimony,
      correct,
      cases,
      hiddenNeurons: hidden,
      connections: module.conns.length,
    },
  };
}
