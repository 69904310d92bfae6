import { bitDistance, popcount16 } from './accuracy.js';
import type { CipherJob, CipherPair } from './cipher.js';
import { excessOverChance, flipBit } from './key-dependence.js';

/** One known-plaintext attack: a secret key, what Eve knows and what she must predict. */
export interface KnownPlaintextTrial {
  /** The secret key (Eve sees only its ciphertexts). */
  key: Uint16Array;
  /** The plaintext whose ciphertext Eve knows (a few steps). */
  known: Uint16Array;
  /** A plaintext whose ciphertext under the secret key Eve must predict. */
  heldOut: Uint16Array;
  /** Keys Eve's local searches start from besides her affine solution. */
  starts: readonly Uint16Array[];
  rngSeed: number;
}

/** What the verifier's Eve achieved. */
export interface KnownPlaintextResult {
  /**
   * Mean over trials of |2m - 1| beyond chance (`excessOverChance`), m the share of held-out
   * ciphertext bits she predicts: 0 when she does no better than guessing, 1 when she has the key.
   */
  recovered: number;
  /** Mean over trials of m. */
  match: number;
  trials: number;
}

/** Bits of the objective: per step, the count of matching ciphertext bits. */
type Objective = Int32Array;

/** Lexicographic order of per-step matches: earlier steps first (their keystream is simplest). */
function better(a: Objective, b: Objective): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/**
 * The verifier's known-plaintext Eve (Kerckhoffs: she holds the networks, not the key). Given the
 * ciphertext of a few known plaintext steps under a secret key she searches for a key that
 * explains them, within a fixed budget of encryptions:
 *
 * 1. an affine solution: she encrypts the known plaintext under the zero key and under every
 *    unit key, and solves the GF(2) system that an affine key-to-ciphertext map would satisfy;
 * 2. steepest-ascent local search over single key-bit flips from that solution and from each
 *    `starts` key, maximising the matching ciphertext bits step by step (the first step first:
 *    a cipher whose first outputs depend simply on the key gives its key away bit by bit); a
 *    round tries every flip and takes the best, and there are as many rounds as key bits over
 *    all starts together (so the attack costs at most about `16K · 16K` encryptions of the known
 *    steps per trial, whatever the cipher).
 *
 * Her best key then encrypts the held-out plaintext; the share of its ciphertext bits she gets
 * right measures what she recovered. For an ideal cipher that share is 1/2.
 *
 * @example
 * knownPlaintextAttack(pair, 'short-key', trials).recovered; // 0 for a cipher she cannot break
 */
export function knownPlaintextAttack(
  pair: CipherPair,
  regime: CipherJob['regime'],
  trials: readonly KnownPlaintextTrial[],
): KnownPlaintextResult {
  if (trials.length === 0) return { recovered: NaN, match: NaN, trials: 0 };
  let recovered = 0;
  let match = 0;
  for (const trial of trials) {
    const job = (plain: Uint16Array, key: Uint16Array): CipherJob => ({
      plain,
      key,
      regime,
      rngSeed: trial.rngSeed,
    });
    const P = pair.payloadWords;
    const target = pair.encrypt([job(trial.known, trial.key)])[0]!;
    const objective = (c: Uint16Array): Objective => {
      const o = new Int32Array(c.length / P);
      for (let i = 0; i < c.length; i++) o[(i / P) | 0]! += 16 - popcount16(c[i]! ^ target[i]!);
      return o;
    };
    const bits = 16 * trial.key.length;
    const solved = (o: Objective) => o.every((m) => m === 16 * P);
    let best = affineSolution(pair, trial, target, job);
    let bestScore = objective(pair.encrypt([job(trial.known, best)])[0]!);
    // The budget: one round (a flip of every key bit) per key bit, over all starts together.
    let rounds = bits;
    for (const start of [best, ...trial.starts]) {
      // A key that explains every known bit needs no more search.
      if (solved(bestScore) || rounds === 0) break;
      let key = start;
      let score = objective(pair.encrypt([job(trial.known, key)])[0]!);
      while (rounds > 0) {
        rounds--;
        const candidates = Array.from({ length: bits }, (_, b) => flipBit(key, b));
        const ciphers = pair.encrypt(candidates.map((k) => job(trial.known, k)));
        let pick = -1;
        let pickScore = score;
        ciphers.forEach((c, b) => {
          const s = objective(c);
          if (better(s, pickScore)) {
            pick = b;
            pickScore = s;
          }
        });
        if (pick < 0) break;
        key = candidates[pick]!;
        score = pickScore;
        if (solved(score)) break;
      }
      if (better(score, bestScore)) {
        best = key;
        bestScore = score;
      }
    }
    const [truth, guess] = pair.encrypt([job(trial.heldOut, trial.key), job(trial.heldOut, best)]);
    const n = truth!.length * 16;
    const m = n > 0 ? 1 - bitDistance(truth!, guess!) / n : 0.5;
    match += m;
    recovered += excessOverChance(m, n);
  }
  return {
    recovered: recovered / trials.length,
    match: match / trials.length,
    trials: trials.length,
  };
}

