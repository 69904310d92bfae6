import type { BitSequence } from '../bit-sequence.js';
import { window } from '../bits.js';
import { erfc } from '../math/erf.js';
import { checkInt } from '../parameters.js';
import { needsBits, type NistTestResult } from '../result.js';

// prettier-ignore
const EXPECTED_VALUE = [0, 0, 0, 0, 0, 0, 5.2177052, 6.1962507, 7.1836656, 8.1764248, 9.1723243,
  10.170032, 11.168765, 12.16807, 13.167693, 14.167488, 15.167379];
// prettier-ignore
const VARIANCE = [0, 0, 0, 0, 0, 0, 2.954, 3.125, 3.238, 3.311, 3.356, 3.384, 3.401, 3.41, 3.416,
  3.419, 3.421];

/** The suite's block length L for n bits (5 means "too short": the suite then refuses). */
export function universalBlockLength(n: number): number {
  const thresholds = [
    387840, 904960, 2068480, 4654080, 10342400, 22753280, 49643520, 107560960, 231669760, 496435200,
    1059061760,
  ];
  let L = 5;
  for (let i = 0; i < thresholds.length; i++) if (n >= thresholds[i]!) L = 6 + i;
  return L;
}

/** Options of Maurer's universal test; by default L and Q follow n as in the suite. */
export interface UniversalOptions {
  /** Block length L, 6..16 (default: chosen from n; L = 7 for n = 10^6). */
  blockLength?: number;
  /** Initialisation blocks Q, at least 10 * 2^L (default: exactly 10 * 2^L). */
  initBlocks?: number;
}

/** Maurer's universal statistical test, SP 800-22 2.9: distances between repeated L-bit blocks. */
export function universalTest(seq: BitSequence, options: UniversalOptions = {}): NistTestResult {
  const n = seq.length;
  if (options.blockLength === undefined) {
    const short = needsBits('Universal', n, 387840, 'L >= 6 with Q = 640 initialisation blocks');
    if (short) return short;
  }
  const L = checkInt(
    'Universal blockLength',
    options.blockLength ?? universalBlockLength(n),
    6,
    16,
  );
  const Q = checkInt(
    'Universal initBlocks',
    options.initBlocks ?? 10 * 2 ** L,
    10 * 2 ** L,
    0x7fffffff,
  );
  const short = needsBits(
    'Universal',
    n,
    (Q + 1) * L,
    `Q = ${Q} blocks of L = ${L} bits and one more`,
  );
  if (short) return short;
  const K = Math.floor(n / L) - Q;
  const p = 2 ** L;
  const c = 0.7 - 0.8 / L + ((4 + 32 / L) * Math.pow(K, -3 / L)) / 15;
  const sigma = c * Math.sqrt(VARIANCE[L]! / K);
  const T = new Float64Array(p);
  const words = seq.words;
  for (let i = 1; i <= Q; i++) T[window(words, (i - 1) * L, L)] = i;
  let sum = 0.0;
  const log2 = Math.log(2);
  for (let i = Q + 1; i <= Q + K; i++) {
    const decRep = window(words, (i - 1) * L, L);
    sum += Math.log(i - T[decRep]!) / log2;
    T[decRep] = i;
  }
  const phi = sum / K;
  const arg = Math.abs(phi - EXPECTED_VALUE[L]!) / (Math.sqrt(2) * sigma);
  return {
    name: 'Universal',
    applicable: true,
    pValues: [erfc(arg)],
    details: { L, Q, K, sum, sigma, phi },
  };
}
