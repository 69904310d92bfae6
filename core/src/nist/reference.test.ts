/**
 * The packed-word implementations against straight ports of sts-2.1.2's per-bit loops (one byte
 * per bit, the same arithmetic), on pseudo-random and biased inputs of awkward lengths and with
 * non-default parameters: equal to NIST's suite on inputs other than data.e.
 */
import { describe, expect, it } from 'vitest';
import { BitSequence } from './bit-sequence.js';
import { igamc, lgam } from './math/cephes.js';
import { erfc, normalCdf } from './math/erf.js';
import { approximateEntropyTest } from './tests/approximate-entropy.js';
import { blockFrequencyTest } from './tests/block-frequency.js';
import { cumulativeSumsTest } from './tests/cumulative-sums.js';
import { dftTest } from './tests/dft.js';
import { frequencyTest } from './tests/frequency.js';
import { linearComplexityTest } from './tests/linear-complexity.js';
import { longestRunTest } from './tests/longest-run.js';
import { nonOverlappingTemplateTest } from './tests/non-overlapping-template.js';
import { overlappingTemplateTest } from './tests/overlapping-template.js';
import { randomExcursionsVariantTest } from './tests/random-excursions-variant.js';
import { randomExcursionsTest } from './tests/random-excursions.js';
import { rankTest } from './tests/rank.js';
import { runsTest } from './tests/runs.js';
import { serialTest } from './tests/serial.js';
import { universalTest } from './tests/universal.js';
import { aperiodicTemplates } from './templates.js';

/** Deterministic bits with P(1) = bias (xorshift32). */
function randomBits(n: number, seed: number, bias = 0.5): Uint8Array {
  const eps = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    eps[i] = x / 2 ** 32 < bias ? 1 : 0;
  }
  return eps;
}

function pack(eps: Uint8Array): BitSequence {
  const bytes = new Uint8Array(Math.ceil(eps.length / 8));
  eps.forEach((b, i) => {
    if (b) bytes[i >>> 3]! |= 0x80 >>> (i & 7);
  });
  return new BitSequence(bytes, eps.length);
}

// ---- straight ports of sts-2.1.2 (epsilon = one byte per bit) ----

function stsFrequency(e: Uint8Array): number {
  let sum = 0;
  for (const b of e) sum += 2 * b - 1;
  return erfc(Math.abs(sum) / Math.sqrt(e.length) / Math.sqrt(2));
}

function stsBlockFrequency(e: Uint8Array, M: number): number {
  const N = Math.floor(e.length / M);
  let sum = 0.0;
  for (let i = 0; i < N; i++) {
    let blockSum = 0;
    for (let j = 0; j < M; j++) blockSum += e[j + i * M]!;
    const v = blockSum / M - 0.5;
    sum += v * v;
  }
  return igamc(N / 2.0, (4.0 * M * sum) / 2.0);
}

function stsCusum(e: Uint8Array): number[] {
  const n = e.length;
  let S = 0;
  let sup = 0;
  let inf = 0;
  for (let k = 0; k < n; k++) {
    S += e[k] ? 1 : -1;
    if (S > sup) sup++;
    if (S < inf) inf--;
  }
  const z = sup > -inf ? sup : -inf;
  const zrev = sup - S > S - inf ? sup - S : S - inf;
  return [z, zrev].map((zz) => {
    let sum1 = 0.0;
    for (
      let k = Math.trunc((Math.trunc(-n / zz) + 1) / 4);
      k <= Math.trunc((Math.trunc(n / zz) - 1) / 4);
      k++
    ) {
      sum1 += normalCdf(((4 * k + 1) * zz) / Math.sqrt(n));
      sum1 -= normalCdf(((4 * k - 1) * zz) / Math.sqrt(n));
    }
    let sum2 = 0.0;
    for (
      let k = Math.trunc((Math.trunc(-n / zz) - 3) / 4);
      k <= Math.trunc((Math.trunc(n / zz) - 1) / 4);
      k++
    ) {
      sum2 += normalCdf(((4 * k + 3) * zz) / Math.sqrt(n));
      sum2 -= normalCdf(((4 * k + 1) * zz) / Math.sqrt(n));
    }
    return 1.0 - sum1 + sum2;
  });
}

function stsRuns(e: Uint8Array): number {
  const n = e.length;
  let S = 0;
  for (const b of e) S += b;
  const pi = S / n;
  if (Math.abs(pi - 0.5) > 2.0 / Math.sqrt(n)) return 0.0;
  let V = 1;
  for (let k = 1; k < n; k++) if (e[k] !== e[k - 1]) V++;
  return erfc(Math.abs(V - 2.0 * n * pi * (1 - pi)) / (2.0 * pi * (1 - pi) * Math.sqrt(2 * n)));
}

