import {
  EXCITATION_THRESHOLD_BITS,
  HALF_WEIGHT,
  NeuronType,
  type RandomSource,
} from '../format/genome.js';

/** Number of set bits of a u16. */
export function popcount16(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}

/** The firing-rate mask β (spec §2): 1 → 0xFFFF, 7 → 0x07FF, 49 → 0x003F, anything else → 0. */
export function firingMask(firingRate: number): number {
  if (firingRate === 1) return 0xffff;
  if (firingRate === 7) return 0x07ff;
  if (firingRate === 49) return 0x003f;
  return 0;
}

/**
 * A neuron's output for the weighted input `x` (spec §2 table). Random neurons draw one
 * `randU16(0, 65535)`; unknown types output 0.
 */
export function activate(nType: number, x: number, rng: RandomSource): number {
  switch (nType) {
    case NeuronType.Input:
    case NeuronType.Output:
    case NeuronType.Identity:
      return x;
    case NeuronType.Activation:
      return popcount16(x);
    case NeuronType.Threshold:
    case NeuronType.Control:
    case NeuronType.ControlPrimer:
      return popcount16(x) >= EXCITATION_THRESHOLD_BITS ? HALF_WEIGHT : 0;
    case NeuronType.Random:
      return rng.randU16(0, 65535);
    case NeuronType.Roll:
      return ((x << 1) | (x >>> 15)) & 0xffff;
    default:
      return 0;
  }
}

/** `stateUpdate` (spec §4.1): where β is 1 the new bit is the complement of the output bit. */
export function nextState(prevState: number, beta: number, output: number): number {
  return (prevState ^ (beta & ~(output ^ prevState))) & 0xffff;
}
