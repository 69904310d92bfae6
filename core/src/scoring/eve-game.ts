import { Mt19937Random, type Module, type RandomSource } from '../bisuna/index.js';
import type { KeyRegime } from '../task/index.js';
import type { CipherPair } from './cipher.js';
import { deriveBytes, deriveUint32, deriveWords } from './seed.js';

/** Plaintexts and Alice's ciphertexts of one run of the distinguishing game (spec §11.2). */
export interface EveGameData {
  payloadWords: number;
  steps: number;
  payloads: Uint16Array;
  ciphers: Uint16Array;
}

/**
 * Plays `steps` trials' worth of Alice: random plaintexts and a key (per the regime) derived from
 * `label`, encrypted by a freshly reset Alice whose state carries across the trials.
 */
export function eveGameData(
  pair: CipherPair,
  seed: Uint8Array,
  label: string,
  steps: number,
  keyWords: number,
  regime: KeyRegime,
): EveGameData {
  const P = pair.payloadWords;
  const payloads = deriveWords(seed, `${label}/plain`, steps * P);
  const key = deriveWords(seed, `${label}/key`, regime === 'otp' ? steps * P : keyWords);
  const [ciphers] = pair.encrypt([
    { plain: payloads, key, regime, rngSeed: deriveUint32(seed, `${label}/rng`) },
  ]);
  return { payloadWords: P, steps, payloads, ciphers: ciphers! };
}

/** Runs one Eve network step: 3 x payloadWords inputs, 1 output word. */
export interface EveStepper {
  reset(): void;
  step(inputs: Uint16Array, out: Uint16Array, rng: RandomSource): void;
}

/** Trains a fresh Eve on the game; returns her genome. Budget and randomness come from the caller. */
export interface EveTrainer {
  train(options: EveTrainingOptions): Module | Promise<Module>;
}

/** What an {@link EveTrainer} gets: game data per generation, budget and a seed for its RNGs. */
export interface EveTrainingOptions {
  payloadWords: number;
  generations: number;
  population: number;
  /** The game Eve plays in generation g (fresh plaintexts each generation). */
  gameFor(generation: number): EveGameData;
  /** A u32 seed for evolution and episode RNGs, derived from the test seed. */
  seed: number;
  /** Await between generations: throws once scoring is aborted, yields to the event loop. */
  checkpoint?: (where: string) => Promise<void>;
  /** Called after each generation with the number of generations done. */
  onGeneration?: (done: number) => void;
}

/** Eve's record on held-out trials. */
export interface EveOutcome {
  correct: number;
  wrong: number;
  undecided: number;
  /** |2 accuracy - 1|, undecided trials counting as half right. */
  advantage: number;
}

/**
 * Plays held-out trials with a trained Eve: per trial a coin (one DRBG bit) puts the true
 * plaintext first or second, a DRBG decoy fills the other slot, the ciphertext follows. Eve's
 * answer is the byte of her output with more set bits (high byte = first slot, spec §11.2);
 * equal counts are undecided.
 */
export function playHeldOut(
  eve: EveStepper,
  game: EveGameData,
  seed: Uint8Array,
  label: string,
): EveOutcome {
  const P = game.payloadWords;
  const coins = deriveBytes(seed, `${label}/coins`, Math.ceil(game.steps / 8));
  const decoys = deriveWords(seed, `${label}/decoys`, game.steps * P);
  const rng = new Mt19937Random(deriveUint32(seed, `${label}/eve-rng`), 'libc++');
  const input = new Uint16Array(3 * P);
  const out = new Uint16Array(1);
  let correct = 0;
  let wrong = 0;
  let undecided = 0;
  eve.reset();
  for (let t = 0; t < game.steps; t++) {
    const first = ((coins[t >>> 3]! >>> (7 - (t & 7))) & 1) === 1;
    const plainAt = first ? 0 : P;
    const decoyAt = first ? P : 0;
    for (let j = 0; j < P; j++) {
      input[plainAt + j] = game.payloads[t * P + j]!;
      input[decoyAt + j] = decoys[t * P + j]!;
      input[2 * P + j] = game.ciphers[t * P + j]!;
    }
    eve.step(input, out, rng);
    const o = out[0]!;
    const hi = popcount8(o >>> 8);
    const lo = popcount8(o & 0xff);
    if (hi === lo) undecided++;
    else if (hi > lo === first) correct++;
    else wrong++;
  }
  const n = game.steps;
  const accuracy = n > 0 ? (correct + undecided / 2) / n : 0.5;
  return { correct, wrong, undecided, advantage: Math.abs(2 * accuracy - 1) };
}

function popcount8(x: number): number {
  let c = 0;
  for (let v = x & 0xff; v; v &= v - 1) c++;
  return c;
}