function stsLongestRun(e: Uint8Array): number {
  const n = e.length;
  const [K, M, V, pi] =
    n < 6272
      ? [3, 8, [1, 2, 3, 4], [0.21484375, 0.3671875, 0.23046875, 0.1875]]
      : n < 750000
        ? [
            5,
            128,
            [4, 5, 6, 7, 8, 9],
            [0.1174035788, 0.242955959, 0.249363483, 0.17517706, 0.102701071, 0.112398847],
          ]
        : [
            6,
            10000,
            [10, 11, 12, 13, 14, 15, 16],
            [0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727],
          ];
  const N = Math.floor(n / M);
  const nu = new Array<number>(K + 1).fill(0);
  for (let i = 0; i < N; i++) {
    let best = 0;
    let run = 0;
    for (let j = 0; j < M; j++) {
      if (e[i * M + j] === 1) {
        run++;
        if (run > best) best = run;
      } else run = 0;
    }
    if (best < V[0]!) nu[0]!++;
    for (let j = 0; j <= K; j++) if (best === V[j]) nu[j]!++;
    if (best > V[K]!) nu[K]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i <= K; i++)
    chi2 += ((nu[i]! - N * pi[i]!) * (nu[i]! - N * pi[i]!)) / (N * pi[i]!);
  return igamc(K / 2.0, chi2 / 2.0);
}

/** matrix.c's computeRank: forward then backward elimination with row swaps, on bit arrays. */
function stsRank(e: Uint8Array): number {
  const N = Math.floor(e.length / 1024);
  const prob = (r: number) => {
    let product = 1;
    for (let i = 0; i <= r - 1; i++)
      product *= ((1 - 2 ** (i - 32)) * (1 - 2 ** (i - 32))) / (1 - 2 ** (i - r));
    return 2 ** (r * (64 - r) - 1024) * product;
  };
  const p32 = prob(32);
  const p31 = prob(31);
  const p30 = 1 - (p32 + p31);
  let F32 = 0;
  let F31 = 0;
  for (let k = 0; k < N; k++) {
    const A: number[][] = [];
    for (let i = 0; i < 32; i++)
      A.push(Array.from(e.subarray(k * 1024 + i * 32, k * 1024 + i * 32 + 32)));
    let rank = 0;
    for (let col = 0; col < 32; col++) {
      let pivot = -1;
      for (let r = rank; r < 32; r++) if (A[r]![col] === 1) pivot = pivot < 0 ? r : pivot;
      if (pivot < 0) continue;
      [A[rank], A[pivot]] = [A[pivot]!, A[rank]!];
      for (let r = 0; r < 32; r++) {
        if (r !== rank && A[r]![col] === 1)
          for (let c = 0; c < 32; c++) A[r]![c] = A[r]![c]! ^ A[rank]![c]!;
      }
      rank++;
    }
    if (rank === 32) F32++;
    if (rank === 31) F31++;
  }
  const F30 = N - (F32 + F31);
  const chi2 =
    (F32 - N * p32) ** 2 / (N * p32) +
    (F31 - N * p31) ** 2 / (N * p31) +
    (F30 - N * p30) ** 2 / (N * p30);
  return Math.exp(-chi2 / 2.0);
}

function naiveDftCount(e: Uint8Array): number {
  const n = e.length;
  let count = 0;
  for (let k = 0; k < Math.floor(n / 2); k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const a = (2 * Math.PI * ((j * k) % n)) / n;
      re += (2 * e[j]! - 1) * Math.cos(a);
      im -= (2 * e[j]! - 1) * Math.sin(a);
    }
    if (Math.sqrt(re * re + im * im) < Math.sqrt(2.995732274 * n)) count++;
  }
  return count;
}

function stsNonOverlapping(e: Uint8Array, m: number, N: number): number[] {
  const n = e.length;
  const M = Math.floor(n / N);
  const lambda = (M - m + 1) / 2 ** m;
  const varWj = M * (1.0 / 2 ** m - (2.0 * m - 1.0) / 2 ** (2.0 * m));
  return aperiodicTemplates(m)
    .slice(0, 148)
    .map((t) => {
      const seq = Array.from({ length: m }, (_, k) => (t >>> (m - 1 - k)) & 1);
      let chi2 = 0.0;
      for (let i = 0; i < N; i++) {
        let W = 0;
        for (let j = 0; j < M - m + 1; j++) {
          let match = 1;
          for (let k = 0; k < m; k++) {
            if (seq[k] !== e[i * M + j + k]) {
              match = 0;
              break;
            }
          }
          if (match === 1) {
            W++;
            j += m - 1;
          }
        }
        chi2 += Math.pow((W - lambda) / Math.pow(varWj, 0.5), 2);
      }
      return igamc(N / 2.0, chi2 / 2.0);
    });
}

