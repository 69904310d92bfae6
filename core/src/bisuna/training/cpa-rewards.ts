import { popcount16 } from '../kernels/activation.js';

/** Reward constants of `SymmetricEncryption` / `SymmetricEncryptionCPA` (spec §11). */
export const CpaReward = {
  /** Per-step reward of a fully correct decryption, per word. */
  perfectWord: 150,
  /** A correct word inside a partly wrong step. */
  correctWord: 75,
  /** Penalty per wrong bit of a wrong word. */
  wrongBit: -15,
  /** `NCCFACTOR / 2` and `DIFFFACTOR / 2`. */
  half: 12500,
  /** `DIFFFACTOR / 2 / -100`. */
  negProportion: -125,
  /** Eve: per net correct-side bit, empty output, and full-byte bonus. */
  eveSmall: 10,
  eveEmpty: -10,
  eveBonus: 50,
  eveBits: 8,
} as const;

/**
 * `distance(p, a)` (spec §11.1) summed in full integers: `150 * len` when every word matches,
 * else per word +75 when equal and -15 per differing bit. The reference carries the running
 * total through a u16 and wraps; this does not (docs/bisuna-differences.md). Reads
 * `plain[offset ..]` against `out[outOffset ..]`.
 */
export function decryptionReward(
  plain: ArrayLike<number>,
  out: ArrayLike<number>,
  offset = 0,
  length = plain.length,
  outOffset = 0,
): number {
  let all = true;
  let sum = 0;
  for (let j = 0; j < length; j++) {
    const p = plain[offset + j]!;
    const o = out[outOffset + j]!;
    if (p === o) sum += CpaReward.correctWord;
    else {
      all = false;
      sum += CpaReward.wrongBit * popcount16((p ^ o) & 0xffff);
    }
  }
  return all ? CpaReward.perfectWord * length : sum;
}

/**
 * `stepAdversary(o)` (spec §11.2): Eve's reward for her single output word; `payloadFirst` says
 * the true plaintext was shown in the first slot, which Eve signals with high-byte bits.
 */
export function adversaryReward(o: number, payloadFirst: boolean): number {
  const left = popcount16(o & 0xff00);
  const right = popcount16(o & 0x00ff);
  let res = CpaReward.eveSmall * (payloadFirst ? left - right : right - left);
  if (o === 0) res += CpaReward.eveEmpty;
  if (payloadFirst && left === CpaReward.eveBits && right === 0) res += CpaReward.eveBonus;
  if (!payloadFirst && left === 0 && right === CpaReward.eveBits) res += CpaReward.eveBonus;
  return res;
}

/** Eve's best possible reward per step (130). */
export const MAX_ADVERSARY_STEP_REWARD =
  CpaReward.eveSmall * CpaReward.eveBits + CpaReward.eveBonus;

/**
 * `nccReward(ab, ao, bo)` (spec §11.2): rewards Alice's output uncorrelated with the plaintext and
 * Bob's output fully correlated with it; -10000 when any NCC is NaN.
 */
export function nccReward(ab: number, ao: number, bo: number): number {
  if (Number.isNaN(ab) || Number.isNaN(ao) || Number.isNaN(bo)) return -10000;
  const h = CpaReward.half;
  const a = Math.abs(ao);
  const aoRes = a * (a > 0.15 ? -h : h * (1 - a));
  const b = Math.abs(bo);
  const boRes = b === 1 ? h : b <= 0.5 ? -h * (1 - b) : h * (1 - b);
  return aoRes + boRes;
}

/** The read side of a set of words (a `Set<number>`, or anything with size, has and values). */
export interface WordCollection {
  readonly size: number;
  has(word: number): boolean;
  values(): Iterable<number>;
}

/** Number of elements of `a` that are also in `b`. */
function intersectionSize(a: WordCollection, b: WordCollection): number {
  let n = 0;
  for (const x of a.values()) if (b.has(x)) n++;
  return n;
}

/**
 * `diffSetReward(A, B, O, K)` (spec §11.2) over the sets of words of Alice's outputs, Bob's
 * outputs, plaintexts and keys. The reference's "repetition" branch is dead (its size is read
 * before it is filled), so it is absent here too.
 */
