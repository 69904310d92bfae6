import { NeuronType, type Neuron } from '../format/genome.js';

/** A u64 spectrum split in two u32 halves, so distances need no BigInt. */
export interface Spectrum {
  lo: number;
  hi: number;
}

const sat10 = (c: number) => (c < 1023 ? c : 1023);

/**
 * `calculateSpectrum` (spec §8): neuron-type counts packed in a u64. ID in bits 0-9, Threshold
 * 10-19, Random 20-29, Control 30-39, Activation 40-49, firing rate != 1 in 50-59 and
 * CPrimer + Roll in 60-63; 10-bit fields saturate at 1023, the 4-bit one at 15.
 */
export function spectrumOf(neurons: readonly Neuron[]): Spectrum {
  let id = 0;
  let th = 0;
  let ra = 0;
  let co = 0;
  let ac = 0;
  let fr = 0;
  let cp = 0;
  for (const n of neurons) {
    switch (n.nType) {
      case NeuronType.Identity:
        id++;
        break;
      case NeuronType.Threshold:
        th++;
        break;
      case NeuronType.Random:
        ra++;
        break;
      case NeuronType.Control:
        co++;
        break;
      case NeuronType.Activation:
        ac++;
        break;
      case NeuronType.ControlPrimer:
      case NeuronType.Roll:
        cp++;
        break;
    }
    if (n.firingRate !== 1) fr++;
  }
  co = sat10(co);
  const lo = (sat10(id) | (sat10(th) << 10) | (sat10(ra) << 20) | ((co & 3) << 30)) >>> 0;
  const hi =
    ((co >>> 2) | (sat10(ac) << 8) | (sat10(fr) << 18) | ((cp < 15 ? cp : 15) << 28)) >>> 0;
  return { lo, hi };
}

/** The spectrum as the u64 the `.dat` format stores. */
export function spectrumToBigInt(s: Spectrum): bigint {
  return (BigInt(s.hi) << 32n) | BigInt(s.lo);
}

/** A u64 (0 <= v < 2^64) as a {@link Spectrum}. */
export function spectrumFromBigInt(v: bigint): Spectrum {
  return { lo: Number(v & 0xffffffffn), hi: Number((v >> 32n) & 0xffffffffn) };
}

/** Population count of a u32. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
