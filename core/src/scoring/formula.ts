/**
 * Version of the formula in docs/scoring.md; bump on any change that can change a score.
 * 2: under `short-key` Alice and Bob get the key as inputs of their own (P + K inputs).
 * 3: `short-key` networks are keystream generators (key + counter in, keystream out); key
 *    dependence (every key bit's avalanche, key-independent bits, wrong-key Bob) is a gate and a
 *    term; the key-to-keystream map's structure (affinity, a known-plaintext Eve) is a term.
 */
export const FORMULA_VERSION = 3;

/** Fixed precision of every term: parts per million. */
export const PPM = 1_000_000;

/** The highest score the formula can give: a perfect pair that passes the key gate, quality 1. */
export const MAX_SCORE = 3n * BigInt(PPM);

/**
 * The raw figures the formula combines, each a fraction in [0, 1]: NaN when it could not be
 * measured (the term is then worth 0), null when the regime does not measure it (`otp`: its term
 * does not count).
 */
export interface ScoreFigures {
  /** Plaintext bits Bob recovered, over all test streams (integers, exact). */
  correctBits: number;
  totalBits: number;
  nistPassFraction: number;
  nistUniformity: number;
  /** Mean |Pearson| / |NCC| correlations combined as docs/scoring.md says (0 = none). */
  correlation: number;
  /**
   * The weakest key bit's share of changed ciphertext bits (ideal 1/2); null under `otp`, where a
   * pad word is meant to reach its own ciphertext word only.
   */
  weakestKeyFlip: number | null;
  /** Share of ciphertext bits equal under every test key (ideal 0). */
  keyIndependentShare: number;
  /** The worst wrong-key Bob's |2 accuracy - 1| beyond chance (ideal 0). */
  wrongKeyExcess: number;
  /** Share of one bits in the affinity test's sums (ideal 1/2, affine 0); null under `otp`. */
  affinityOnes: number | null;
  /** Share of the test keystreams with no linear relation within a window (ideal 1); null under `otp`. */
  relationFreeShare: number | null;
  /** What the known-plaintext Eve recovered beyond chance (ideal 0); null under `otp`. */
  knownPlaintextRecovered: number | null;
  /** The fresh Eve's advantage on held-out trials beyond chance, max(0, |2 acc - 1| - 2/sqrt(trials)) (ideal 0). */
  eveAdvantage: number;
}

/** Relative weights of the quality terms, as in the task spec (non-negative numbers). */
export interface FormulaWeights {
  nist: number;
  correlation: number;
  keySensitivity: number;
  eve: number;
  /** Default 1 (specs written before formula version 3 have no such weight). */
  structure?: number;
}

/** The key-dependence gate's limits: what "the cipher uses its whole key" means here. */
export const KEY_GATE = Object.freeze({
  /** Every key bit changes between a quarter and three quarters of the ciphertext bits. */
  maxWeakestDeviation: 0.5,
  /** At most 1 % of the ciphertext bits are the same under every test key. */
  maxKeyIndependentShare: 0.01,
  /** No wrong-key Bob gets |2 accuracy - 1| above 1/2 beyond chance. */
  maxWrongKeyExcess: 0.5,
});

