import type { BitSequence } from '../bit-sequence.js';
import { erfc } from '../math/erf.js';
import { fft, realFftPacked, usesRealSplit } from '../math/fft.js';
import { needsBits, type NistTestResult } from '../result.js';

/**
 * Discrete Fourier transform (spectral) test, SP 800-22 2.6, as sts-2.1.2 computes it: the
 * n-point DFT of the +-1 sequence, moduli of bins 0 .. floor(n/2) - 1 (bin 0 is the DC term),
 * threshold sqrt(2.995732274 n), d = (N1 - 0.95 n/2) / sqrt(n/4 * 0.95 * 0.05).
 */
export function dftTest(seq: BitSequence): NistTestResult {
  const n = seq.length;
  const short = needsBits('FFT', n, 2, 'one frequency bin');
  if (short) return short;
  const bytes = seq.bytes;
  const sign = (i: number) => ((bytes[i >>> 3]! >>> (7 - (i & 7))) & 1) * 2 - 1;
  let re: Float64Array;
  let im: Float64Array;
  if (usesRealSplit(n)) {
    // Even and odd samples packed as one complex sequence of n/2 points (see realFftPacked).
    re = new Float64Array(n / 2 + 1);
    im = new Float64Array(n / 2 + 1);
    for (let k = 0; k < n / 2; k++) {
      re[k] = sign(2 * k);
      im[k] = sign(2 * k + 1);
    }
    realFftPacked(re, im, n);
  } else {
    re = new Float64Array(n);
    im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = sign(i);
    fft(re, im);
  }
  const upperBound = Math.sqrt(2.995732274 * n);
  const half = Math.floor(n / 2);
  let count = 0;
  for (let k = 0; k < half; k++) {
    if (Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!) < upperBound) count++;
  }
  const N0 = (0.95 * n) / 2.0;
  const d = (count - N0) / Math.sqrt((n / 4.0) * 0.95 * 0.05);
  const pValue = erfc(Math.abs(d) / Math.sqrt(2.0));
  return { name: 'FFT', applicable: true, pValues: [pValue], details: { N_l: count, N_o: N0, d } };
}
