/**
 * Version of the formula in docs/scoring.md; bump on any change that can change a score.
 * 2: under `short-key` Alice and Bob get the key as inputs of their own (P + K inputs).
 */
export const FORMULA_VERSION = 2;

/** Fixed precision of every term: parts per million. */
export const PPM = 1_000_000;

/** The raw figures the formula combines, each a fraction in [0, 1] (NaN = not measurable). */
export interface ScoreFigures {
  /** Plaintext bits Bob recovered, over all test streams (integers, exact). */
  correctBits: number;
  totalBits: number;
  nistPassFraction: number;
  nistUniformity: number;
  /** Mean |Pearson| / |NCC| correlations combined as docs/scoring.md says (0 = none). */
  correlation: number;
  /** Fraction of ciphertext bits a one-bit key flip changes (ideal 0.5). */
  keyFlipFraction: number;
  /** The fresh Eve's advantage on held-out trials beyond chance, max(0, |2 acc - 1| - 2/sqrt(trials)) (ideal 0). */
  eveAdvantage: number;
}

/** Relative weights of the quality terms, as in the task spec (non-negative numbers). */
export interface FormulaWeights {
  nist: number;
  correlation: number;
  keySensitivity: number;
  eve: number;
}

/** Every term in parts per million, and the score. */
export interface FormulaResult {
  score: bigint;
  terms: {
    accuracy: number;
    perfect: number;
    nistPass: number;
    nistUniformity: number;
    nist: number;
    correlation: number;
    keySensitivity: number;
    eve: number;
    quality: number;
  };
}

/** A fraction rounded to ppm, clamped to [0, 1e6]; NaN (not measurable) becomes 0. */
export function toPpm(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.min(PPM, Math.max(0, Math.round(x * PPM)));
}

/** A weight in thousandths, as an integer (weights of the spec go up to 1000). */
export function weightMilli(w: number): number {
  return Number.isFinite(w) && w > 0 ? Math.round(w * 1000) : 0;
}

/**
 * The score formula (docs/scoring.md). Each term is rounded to ppm first; everything after is
 * integer arithmetic, so every platform and browser computes the same score.
 *
 * - accuracy A = floor(1e6 * correctBits / totalBits): exactly 1e6 only when every bit is right.
 * - quality Q = floor(sum(weight_i * term_i) / sum(weight_i)), terms nist, correlation,
 *   keySensitivity, eve (0 when every weight is 0).
 * - score = 1e6 + Q when A = 1e6 (perfect decryption); floor(A * (1e6 + Q) / 2e6) otherwise, which
 *   is below 1e6, so an imperfect pair always ranks below every perfect one.
 *
 * @example
 * combineScore(figures, { nist: 1, correlation: 1, keySensitivity: 1, eve: 1 }).score;
 */
export function combineScore(f: ScoreFigures, weights: FormulaWeights): FormulaResult {
  const correct = BigInt(Math.max(0, Math.floor(f.correctBits)));
  const total = BigInt(Math.max(0, Math.floor(f.totalBits)));
  const accuracy = total > 0n ? Number((correct * BigInt(PPM)) / total) : 0;
  const perfect = total > 0n && correct === total;
  const nistPass = toPpm(f.nistPassFraction);
  const nistUniformity = toPpm(f.nistUniformity);
  const nist = Math.floor((nistPass + nistUniformity) / 2);
  const correlation = PPM - toPpm(Number.isFinite(f.correlation) ? f.correlation : 1);
  const keySensitivity = Number.isFinite(f.keyFlipFraction)
    ? PPM - toPpm(Math.abs(2 * f.keyFlipFraction - 1))
    : 0;
  const eve = PPM - toPpm(Number.isFinite(f.eveAdvantage) ? f.eveAdvantage : 1);
  const w = [
    weightMilli(weights.nist),
    weightMilli(weights.correlation),
    weightMilli(weights.keySensitivity),
    weightMilli(weights.eve),
  ];
  const t = [nist, correlation, keySensitivity, eve];
  let num = 0n;
  let den = 0n;
  for (let i = 0; i < 4; i++) {
    num += BigInt(w[i]!) * BigInt(t[i]!);
    den += BigInt(w[i]!);
  }
  const quality = den > 0n ? Number(num / den) : 0;
  const M = BigInt(PPM);
  const score = perfect
    ? M + BigInt(quality)
    : (BigInt(accuracy) * (M + BigInt(quality))) / (2n * M);
  return {
    score,
    terms: {
      accuracy,
      perfect: perfect ? 1 : 0,
      nistPass,
      nistUniformity,
      nist,
      correlation,
      keySensitivity,
      eve,
      quality,
    },
  };
}