function stsOverlapping(e: Uint8Array, m: number, M: number): number {
  const K = 5;
  const N = Math.floor(e.length / M);
  const lambda = (M - m + 1) / 2 ** m;
  const eta = lambda / 2.0;
  const Pr = (u: number) => {
    if (u === 0) return Math.exp(-eta);
    let sum = 0.0;
    for (let l = 1; l <= u; l++) {
      sum += Math.exp(
        -eta -
          u * Math.log(2) +
          l * Math.log(eta) -
          lgam(l + 1) +
          lgam(u) -
          lgam(l) -
          lgam(u - l + 1),
      );
    }
    return sum;
  };
  const pi: number[] = [];
  let sum = 0.0;
  for (let i = 0; i < K; i++) {
    pi[i] = Pr(i);
    sum += pi[i]!;
  }
  pi[K] = 1 - sum;
  const nu = new Array<number>(K + 1).fill(0);
  for (let i = 0; i < N; i++) {
    let W = 0;
    for (let j = 0; j < M - m + 1; j++) {
      let match = 1;
      for (let k = 0; k < m; k++) if (e[i * M + j + k] !== 1) match = 0;
      if (match === 1) W++;
    }
    if (W <= 4) nu[W]!++;
    else nu[K]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i < K + 1; i++) chi2 += Math.pow(nu[i]! - N * pi[i]!, 2) / (N * pi[i]!);
  return igamc(K / 2.0, chi2 / 2.0);
}

function stsUniversal(e: Uint8Array, L: number, Q: number): number {
  const expected = [0, 0, 0, 0, 0, 0, 5.2177052, 6.1962507, 7.1836656, 8.1764248, 9.1723243];
  const variance = [0, 0, 0, 0, 0, 0, 2.954, 3.125, 3.238, 3.311, 3.356];
  const K = Math.floor(e.length / L) - Q;
  const c = 0.7 - 0.8 / L + ((4 + 32 / L) * Math.pow(K, -3 / L)) / 15;
  const sigma = c * Math.sqrt(variance[L]! / K);
  const T = new Array<number>(2 ** L).fill(0);
  const dec = (i: number) => {
    let d = 0;
    for (let j = 0; j < L; j++) d += e[(i - 1) * L + j]! * 2 ** (L - 1 - j);
    return d;
  };
  for (let i = 1; i <= Q; i++) T[dec(i)] = i;
  let sum = 0.0;
  for (let i = Q + 1; i <= Q + K; i++) {
    const d = dec(i);
    sum += Math.log(i - T[d]!) / Math.log(2);
    T[d] = i;
  }
  return erfc(Math.abs(sum / K - expected[L]!) / (Math.sqrt(2) * sigma));
}

/** P[k-1] counts of blockSize-bit cyclic patterns, as psi2 and ApproximateEntropy build them. */
function stsCounts(e: Uint8Array, blockSize: number): number[] {
  const n = e.length;
  const P = new Array<number>(2 ** (blockSize + 1) - 1).fill(0);
  for (let i = 0; i < n; i++) {
    let k = 1;
    for (let j = 0; j < blockSize; j++) k = 2 * k + e[(i + j) % n]!;
    P[k - 1]!++;
  }
  return P.slice(2 ** blockSize - 1);
}

function stsApEn(e: Uint8Array, m: number): number {
  const n = e.length;
  const ApEn = [m, m + 1].map((bs) => {
    if (bs === 0) return 0.0;
    let sum = 0.0;
    for (const c of stsCounts(e, bs)) if (c > 0) sum += c * Math.log(c / n);
    return sum / n;
  });
  const chi2 = 2.0 * n * (Math.log(2) - (ApEn[0]! - ApEn[1]!));
  return igamc(2 ** (m - 1), chi2 / 2.0);
}