/** Every term in parts per million, and the score. */
export interface FormulaResult {
  score: bigint;
  terms: {
    accuracy: number;
    perfect: number;
    keyGate: number;
    nistPass: number;
    nistUniformity: number;
    nist: number;
    correlation: number;
    keyAvalanche: number;
    keyIndependence: number;
    wrongKeyBob: number;
    keySensitivity: number;
    affinity: number;
    linearity: number;
    knownPlaintext: number;
    structure: number;
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

/** 1e6 − ppm(|2x − 1|): 1e6 at x = 1/2, 0 at 0 or 1 (and for NaN). */
function centred(x: number | null): number {
  return x !== null && Number.isFinite(x) ? PPM - toPpm(Math.abs(2 * x - 1)) : 0;
}

/** 1e6 − ppm(x), 0 for NaN. */
function inverted(x: number | null): number {
  return x !== null && Number.isFinite(x) ? PPM - toPpm(x) : 0;
}

/**
 * The score formula (docs/scoring.md §4). Each term is rounded to ppm first; everything after is
 * integer arithmetic, so every platform and browser computes the same score.
 *
 * - accuracy A = floor(1e6 · correctBits / totalBits): exactly 1e6 only when every bit is right.
 * - key gate G: every key bit's flip share within 1/2 ± 1/4 (not measured under otp), at most 1 %
 *   key-independent ciphertext bits, no wrong-key Bob beyond 3/4 (or 1/4) accuracy.
 * - terms: keySensitivity = min(keyAvalanche, keyIndependence, wrongKeyBob), structure =
 *   min(affinity, linearity, knownPlaintext); a term the regime does not measure (null: otp's key
 *   avalanche and structure) does not count, an unmeasurable one (NaN) is worth 0.
 * - quality Q = floor(sum(weight_i · term_i) / sum(weight_i)) over nist, correlation,
 *   keySensitivity, eve, structure (0 when no weight counts).
 * - score = 2e6 + Q for a perfect pair that passes the gate (2,000,000 … 3,000,000);
 *   1e6 + floor(Q · 999,999 / 1e6) for a perfect pair that fails it (1,000,000 … 1,999,999);
 *   floor(A · (1e6 + Q) / 2e6) otherwise (0 … 999,999). At most {@link MAX_SCORE}.
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

  const avalancheMeasured = f.weakestKeyFlip !== null;
  const keyAvalanche = centred(f.weakestKeyFlip);
  const keyIndependence = inverted(f.keyIndependentShare);
  const wrongKeyBob = inverted(f.wrongKeyExcess);
  const keySensitivity = Math.min(
    avalancheMeasured ? keyAvalanche : PPM,
    keyIndependence,
    wrongKeyBob,
  );
  const keyGate =
    (f.weakestKeyFlip === null ||
      (Number.isFinite(f.weakestKeyFlip) &&
        toPpm(Math.abs(2 * f.weakestKeyFlip - 1)) <= toPpm(KEY_GATE.maxWeakestDeviation))) &&
    Number.isFinite(f.keyIndependentShare) &&
    toPpm(f.keyIndependentShare) <= toPpm(KEY_GATE.maxKeyIndependentShare) &&
    Number.isFinite(f.wrongKeyExcess) &&
    toPpm(f.wrongKeyExcess) <= toPpm(KEY_GATE.maxWrongKeyExcess);

  const structureMeasured =
    f.affinityOnes !== null || f.relationFreeShare !== null || f.knownPlaintextRecovered !== null;
  const affinity = centred(f.affinityOnes);
  const linearity = f.relationFreeShare === null ? 0 : toPpm(f.relationFreeShare);
  const knownPlaintext = inverted(f.knownPlaintextRecovered);
  const structure = Math.min(affinity, linearity, knownPlaintext);
  const eve = PPM - toPpm(Number.isFinite(f.eveAdvantage) ? f.eveAdvantage : 1);

  const parts: [number, number][] = [
    [weightMilli(weights.nist), nist],
    [weightMilli(weights.correlation), correlation],
    [weightMilli(weights.keySensitivity), keySensitivity],
    [weightMilli(weights.eve), eve],
  ];
  if (structureMeasured) parts.push([weightMilli(weights.structure ?? 1), structure]);
  let num = 0n;
  let den = 0n;
  for (const [w, t] of parts) {
    num += BigInt(w) * BigInt(t);
    den += BigInt(w);
  }
  const quality = den > 0n ? Number(num / den) : 0;
  const M = BigInt(PPM);
  const Q = BigInt(quality);
  let score: bigint;
  if (!perfect) score = (BigInt(accuracy) * (M + Q)) / (2n * M);
  else if (keyGate) score = 2n * M + Q;
  // Below 2e6 even at Q = 1e6 (possible when keySensitivity weighs 0).
  else score = M + (Q * (M - 1n)) / M;
  return {
    score,
    terms: {
      accuracy,
      perfect: perfect ? 1 : 0,
      keyGate: keyGate ? 1 : 0,
      nistPass,
      nistUniformity,
      nist,
      correlation,
      keyAvalanche: avalancheMeasured ? keyAvalanche : PPM,
      keyIndependence,
      wrongKeyBob,
      keySensitivity,
      affinity: structureMeasured ? affinity : PPM,
      linearity: structureMeasured ? linearity : PPM,
      knownPlaintext: structureMeasured ? knownPlaintext : PPM,
      structure: structureMeasured ? structure : PPM,
      eve,
      quality,
    },
  };
}
