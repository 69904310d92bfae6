import type { ScoreReport } from '../../scoring/score.js';
import type { TermHelp } from '../kind.js';

/** The cipher's score terms in the order tables show them (docs/scoring.md §4). */
export const CIPHER_TERMS: readonly TermHelp[] = [
  ['accuracy', 'plaintext bits Bob recovered (ppm; 1e6 = perfect, the first gate)'],
  [
    'keyGate',
    'every key bit live, no key-free ciphertext, wrong key useless (0/1, the second gate)',
  ],
  ['nistPass', 'NIST SP 800-22 tests passing at alpha 0.01 (ppm)'],
  ['nistUniformity', '1 - KS distance of the p-values from uniform (ppm)'],
  ['nist', 'randomness term: mean of the two above (ppm)'],
  ['pearson', 'mean |Pearson| plaintext/ciphertext per lane (ppm, ideal 0)'],
  ['ncc', 'mean |reference NCC| plaintext/ciphertext (ppm, ideal 0)'],
  ['correlation', 'correlation term: 1 - correlation (ppm)'],
  [
    'keyFlipFraction',
    'mean over key bits of the ciphertext bits a flip changes (ppm, ideal 500000)',
  ],
  ['weakestKeyFlip', 'the same for the weakest key bit (ppm, ideal 500000)'],
  ['keyIndependentShare', 'ciphertext bits no test key changes (ppm, ideal 0)'],
  ['wrongKeyAccuracy', 'bits Bob recovers with a wrong key (ppm, ideal 500000)'],
  ['keySensitivity', 'key term: the weakest of avalanche, key independence, wrong-key Bob (ppm)'],
  ['affinityOnes', 'ones in the affinity test sums (ppm, ideal 500000, affine 0)'],
  ['linearRelations', 'linear relations within 3 keystream steps (count, ideal 0)'],
  [
    'knownPlaintextMatch',
    'held-out ciphertext bits the known-plaintext Eve predicts (ppm, ideal 500000)',
  ],
  ['structure', 'structure term: the weakest of affinity, linearity, known plaintext (ppm)'],
  ['eveAdvantage', "fresh Eve's advantage on held-out trials (ppm, ideal 0)"],
  ['eveExcess', 'advantage beyond 2 standard deviations of guessing (ppm)'],
  ['eve', 'Eve term: 1 - excess (ppm)'],
  ['quality', 'weighted mean of nist, correlation, keySensitivity, eve, structure (ppm)'],
].map(([name, help]) => ({ name: name!, help: help! }));

/** Which band of the formula a report is in (docs/scoring.md §4). */
export function cipherBand(report: ScoreReport): string {
  const t = report.terms;
  if (!t.perfect) return 'IMPERFECT decryption: ranks below every perfect pair';
  if (!t.keyGate)
    return 'perfect decryption, FAILS the key gate: ranks below every pair that passes';
  return 'perfect decryption, passes the key gate';
}

/** The counts under a cipher report's table. */
export function cipherCounts(report: ScoreReport): string {
  const t = report.terms;
  return `streams ${t.streams}, plaintext bits ${t.plaintextBits}, NIST on ${t.nistBits} bits (${t.nistTests} tests applicable), Eve held-out trials ${t.eveTrials}`;
}
