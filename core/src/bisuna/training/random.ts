import { FIRING_RATES, MUTABLE_NEURON_TYPES, type RandomSource } from '../format/genome.js';
import { Mt19937 } from '../random/mt19937.js';

/** `RandomUtils::randomPositive(max)`: `randU16(0, max)` with `max` truncated to u16 (spec §3). */
export function randPos(rng: RandomSource, max: number): number {
  return rng.randU16(0, max & 0xffff);
}

/** `out.length` draws of `randPos(rng, 65535)` into `out`, in one loop where the source allows. */
export function fillRandPos16(rng: RandomSource, out: Uint16Array): void {
  if (rng instanceof LibcxxDistributions) rng.fillU16(out);
  else for (let i = 0; i < out.length; i++) out[i] = randPos(rng, 65535);
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
  /** The short-key held-out probe of each generation's best pair (keys fixed for the run). */
  HeldOut: 8,
  /** Random neurons of one agent's evaluation (single-population kinds). */
  AgentCell: 9,
  /** Choosing the parents of one population's offspring (e.g. lexicase selection). */
  Select: 10,
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
 * {@link deriveSeed}, with libc++'s distribution mapping (the reference binaries' library), drawing
 * what `new LibcxxRandom(deriveSeed(seed, ...path))` draws. It is seeded at its first draw, on an
 * engine the thread's streams share: most pair cells never draw (no Random neuron, no Eve), and
 * streams used one after the other allocate no engine. A stream that lost the shared engine to
 * another and draws again continues on an engine of its own, so interleaving stays exact.
 *
 * @example
 * const rng = streamFor(42, 7, StreamRole.PairCell, 13); // generation 7, pair 13
 */
export function streamFor(seed: number, ...path: number[]): RandomSource {
  return new SharedEngineRandom(deriveSeed(seed, ...path));
}

const TWO_POW_32 = 4294967296;

/**
 * libc++'s distribution mapping over an mt19937's outputs, specialised for the training hot paths
 * (no `2 ** w` per draw, a direct path for full-range u16 draws).
 */
abstract class LibcxxDistributions implements RandomSource {
  /** The engine to draw from now. */
  protected abstract engine(): Mt19937;

  /** The engine's next output. */
  protected next(): number {
    return this.engine().next();
  }

  /** `out.length` full-range u16 draws (`randU16(0, 65535)` each), in one loop on the engine. */
  fillU16(out: Uint16Array): void {
    const engine = this.engine();
    for (let i = 0; i < out.length; i++) out[i] = engine.next() & 0xffff;
  }

  randU16(lo: number, hi: number): number {
    const range = hi - lo + 1;
    if (range === 65536) return this.next() & 0xffff;
    return lo + this.below(range);
  }

  randUInt(max: number): number {
    if (max >= TWO_POW_32 - 1) return this.next();
    return this.below(max + 1);
  }

  randFloat01(): number {
    return Math.fround(this.next()) / TWO_POW_32;
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
    do u = (this.next() & mask) >>> 0;
    while (u >= range);
    return u;
  }
}

/**
 * An mt19937 with libc++'s distribution mapping: draw for draw the same values as
 * `new Mt19937Random(seed, 'libc++')` (tested).
 */
export class LibcxxRandom extends LibcxxDistributions {
  private readonly mt: Mt19937;

  constructor(seed: number) {
    super();
    this.mt = new Mt19937(seed);
  }

  protected engine(): Mt19937 {
    return this.mt;
  }
}

/** The engine the thread's streams take turns on, and the stream whose state it holds. */
const shared: { engine: Mt19937 | null; owner: SharedEngineRandom | null } = {
  engine: null,
  owner: null,
};

/** A {@link LibcxxRandom} seeded at its first draw, on the shared engine (see {@link streamFor}). */
class SharedEngineRandom extends LibcxxDistributions {
  private own: Mt19937 | null = null;
  /** Outputs drawn when another stream took the shared engine; -1 while it has not. */
  private evictedAt = -1;

  constructor(private readonly seed: number) {
    super();
  }

  protected engine(): Mt19937 {
    return shared.owner === this ? shared.engine! : this.acquire();
  }

  private acquire(): Mt19937 {
    if (this.own) return this.own;
    if (this.evictedAt >= 0) {
      this.own = new Mt19937(this.seed);
      this.own.discard(this.evictedAt);
      return this.own;
    }
    const engine = (shared.engine ??= new Mt19937(0));
    if (shared.owner) shared.owner.evictedAt = engine.position;
    engine.seed(this.seed);
    shared.owner = this;
    return engine;
  }
}