function stsSerial(e: Uint8Array, m: number): number[] {
  const n = e.length;
  const psi2 = (mm: number) => {
    if (mm === 0 || mm === -1) return 0.0;
    let sum = 0.0;
    for (const c of stsCounts(e, mm)) sum += c * c;
    return (sum * 2 ** mm) / n - n;
  };
  const [a, b, c] = [psi2(m), psi2(m - 1), psi2(m - 2)];
  return [igamc(2 ** (m - 1) / 2, (a - b) / 2.0), igamc(2 ** (m - 2) / 2, (a - 2.0 * b + c) / 2.0)];
}

function stsLinearComplexity(e: Uint8Array, M: number): number {
  const pi = [0.01047, 0.03125, 0.125, 0.5, 0.25, 0.0625, 0.020833];
  const K = 6;
  const N = Math.floor(e.length / M);
  const nu = new Array<number>(7).fill(0);
  for (let ii = 0; ii < N; ii++) {
    let B = new Uint8Array(M + 1);
    const C = new Uint8Array(M + 1);
    C[0] = 1;
    B[0] = 1;
    let L = 0;
    let m = -1;
    for (let N_ = 0; N_ < M; N_++) {
      let d = e[ii * M + N_]!;
      for (let i = 1; i <= L; i++) d += C[i]! * e[ii * M + N_ - i]!;
      if (d % 2 === 1) {
        const T = C.slice();
        const P = new Uint8Array(M + 1);
        for (let j = 0; j < M; j++) if (B[j] === 1 && j + N_ - m <= M) P[j + N_ - m] = 1;
        for (let i = 0; i <= M; i++) C[i] = (C[i]! + P[i]!) % 2;
        if (L <= Math.floor(N_ / 2)) {
          L = N_ + 1 - L;
          m = N_;
          B = T;
        }
      }
    }
    const mean =
      M / 2.0 +
      (9.0 + ((M + 1) % 2 === 0 ? -1 : 1)) / 36.0 -
      (1.0 / 2 ** M) * (M / 3.0 + 2.0 / 9.0);
    const T_ = (M % 2 === 0 ? 1 : -1) * (L - mean) + 2.0 / 9.0;
    const cls =
      T_ <= -2.5
        ? 0
        : T_ <= -1.5
          ? 1
          : T_ <= -0.5
            ? 2
            : T_ <= 0.5
              ? 3
              : T_ <= 1.5
                ? 4
                : T_ <= 2.5
                  ? 5
                  : 6;
    nu[cls]!++;
  }
  let chi2 = 0.0;
  for (let i = 0; i < K + 1; i++) chi2 += Math.pow(nu[i]! - N * pi[i]!, 2) / (N * pi[i]!);
  return igamc(K / 2.0, chi2 / 2.0);
}

function stsExcursions(e: Uint8Array): { J: number; re: number[]; rev: number[] } {
  const n = e.length;
  const S: number[] = [2 * e[0]! - 1];
  const cycle = [0];
  let J = 0;
  for (let i = 1; i < n; i++) {
    S[i] = S[i - 1]! + 2 * e[i]! - 1;
    if (S[i] === 0) cycle[++J] = i;
  }
  if (S[n - 1] !== 0) J++;
  cycle[J] = n;
  const pi = [
    [0, 0, 0, 0, 0, 0],
    [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.03125],
    [0.75, 0.0625, 0.046875, 0.03515625, 0.0263671875, 0.0791015625],
    [0.8333333333, 0.02777777778, 0.02314814815, 0.01929012346, 0.01607510288, 0.0803755143],
    [0.875, 0.015625, 0.013671875, 0.01196289063, 0.0104675293, 0.0732727051],
  ];
  const states = [-4, -3, -2, -1, 1, 2, 3, 4];
  const nu = Array.from({ length: 6 }, () => new Array<number>(8).fill(0));
  let start = 0;
  let stop = cycle[1]!;
  for (let j = 1; j <= J; j++) {
    const counter = new Array<number>(8).fill(0);
    for (let i = start; i < stop; i++) {
      const s = S[i]!;
      if ((s >= 1 && s <= 4) || (s >= -4 && s <= -1)) counter[s + (s < 0 ? 4 : 3)]!++;
    }
    start = cycle[j]! + 1;
    if (j < J) stop = cycle[j + 1]!;
    for (let i = 0; i < 8; i++) nu[Math.min(counter[i]!, 5)]![i]!++;
  }
  const re = states.map((x, i) => {
    let sum = 0.0;
    for (let k = 0; k < 6; k++)
      sum += Math.pow(nu[k]![i]! - J * pi[Math.abs(x)]![k]!, 2) / (J * pi[Math.abs(x)]![k]!);
    return igamc(2.5, sum / 2.0);
  });
  const rev = [-9, -8, -7, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => {
    let count = 0;
    for (let i = 0; i < n; i++) if (S[i] === x) count++;
    return erfc(Math.abs(count - J) / Math.sqrt(2.0 * J * (4.0 * Math.abs(x) - 2)));
  });
  return { J, re, rev };
}

