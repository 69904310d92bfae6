import { FIRING_RATES, MUTABLE_NEURON_TYPES, type RandomSource } from '../genome.js';
import { Mt19937 } from '../mt19937.js';

/** `RandomUtils::randomPositive(max)`: `randU16(0, max)` with `max` truncated to u16 (spec §3). */
export function randPos(rng: RandomSource, max: number): number {
  return rng.randU16(0, max & 0xffff);
}

/** `randomFiringRate()`: one `randPos(2)` draw mapped to 1, 7 or 49. */
export function randomFiringRate(rng: RandomSource): number {
  return FIRING_RATES[randPos(rng, 2)]!;
}

/** `randomNeuronType()`: one `randPos(5)` draw over the six mutable types (never Primer/IO). */
export function randomNeuronType(rng: RandomSource): number {
  return MUTABLE_NEURON_TYPES[randPos(rng, 5)]!;
}

/** Role tags of the independent streams one training run derives from its seed. */
export const StreamRole = {
  /** Structural and weight mutation of one population (the coordinator's single stream). */
  Evolve: 1,
  /** Payloads and keys shared by every cell of one generation. */
  Data: 2,
  /** Random neurons and Eve's coin/decoy draws of one A&B cell's episode. */
  PairCell: 3,
  /** Random neurons and Eve's coin/decoy draws of one Eve cell's episode. */
  EveCell: 4,
  /** The fixed Alice that produces the ciphertexts Eve trains on. */
  FixedAlice: 5,
  /** Held-out test streams that measure decryption. */
  Test: 6,
  /** Building the initial populations. */
  Init: 7,
} as const;
export type StreamRole = (typeof StreamRole)[keyof typeof StreamRole];

/** murmur3's 32-bit finaliser: a bijective avalanche on u32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a run seed (integer, 0 <= seed < 2^53) and a path of small integers into one u32, so each
 * (generation, role, cell) gets its own independent mt19937 seed.
 */
export function deriveSeed(seed: number, ...path: number[]): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32((h ^ Math.imul(hi, 0xcc9e2d51)) + 0x6a09e667);
  for (const part of path) {
    h = fmix32(Math.imul(h ^ (part >>> 0), 0x1b873593) + 0xe6546b64 + path.length);
  }
  return h;
}

/**
 * The independent random stream of one (generation, role, index) of a run: an mt19937 seeded from
 * {@link deriveSeed}, with libc++'s distribution mapping (the reference binaries' library).
 *
 * @example
 * const rng = streamFor(42, 7, StreamRole.PairCell, 13); // generation 7, pair 13
 */
export function streamFor(seed: number, ...path: number[]): RandomSource {
  return new LibcxxRandom(deriveSeed(seed, ...path));
}

const TWO_POW_32 = 4294967296;

/**
 * An mt19937 with libc++'s distribution mapping: draw for draw the same values as
 * `new Mt19937Random(seed, 'libc++')` (tested), specialised for the training hot paths (no
 * `2 ** w` per draw, a direct path for full-range u16 draws).
 */
export class LibcxxRandom implements RandomSource {
  private readonly engine: Mt19937;

  constructor(seed: number) {
    this.engine = new Mt19937(seed);
  }

  randU16(lo: number, hi: number): number {
    const range = hi - lo + 1;
    if (range === 65536) return this.engine.next() & 0xffff;
    return lo + this.below(range);
  }

  randUInt(max: number): number {
    if (max >= TWO_POW_32 - 1) return this.engine.next();
    return this.below(max + 1);
  }

  randFloat01(): number {
    return Math.fround(this.engine.next()) / TWO_POW_32;
  }

  randFloat(a: number, b: number): number {
    const u = this.randFloat01();
    const width = Math.fround(Math.fround(b) - Math.fround(a));
    return Math.fround(Math.fround(u * width) + Math.fround(a));
  }

  /** libc++ independent-bits extraction: the low ceil(log2(range)) bits, rejecting >= range. */
  private below(range: number): number {
    if (range <= 1) return 0;
    const w = 32 - Math.clz32(range - 1);
    const mask = w >= 32 ? 0xffffffff : (1 << w) - 1;
    let u: number;
    do u = (this.engine.next() & mask) >>> 0;
    while (u >= range);
    return u;
  }
}

/**
 * {@link streamFor}, seeded only at its first draw: most cells never draw (no Random neuron, no
 * Eve), so they skip the mt19937 initialisation. Draws are identical to `streamFor`'s.
 */
export function lazyStreamFor(seed: number, ...path: number[]): RandomSource {
  let rng: RandomSource | null = null;
  const get = () => (rng ??= streamFor(seed, ...path));
  return {
    randU16: (lo, hi) => get().randU16(lo, hi),
    randFloat01: () => get().randFloat01(),
    randFloat: (a, b) => get().randFloat(a, b),
    randUInt: (max) => get().randUInt(max),
  };
}