export function diffSetReward(
  alice: WordCollection,
  bob: WordCollection,
  plain: WordCollection,
  keys: WordCollection,
): number {
  return diffSetRewardFromCounts(
    alice.size,
    plain.size,
    intersectionSize(alice, keys),
    intersectionSize(plain, bob),
  );
}

/**
 * {@link diffSetReward} from the counts it depends on: |A|, |O|, |A∩K| and |O∩B|.
 */
export function diffSetRewardFromCounts(
  aliceSize: number,
  plainSize: number,
  aliceInKeys: number,
  plainInBob: number,
): number {
  const q = CpaReward.half;
  const neg = CpaReward.negProportion;
  let r = neg * aliceInKeys;
  r += aliceSize === plainSize ? q : neg * Math.abs(aliceSize - plainSize);
  r += plainInBob === plainSize ? q : neg * Math.abs(plainSize - plainInBob);
  return r;
}

/** A set of u16 words as 65536 bits (8 KiB: stays in L1 cache, unlike 64 Ki-entry tables). */
const BITSET_WORDS = 2048;

/**
 * {@link diffSetReward} of episodes that share one stream: the plaintext and key word sets are
 * built once per stream; each episode then builds its Alice and Bob word sets and counts them
 * against those. Every set is a 65536-bit bitset, so a word costs a load and a store, no hashing.
 */
export class EpisodeWordSets {
  private readonly keySet = new Int32Array(BITSET_WORDS);
  private readonly plainSet = new Int32Array(BITSET_WORDS);
  private readonly aliceSet = new Int32Array(BITSET_WORDS);
  private readonly bobSet = new Int32Array(BITSET_WORDS);
  private plain: Uint16Array | null = null;
  private keys: Uint16Array | null = null;
  private n = -1;
  private plainSize = 0;

  /**
   * diffSetReward(A, B, O, K) where A, B, O, K are the sets of the first `n` words of `alice`,
   * `bob`, `plain` and `keys`. `plain` and `keys` are remembered by identity: do not mutate them
   * between calls.
   */
  reward(
    alice: Uint16Array,
    bob: Uint16Array,
    plain: Uint16Array,
    keys: Uint16Array,
    n: number,
  ): number {
    if (plain !== this.plain || keys !== this.keys || n !== this.n) this.markStream(plain, keys, n);
    const { keySet, plainSet, aliceSet, bobSet } = this;
    aliceSet.fill(0);
    bobSet.fill(0);
    let aliceSize = 0;
    let aliceInKeys = 0;
    let plainInBob = 0;
    for (let i = 0; i < n; i++) {
      const w = alice[i]!;
      const k = w >>> 5;
      const bit = 1 << (w & 31);
      const m = aliceSet[k]!;
      if ((m & bit) === 0) {
        aliceSet[k] = m | bit;
        aliceSize++;
        if ((keySet[k]! & bit) !== 0) aliceInKeys++;
      }
    }
    for (let i = 0; i < n; i++) {
      const w = bob[i]!;
      const k = w >>> 5;
      const bit = 1 << (w & 31);
      const m = bobSet[k]!;
      if ((m & bit) === 0) {
        bobSet[k] = m | bit;
        if ((plainSet[k]! & bit) !== 0) plainInBob++;
      }
    }
    return diffSetRewardFromCounts(aliceSize, this.plainSize, aliceInKeys, plainInBob);
  }

  private markStream(plain: Uint16Array, keys: Uint16Array, n: number): void {
    const { keySet, plainSet } = this;
    keySet.fill(0);
    plainSet.fill(0);
    let plainSize = 0;
    for (let i = 0; i < n; i++) {
      const p = plain[i]!;
      const k = p >>> 5;
      const bit = 1 << (p & 31);
      if ((plainSet[k]! & bit) === 0) {
        plainSet[k] = plainSet[k]! | bit;
        plainSize++;
      }
      const w = keys[i]!;
      keySet[w >>> 5] = keySet[w >>> 5]! | (1 << (w & 31));
    }
    this.plain = plain;
    this.keys = keys;
    this.n = n;
    this.plainSize = plainSize;
  }
}