const close = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-12));
};

describe('packed implementations equal straight ports of the sts-2.1.2 loops', () => {
  const inputs = [
    { label: 'random n=20011', eps: randomBits(20011, 7) },
    { label: 'random n=70003', eps: randomBits(70003, 99) },
    { label: 'biased 0.52 n=20000', eps: randomBits(20000, 3, 0.52) },
    { label: 'random n=5003', eps: randomBits(5003, 11) },
  ];

  it.each(inputs)(
    '$label: Frequency, BlockFrequency, Runs, CumulativeSums, LongestRun, Rank',
    ({ eps }) => {
      const seq = pack(eps);
      close(frequencyTest(seq).pValues, [stsFrequency(eps)]);
      for (const M of [1, 7, 128, 1000])
        close(blockFrequencyTest(seq, { blockLength: M }).pValues, [stsBlockFrequency(eps, M)]);
      close(runsTest(seq).pValues, [stsRuns(eps)]);
      close(cumulativeSumsTest(seq).pValues, stsCusum(eps));
      close(longestRunTest(seq).pValues, [stsLongestRun(eps)]);
      close(rankTest(seq).pValues, [stsRank(eps)]);
    },
  );

  it.each(inputs)('$label: templates, Serial, ApproximateEntropy, LinearComplexity', ({ eps }) => {
    const seq = pack(eps);
    for (const [m, N] of [
      [9, 8],
      [5, 3],
      [10, 8],
    ] as const) {
      close(
        nonOverlappingTemplateTest(seq, { templateLength: m, blocks: N }).pValues,
        stsNonOverlapping(eps, m, N),
      );
    }
    close(overlappingTemplateTest(seq).pValues, [stsOverlapping(eps, 9, 1032)]);
    close(overlappingTemplateTest(seq, { templateLength: 4, blockLength: 333 }).pValues, [
      stsOverlapping(eps, 4, 333),
    ]);
    for (const m of [1, 2, 5, 9])
      close(serialTest(seq, { blockLength: m }).pValues, stsSerial(eps, m));
    for (const m of [0, 1, 3, 8])
      close(approximateEntropyTest(seq, { blockLength: m }).pValues, [stsApEn(eps, m)]);
    for (const M of [33, 100, 500])
      close(linearComplexityTest(seq, { blockLength: M }).pValues, [stsLinearComplexity(eps, M)]);
  });

  it('Universal with a chosen L and Q', () => {
    const eps = randomBits(70003, 5);
    close(universalTest(pack(eps), { blockLength: 6, initBlocks: 640 }).pValues, [
      stsUniversal(eps, 6, 640),
    ]);
    close(universalTest(pack(eps), { blockLength: 7, initBlocks: 2000 }).pValues, [
      stsUniversal(eps, 7, 2000),
    ]);
  });

  it('FFT counts the same peaks as a direct DFT (even, odd and prime lengths)', () => {
    for (const n of [1000, 1001, 997, 1024, 2 * 37 * 5]) {
      const eps = randomBits(n, n);
      const count = naiveDftCount(eps);
      expect(dftTest(pack(eps)).details!.N_l).toBe(count);
    }
  });

  it('RandomExcursions and the variant on a walk with enough cycles', () => {
    // Random walks of 45,000 steps, each brought back to 0: about 1,500 cycles in 400,000 bits.
    const parts: number[] = [];
    for (let chunk = 0; chunk < 9; chunk++) {
      let S = 0;
      for (const b of randomBits(45_000, 17 + chunk)) {
        parts.push(b);
        S += 2 * b - 1;
      }
      for (; S !== 0; S += S > 0 ? -1 : 1) parts.push(S > 0 ? 0 : 1);
    }
    const eps = Uint8Array.from(parts);
    const seq = pack(eps);
    const ref = stsExcursions(eps);
    const re = randomExcursionsTest(seq);
    expect(ref.J).toBeGreaterThan(500);
    expect(ref.J).toBeLessThan(Math.max(1000, eps.length / 100));
    expect(re.details!.J).toBe(ref.J);
    close(re.pValues, ref.re);
    close(randomExcursionsVariantTest(seq).pValues, ref.rev);
  });
});
