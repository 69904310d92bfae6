import type { NoveltyIndex, NoveltyMapData } from '../format/genome.js';
import { popcount32, spectrumFromBigInt, spectrumToBigInt, type Spectrum } from './spectrum.js';

const NONE = 65535;

/**
 * The reference's novelty map (`NN/NNoveltyMap.cpp`, spec §8): `popSize` slots of spectra, each
 * with a transient parent pointer, and `lastIdx`, the closest pair found by the last full scan.
 * Spectra persist across generations; pointers are cleared after each reproduction.
 */
export class NoveltyMap<T> {
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
  readonly ptr: (T | null)[];
  lastIdx: NoveltyIndex;

  /** Builds the map from its slot spectra; `lastIdx` is computed as the reference constructor does. */
  constructor(spectra: readonly Spectrum[], lastIdx?: NoveltyIndex) {
    const n = spectra.length;
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.lo[i] = spectra[i]!.lo;
      this.hi[i] = spectra[i]!.hi;
    }
    this.ptr = new Array<T | null>(n).fill(null);
    this.lastIdx = lastIdx ? { ...lastIdx } : this.vectorMinDistance();
  }

  get size(): number {
    return this.lo.length;
  }

  /**
   * `minDistance(x, skip)`: the first slot at the smallest Hamming distance from `x`, skipping
   * slot `skip`; an exact match wins at once. `{65535, 0}` when nothing is compared.
   */
  minDistance(lo: number, hi: number, skip = -1): NoveltyIndex {
    let ciDist = NONE;
    let ciIndex = 0;
    const n = this.lo.length;
    for (let i = 0; i < n; i++) {
      if (i === skip) continue;
      const wl = this.lo[i]!;
      const wh = this.hi[i]!;
      if (wl === lo && wh === hi) return { ciDist: 0, ciIndex: i };
      const d = popcount32(wl ^ lo) + popcount32(wh ^ hi);
      if (d < ciDist) {
        ciDist = d;
        ciIndex = i;
      }
    }
    return { ciDist, ciIndex };
  }

  /** `vectorMinDistance()`: the smallest slot-to-other-slots distance and the first slot with it. */
  vectorMinDistance(): NoveltyIndex {
    const n = this.lo.length;
    const best = { ciDist: NONE, ciIndex: 0 };
    if (n <= 1) return best;
    for (let i = 0; i < n; i++) {
      const m = this.minDistance(this.lo[i]!, this.hi[i]!, i);
      if (best.ciDist > m.ciDist) {
        best.ciDist = m.ciDist;
        best.ciIndex = i;
      }
    }
    return best;
  }

  /**
   * `idxPosition(x)`: if `x` is farther from every slot than the map's closest pair, `x` replaces
   * slot `lastIdx.ciIndex`, `lastIdx` is recomputed and (as implemented, spec §15.6) the NEW
   * `lastIdx.ciIndex` is returned, which may be another slot. Otherwise the closest slot.
   */
  idxPosition(s: Spectrum): number {
    const r = this.minDistance(s.lo, s.hi);
    if (this.lastIdx.ciDist < r.ciDist) {
      const worst = this.lastIdx.ciIndex;
      this.lo[worst] = s.lo;
      this.hi[worst] = s.hi;
      this.lastIdx = this.vectorMinDistance();
      return this.lastIdx.ciIndex;
    }
    return r.ciIndex;
  }

  /** A copy of the spectra and `lastIdx`, with no parent pointers. */
  clone<U = T>(): NoveltyMap<U> {
    return new NoveltyMap<U>(this.spectra(), this.lastIdx);
  }

  /** Forgets every slot's parent pointer (the spectra stay). */
  clearPointers(): void {
    this.ptr.fill(null);
  }

  /** The slot spectra as a list. */
  spectra(): Spectrum[] {
    return Array.from(this.lo, (lo, i) => ({ lo, hi: this.hi[i]! }));
  }

  /** The `.dat` form of the map (spec §13). */
  toData(): NoveltyMapData {
    return {
      popSize: this.size,
      lastIdx: { ...this.lastIdx },
      spectra: this.spectra().map(spectrumToBigInt),
    };
  }

  /** A map restored from its `.dat` form, keeping the stored `lastIdx`. */
  static fromData<T>(data: NoveltyMapData): NoveltyMap<T> {
    return new NoveltyMap<T>(data.spectra.map(spectrumFromBigInt), data.lastIdx);
  }
}