/**
 * The key an affine map would give: with C(0) and C(e_b) for every unit key e_b, solves
 * ⊕_b x_b·(C(e_b) ⊕ C(0)) = target ⊕ C(0) over GF(2) by Gaussian elimination (free unknowns 0,
 * equations inconsistent with the pivots ignored).
 */
function affineSolution(
  pair: CipherPair,
  trial: KnownPlaintextTrial,
  target: Uint16Array,
  job: (plain: Uint16Array, key: Uint16Array) => CipherJob,
): Uint16Array {
  const K = trial.key.length;
  const unknowns = 16 * K;
  const zero = new Uint16Array(K);
  const keys = [zero, ...Array.from({ length: unknowns }, (_, b) => flipBit(zero, b))];
  const ciphers = pair.encrypt(keys.map((k) => job(trial.known, k)));
  const c0 = ciphers[0]!;
  const words = Math.ceil((unknowns + 1) / 32);
  // One row per ciphertext bit: the unknowns' coefficients, then the right-hand side.
  const rows: Uint32Array[] = [];
  for (let i = 0; i < c0.length; i++) {
    for (let bit = 0; bit < 16; bit++) {
      const row = new Uint32Array(words);
      for (let b = 0; b < unknowns; b++) {
        if (((ciphers[b + 1]![i]! ^ c0[i]!) >>> bit) & 1) row[b >>> 5]! |= 1 << (b & 31);
      }
      if (((target[i]! ^ c0[i]!) >>> bit) & 1) row[unknowns >>> 5]! |= 1 << (unknowns & 31);
      rows.push(row);
    }
  }
  const pivotRow: number[] = new Array<number>(unknowns).fill(-1);
  let next = 0;
  for (let col = 0; col < unknowns && next < rows.length; col++) {
    const w = col >>> 5;
    const m = 1 << (col & 31);
    let r = next;
    while (r < rows.length && (rows[r]![w]! & m) === 0) r++;
    if (r === rows.length) continue;
    [rows[next], rows[r]] = [rows[r]!, rows[next]!];
    const pivot = rows[next]!;
    for (let o = 0; o < rows.length; o++) {
      if (o === next || (rows[o]![w]! & m) === 0) continue;
      const row = rows[o]!;
      for (let k = 0; k < words; k++) row[k] = row[k]! ^ pivot[k]!;
    }
    pivotRow[col] = next++;
  }
  const key = new Uint16Array(K);
  for (let col = 0; col < unknowns; col++) {
    const r = pivotRow[col]!;
    if (r < 0) continue;
    if ((rows[r]![unknowns >>> 5]! >>> (unknowns & 31)) & 1) {
      key[col >>> 4] = key[col >>> 4]! | (1 << (col & 15));
    }
  }
  return key;
}
