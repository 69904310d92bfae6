// AssemblyScript source of the WebAssembly network kernel (spec §4), built by `npm run build:wasm`
// into core/src/bisuna/wasm/kernel-wasm-binary.ts. The algorithm is NetworkKernel's (see
// core/src/bisuna/README.md, "Kernels and why they are exact"); only the memory layout is its own:
// every network is one block of linear memory and every reference is an absolute byte address.

/** Random neurons (and Eve's decoy words) draw `rng.randU16(0, 65535)` through the host. */
declare function randU16(): i32;
/** Eve's coin: 1 if `rng.randFloat(-1, 1) > 0` (the plaintext is shown first), else 0. */
declare function coin(): i32;

// Neuron type codes (spec §2).
const INPUT = 1;
const OUTPUT = 2;
const IDENTITY = 16;
const ACTIVATION = 32;
const THRESHOLD = 64;
const RANDOM = 128;
const CONTROL = 256;
const ROLL = 512;
const PRIMER = 1024;

// Activation kinds, dense so that execute's switch is one jump table. A record's TYPE holds one.
const K_NONE: u32 = 0;
const K_INPUT: u32 = 1;
const K_OUTPUT: u32 = 2;
const K_IDENTITY: u32 = 3;
const K_COUNT_BITS: u32 = 4;
const K_THRESHOLD: u32 = 5;
const K_RANDOM: u32 = 6;
const K_ROLL: u32 = 7;

function kindOf(nType: i32): u32 {
  switch (nType) {
    case INPUT:
      return K_INPUT;
    case OUTPUT:
      return K_OUTPUT;
    case IDENTITY:
      return K_IDENTITY;
    case ACTIVATION:
      return K_COUNT_BITS;
    case THRESHOLD:
    case CONTROL:
    case PRIMER:
      return K_THRESHOLD;
    case RANDOM:
      return K_RANDOM;
    case ROLL:
      return K_ROLL;
    default:
      return K_NONE;
  }
}

// Network header: byte offsets from the block start.
const H_COUNT = 0;
const H_NIN = 4;
const H_NOUT = 8;
const H_NEURONS = 12;
const H_NEURONS_END = 16;
const H_CONNS = 20;
const H_CONNS_END = 24;
const H_PRIMERS = 28;
const H_PRIMER_N = 32;
const H_CONTROLS = 36;
const H_CONTROL_N = 40;
const H_FIRST = 44;
const H_FIRST_N = 48;
const H_LIST = 52;
const H_WORK = 56;
const H_BATCH = 60;
const H_RESULTS = 64;
const H_EPOCH = 68;
const H_STAMP = 72;
const HEADER = 80;

// Neuron record: 64 bytes, field byte offsets (TYPE holds the activation kind).
const NR = 64;
const TYPE = 0;
const BETA = 4;
const IN_START = 8;
const IN_MID = 12;
const IN_END = 16;
const OUT_START = 20;
const OUT_END = 24;
const STATE = 28;
const PREV = 32;
const EXC = 36;
const FIRED = 40;
const IO = 44;
const DIRTY = 48;
const DEP_START = 52;
const DEP_END = 56;
// Incoming entry (16 bytes): source record, modulator record (0: plain), weight, connection slot.
const IN_STRIDE = 16;
// Outgoing entry (12 bytes): target record, modulator record (0: plain), weight.
const OUT_STRIDE = 12;
/** First epoch: a connection slot of 0 (never marked) must equal neither epoch nor epoch - 1. */
const FIRST_EPOCH: u32 = 2;
const REBASE_AT: u32 = 0x3fffffff;

// Modes of executeList: execute(n, false); execute(n, true); execute(n, false) then fire n.
const PLAIN = 0;
const IGNORE_IF_ONLY_RECURRENT = 1;
const FIRE_EACH = 2;

function ld(addr: u32): u32 {
  return load<u32>(addr);
}

function st(addr: u32, v: u32): void {
  store<u32>(addr, v);
}

/**
 * Builds a network block at `net` (zeroed state: a reset network) from a compiled genome staged at
 * `src` as i32 arrays, in this order: type, beta, controlLike [count]; inStart, outStart
 * [count + 1]; inFrom, inMod, inWeight, inConn [inStart[count]]; outTo, outMod, outWeight
 * [connCount]; primers [primerCount]; controls [controlCount]. Returns the block's end address.
 */
export function build(
  net: u32,
  src: u32,
  count: u32,
  connCount: u32,
  nIn: u32,
  nOut: u32,
  primerCount: u32,
  controlCount: u32,
): u32 {
  const gType = src;
  const gBeta = gType + count * 4;
  const gControl = gBeta + count * 4;
  const gInStart = gControl + count * 4;
  const gOutStart = gInStart + (count + 1) * 4;
  const inTotal = ld(gInStart + count * 4);
  const gInFrom = gOutStart + (count + 1) * 4;
  const gInMod = gInFrom + inTotal * 4;
  const gInWeight = gInMod + inTotal * 4;
  const gInConn = gInWeight + inTotal * 4;
  const gOutTo = gInConn + inTotal * 4;
  const gOutMod = gOutTo + connCount * 4;
  const gOutWeight = gOutMod + connCount * 4;
  const gPrimers = gOutWeight + connCount * 4;
  const gControls = gPrimers + primerCount * 4;

  const neurons = net + HEADER;
  const incoming = neurons + count * NR;
  const outgoing = incoming + inTotal * IN_STRIDE;
  const conns = outgoing + connCount * OUT_STRIDE;
  const list = conns + connCount * 4;
  const work = list + count * 4;
  const batch = work + count * 4;
  const results = batch + count * 4;
  const primers = results + count * 4;
  const controls = primers + primerCount * 4;
  const firstPass = controls + controlCount * 4;
  memory.fill(net, 0, firstPass - net);

  for (let n: u32 = 0; n < count; n++) {
    const r = neurons + n * NR;
    const s = ld(gInStart + n * 4);
    const e = ld(gInStart + n * 4 + 4);
    st(r + TYPE, kindOf(load<i32>(gType + n * 4)));
    st(r + BETA, ld(gBeta + n * 4));
    st(r + IN_START, incoming + s * IN_STRIDE);
    st(r + IN_END, incoming + e * IN_STRIDE);
    st(r + OUT_START, outgoing + ld(gOutStart + n * 4) * OUT_STRIDE);
    st(r + OUT_END, outgoing + ld(gOutStart + n * 4 + 4) * OUT_STRIDE);
    // Plain entries first, then modulated ones (OR is commutative), each in genome order.
    let x = incoming + s * IN_STRIDE;
    for (let pass = 0; pass < 2; pass++) {
      if (pass == 1) st(r + IN_MID, x);
      for (let k = s; k < e; k++) {
        const mod = load<i32>(gInMod + k * 4);
        if (mod < 0 != (pass == 0)) continue;
        st(x, neurons + ld(gInFrom + k * 4) * NR);
        st(x + 4, mod < 0 ? 0 : neurons + <u32>mod * NR);
        st(x + 8, ld(gInWeight + k * 4));
        st(x + 12, conns + ld(gInConn + k * 4) * 4);
        x += IN_STRIDE;
      }
    }
  }
  for (let k: u32 = 0; k < connCount; k++) {
    const e = outgoing + k * OUT_STRIDE;
    const mod = load<i32>(gOutMod + k * 4);
    st(e, neurons + ld(gOutTo + k * 4) * NR);
    st(e + 4, mod < 0 ? 0 : neurons + <u32>mod * NR);
    st(e + 8, ld(gOutWeight + k * 4));
  }
  for (let i: u32 = 0; i < primerCount; i++) {
    st(primers + i * 4, neurons + ld(gPrimers + i * 4) * NR);
  }
  for (let i: u32 = 0; i < controlCount; i++) {
    st(controls + i * 4, neurons + ld(gControls + i * 4) * NR);
  }

  // First pass: non-control neurons past the inputs with a plain connection from an input.
  let firstN: u32 = 0;
  for (let n = nIn; n < count; n++) {
    if (ld(gControl + n * 4) != 0) continue;
    const e = ld(gInStart + n * 4 + 4);
    for (let k = ld(gInStart + n * 4); k < e; k++) {
      if (load<i32>(gInMod + k * 4) < 0 && ld(gInFrom + k * 4) < nIn) {
        st(firstPass + firstN++ * 4, neurons + n * NR);
        break;
      }
    }
  }
  const deps = firstPass + firstN * 4;
  // Dependents (who re-runs when a neuron fires): counted into DEP_END, prefix-summed into
  // DEP_START, then filled with DEP_END as the cursor. `list` serves as lastReader scratch.
  visitReaders(gControl, gInStart, gInFrom, gInMod, nIn, count, list, neurons, 0);
  let at = deps;
  for (let n: u32 = 0; n < count; n++) {
    const r = neurons + n * NR;
    const size = ld(r + DEP_END);
    st(r + DEP_START, at);
    st(r + DEP_END, at);
    at += size * 4;
  }
  visitReaders(gControl, gInStart, gInFrom, gInMod, nIn, count, list, neurons, 1);

  st(net + H_COUNT, count);
  st(net + H_NIN, nIn);
  st(net + H_NOUT, nOut);
  st(net + H_NEURONS, neurons);
  st(net + H_NEURONS_END, incoming);
  st(net + H_CONNS, conns);
  st(net + H_CONNS_END, list);
  st(net + H_PRIMERS, primers);
  st(net + H_PRIMER_N, primerCount);
  st(net + H_CONTROLS, controls);
  st(net + H_CONTROL_N, controlCount);
  st(net + H_FIRST, firstPass);
  st(net + H_FIRST_N, firstN);
  st(net + H_LIST, list);
  st(net + H_WORK, work);
  st(net + H_BATCH, batch);
  st(net + H_RESULTS, results);
  st(net + H_EPOCH, FIRST_EPOCH);
  st(net + H_STAMP, 1);
  return at;
}

/**
 * Visits every (source or modulator, reader) pair of the remaining passes once, readers ascending:
 * fill 0 counts into the source's DEP_END, fill 1 appends the reader at DEP_END.
 */
function visitReaders(
  gControl: u32,
  gInStart: u32,
  gInFrom: u32,
  gInMod: u32,
  nIn: u32,
  count: u32,
  lastReader: u32,
  neurons: u32,
  fill: i32,
): void {
  memory.fill(lastReader, 0xff, count * 4);
  for (let n = nIn; n < count; n++) {
    if (ld(gControl + n * 4) != 0) continue;
    const e = ld(gInStart + n * 4 + 4);
    for (let k = ld(gInStart + n * 4); k < e; k++) {
      addReader(ld(gInFrom + k * 4), n, lastReader, neurons, fill);
      const mod = load<i32>(gInMod + k * 4);
      if (mod >= 0) addReader(<u32>mod, n, lastReader, neurons, fill);
    }
  }
}

function addReader(src: u32, n: u32, lastReader: u32, neurons: u32, fill: i32): void {
  if (ld(lastReader + src * 4) == n) return;
  st(lastReader + src * 4, n);
  const r = neurons + src * NR;
  const end = ld(r + DEP_END);
  if (fill == 0) {
    st(r + DEP_END, end + 1);
  } else {
    st(end, neurons + n * NR);
    st(r + DEP_END, end + 4);
  }
}

/**
 * One network step: reads `inCount` i32 input words at `input` (inputs past them read 0), writes
 * nOut i32 output words at `output`.
 */
export function step(net: u32, input: u32, inCount: u32, output: u32): void {
  const neurons = ld(net + H_NEURONS);
  const nIn = ld(net + H_NIN);
  const work = ld(net + H_WORK);
  const results = ld(net + H_RESULTS);
  const ep = ld(net + H_EPOCH);

  // 1. Inputs (input i's execution reads only its own ioVal, so all are set first)
  for (let i: u32 = 0; i < nIn; i++) {
    const r = neurons + i * NR;
    st(r + IO, i < inCount ? ld(input + i * 4) & 0xffff : 0);
    st(work + i * 4, r);
  }
  Phase.executeList(work, nIn, PLAIN, results, ep);
  for (let i: u32 = 0; i < nIn; i++) st(neurons + i * NR + FIRED, ep);

  // 2. Primers
  const primers = ld(net + H_PRIMERS);
  const primerCount = ld(net + H_PRIMER_N);
  if (primerCount > 0) {
    Phase.executeList(primers, primerCount, PLAIN, results, ep);
    for (let j: u32 = 0; j < primerCount; j++) st(ld(primers + j * 4) + FIRED, ep);
    Phase.runControlList(primers, primerCount, ep);
  }

  // 3. Control fixpoint: one scan reaches it (excitation only grows).
  const controls = ld(net + H_CONTROLS);
  const controlCount = ld(net + H_CONTROL_N);
  if (controlCount > 0) {
    let size: u32 = 0;
    for (let j: u32 = 0; j < controlCount; j++) {
      const r = ld(controls + j * 4);
      if (load<i32>(r + EXC) < 256 && ld(r + FIRED) != ep) st(work + size++ * 4, r);
    }
    if (size > 0) {
      Phase.executeList(work, size, PLAIN, results, ep);
      for (let j: u32 = 0; j < size; j++) st(ld(work + j * 4) + FIRED, ep);
      Phase.runControlList(work, size, ep);
    }
  }

  // 4. Remaining neurons, synchronous passes over the dirty neurons (first pass: input readers).
  const firstPass = ld(net + H_FIRST);
  const firstPassCount = ld(net + H_FIRST_N);
  const batch = ld(net + H_BATCH);
  const cand = ld(net + H_LIST);
  let size: u32 = 0;
  for (let j: u32 = 0; j < firstPassCount; j++) {
    const r = ld(firstPass + j * 4);
    if (load<i32>(r + EXC) < 256) st(work + size++ * 4, r);
  }
  let stamp = ld(net + H_STAMP);
  let mode = PLAIN;
  while (size > 0) {
    Phase.executeList(work, size, mode, results, ep);
    mode = IGNORE_IF_ONLY_RECURRENT;
    const next = stamp + 1;
    let active: u32 = 0;
    let marked: u32 = 0;
    for (let j: u32 = 0; j < size; j++) {
      const r = ld(work + j * 4);
      const o = load<i32>(results + j * 4);
      if (o >= 15) st(batch + active++ * 4, r);
      // A Random neuron past the early return (marked -1) draws again on every pass.
      else if (o >= 0 && ld(r + TYPE) == K_RANDOM) {
        st(r + DIRTY, next);
        st(cand + marked++ * 4, r);
      }
    }
    if (active == 0) break;
    for (let j: u32 = 0; j < active; j++) {
      const x = ld(batch + j * 4);
      st(x + FIRED, ep);
      const de = ld(x + DEP_END);
      for (let k = ld(x + DEP_START); k < de; k += 4) {
        const d = ld(k);
        if (ld(d + DIRTY) != next) {
          st(d + DIRTY, next);
          st(cand + marked++ * 4, d);
        }
      }
    }
    // Next pass: dirty neurons still in the list (excited, not fired), in index order.
    size = 0;
    for (let j: u32 = 0; j < marked; j++) {
      const r = ld(cand + j * 4);
      if (ld(r + FIRED) == ep || load<i32>(r + EXC) >= 256) continue;
      let at = size++;
      while (at > 0 && ld(work + (at - 1) * 4) > r) {
        st(work + at * 4, ld(work + (at - 1) * 4));
        at--;
      }
      st(work + at * 4, r);
    }
    stamp = next;
  }
  stamp++;

  // 5. Outputs, each fired right after it runs (a later output may read it).
  const nOut = ld(net + H_NOUT);
  size = 0;
  for (let i = nIn; i < nIn + nOut; i++) {
    const r = neurons + i * NR;
    if (ld(r + FIRED) != ep) st(work + size++ * 4, r);
  }
  if (size > 0) Phase.executeList(work, size, FIRE_EACH, results, ep);
  for (let i: u32 = 0; i < nOut; i++) st(output + i * 4, ld(neurons + (nIn + i) * NR + IO));

  // 6. Cleanup (fired flags expire with the epoch)
  const end = ld(net + H_NEURONS_END);
  for (let r = neurons; r < end; r += NR) {
    st(r + PREV, ld(r + STATE));
    st(r + STATE, 0);
    st(r + EXC, 0);
  }
  const nextEp = ep + 1;
  if (nextEp > REBASE_AT || stamp > REBASE_AT) {
    for (let r = neurons; r < end; r += NR) {
      st(r + FIRED, 0);
      st(r + DIRTY, 0);
    }
    // Re-base the connection slots: only "marked last step" survives.
    const connsEnd = ld(net + H_CONNS_END);
    for (let c = ld(net + H_CONNS); c < connsEnd; c += 4) st(c, ld(c) == ep ? 1 : 0);
    st(net + H_EPOCH, FIRST_EPOCH);
    st(net + H_STAMP, 1);
  } else {
    st(net + H_EPOCH, nextEp);
    st(net + H_STAMP, stamp);
  }
}

/**
 * The two loops every phase of a step runs, inlined into `step` (measured ~10 % faster than
 * calls; `@inline` is on static methods because TypeScript tooling rejects decorated functions).
 */
class Phase {
  /**
   * execute(n, ignoreIfOnlyRecurrent) of spec §4.2 for the records listed at listAt (count words),
   * in order; each output goes to results[j] (-1 for an early return).
   */
  @inline static executeList(listAt: u32, count: u32, mode: i32, results: u32, ep: u32): void {
    const prevEp = ep - 1;
    for (let j: u32 = 0; j < count; j++) {
      const r = ld(listAt + j * 4);
      const start = ld(r + IN_START);
      const mid = ld(r + IN_MID);
      const end = ld(r + IN_END);
      if (mode == IGNORE_IF_ONLY_RECURRENT) {
        // onlyRecurrent stays true unless a plain connection comes from a fired neuron.
        let fed = false;
        for (let e = start; e < mid; e += IN_STRIDE) {
          if (ld(ld(e) + FIRED) == ep) {
            fed = true;
            break;
          }
        }
        if (!fed) {
          store<i32>(results + j * 4, -1);
          continue;
        }
      }
      let sum: u32 = 0;
      for (let e = start; e < mid; e += IN_STRIDE) {
        const s = ld(e);
        if (ld(s + FIRED) == ep) {
          sum |= ld(e + 8) & ld(s + STATE);
          st(ld(e + 12), ep);
        } else if (ld(ld(e + 12)) != prevEp) {
          sum |= ld(e + 8) & ld(s + PREV);
        }
      }
      for (let e = mid; e < end; e += IN_STRIDE) {
        const s = ld(e);
        const m = ld(e + 4);
        const mv: u32 =
          load<i32>(m + EXC) < 256 ? (ld(m + FIRED) == ep ? ld(m + STATE) : ld(m + PREV)) : 0;
        if (ld(s + FIRED) == ep) {
          sum |= mv & ld(s + STATE);
          st(ld(e + 12), ep);
        } else {
          sum |= mv & ld(s + PREV);
        }
      }
      const t = ld(r + TYPE);
      let o: u32;
      switch (t) {
        case K_INPUT:
          o = (sum + ld(r + IO)) & 0xffff;
          break;
        case K_OUTPUT:
        case K_IDENTITY:
          o = sum;
          break;
        case K_COUNT_BITS:
          o = popcnt<u32>(sum);
          break;
        case K_THRESHOLD:
          o = popcnt<u32>(sum) >= 4 ? 255 : 0;
          break;
        case K_RANDOM:
          o = <u32>randU16();
          break;
        case K_ROLL:
          o = ((sum << 1) | (sum >> 15)) & 0xffff;
          break;
        default:
          o = 0;
      }
      const p = ld(r + PREV);
      st(r + STATE, (p ^ (ld(r + BETA) & ~(o ^ p))) & 0xffff);
      if (t == K_OUTPUT) st(r + IO, o);
      st(results + j * 4, o);
      if (mode == FIRE_EACH) st(r + FIRED, ep);
    }
  }

  /** runControl (spec §4.3) for the records listed at listAt (count words), in order. */
  @inline static runControlList(listAt: u32, count: u32, ep: u32): void {
    for (let j: u32 = 0; j < count; j++) {
      const cn = ld(listAt + j * 4);
      const sc = ld(cn + STATE);
      const end = ld(cn + OUT_END);
      for (let e = ld(cn + OUT_START); e < end; e += OUT_STRIDE) {
        const m = ld(e + 4);
        const w: u32 =
          m == 0
            ? ld(e + 8)
            : load<i32>(m + EXC) < 256
              ? ld(m + FIRED) == ep
                ? ld(m + STATE)
                : ld(m + PREV)
              : 0;
        const t = ld(e);
        st(t + EXC, ld(t + EXC) | (w & sc));
      }
    }
  }
}

/**
 * One A&B episode of PairEpisodeRunner.run's loop from the (freshly built) networks at `alice`,
 * `bob` and, unless 0, `eve`. Stream words are u16: `payloads` steps·P words, `keys` steps·P
 * words (otp) or `keyLen` words (short-key). `x` (i32, xLen words), `eveIn` (i32, 3·P words) and
 * `out` (i32) are scratch. Writes the ciphertext and Bob's decryption of every step to `aSeq` /
 * `bSeq` (u16, steps·P words) and, with Eve, her first output (u16) and her coin (u8) of every
 * step to `eSeq` / `firsts`. With `stopAtWrong`, stops after the first step Bob does not decrypt
 * exactly and returns its index; otherwise (or if none) returns `steps`.
 *
 * otp (the reference): Alice steps on key XOR plain, and her outputs are the ciphertext; Bob on
 * key XOR cipher, and his outputs are the decryption. short-key: both networks step on the key
 * words and the counter (the network step from reset), first `warmup` steps whose outputs are
 * dropped, then each output step XORs Alice's outputs into the plaintext (the ciphertext) and
 * Bob's into the ciphertext (the decryption).
 */
export function runPair(
  alice: u32,
  bob: u32,
  eve: u32,
  steps: u32,
  P: u32,
  otp: bool,
  payloads: u32,
  keys: u32,
  keyLen: u32,
  x: u32,
  xLen: u32,
  eveIn: u32,
  out: u32,
  aSeq: u32,
  bSeq: u32,
  eSeq: u32,
  firsts: u32,
  stopAtWrong: bool,
  warmup: u32,
): u32 {
  if (!otp) {
    for (let k: u32 = 0; k < keyLen; k++) st(x + k * 4, load<u16>(keys + k * 2));
    for (let s: u32 = 0; s < warmup; s++) {
      st(x + keyLen * 4, s & 0xffff);
      step(alice, x, xLen, out);
      step(bob, x, xLen, out);
    }
  }
  for (let t: u32 = 0; t < steps; t++) {
    const base = t * P;
    if (otp) {
      for (let j: u32 = 0; j < P; j++) {
        const w = <u32>load<u16>(payloads + (base + j) * 2);
        st(x + j * 4, w ^ load<u16>(keys + (base + j) * 2));
      }
    } else {
      st(x + keyLen * 4, (t + warmup) & 0xffff);
    }
    step(alice, x, xLen, out);
    for (let j: u32 = 0; j < P; j++) {
      const w = ld(out + j * 4);
      if (otp) {
        store<u16>(aSeq + (base + j) * 2, w);
        st(x + j * 4, (w ^ load<u16>(keys + (base + j) * 2)) & 0xffff);
      } else {
        store<u16>(aSeq + (base + j) * 2, w ^ load<u16>(payloads + (base + j) * 2));
      }
    }
    step(bob, x, xLen, out);
    let right = true;
    for (let j: u32 = 0; j < P; j++) {
      let w = ld(out + j * 4) & 0xffff;
      if (!otp) w = (w ^ load<u16>(aSeq + (base + j) * 2)) & 0xffff;
      store<u16>(bSeq + (base + j) * 2, w);
      if (w != <u32>load<u16>(payloads + (base + j) * 2)) right = false;
    }
    if (stopAtWrong && !right) return t;
    if (eve != 0)
      eveStep(eve, P, payloads + base * 2, aSeq + base * 2, eveIn, out, eSeq, firsts, t);
  }
  return steps;
}

/**
 * Independent cases of one network (the multiplexer's training): the network just built at `net`
 * (`build` returned `end`) has its reset block copied to `snap`; for case c the block is copied
 * back (a reset network), takes the case's nIn input words (u16, at `inputs + c·nIn·2`) for
 * `steps` steps, and its first output after the last step goes to `outs + c·2` (u16). `x` (i32,
 * nIn words) and `out` (i32) are scratch.
 */
export function runCases(
  net: u32,
  end: u32,
  snap: u32,
  inputs: u32,
  nCases: u32,
  steps: u32,
  x: u32,
  out: u32,
  outs: u32,
): void {
  const size = end - net;
  const nIn = ld(net + H_NIN);
  // The block holds absolute addresses inside itself: restored at `net`, it is the reset network.
  memory.copy(snap, net, size);
  for (let c: u32 = 0; c < nCases; c++) {
    if (c > 0) memory.copy(net, snap, size);
    for (let k: u32 = 0; k < nIn; k++) st(x + k * 4, load<u16>(inputs + (c * nIn + k) * 2));
    for (let s: u32 = 0; s < steps; s++) step(net, x, nIn, out);
    store<u16>(outs + c * 2, ld(out));
  }
}

/**
 * Keystreams of one short-key network under `nKeys` keys (KeystreamRunner): for key m (u16 words
 * `keys + m·keyLen·2`), the network is rebuilt from the genome staged at `src` (a reset network
 * at `net`, `build`'s other arguments as given), steps `warmup + steps` times on the key words
 * and the counter, and its first P outputs of the last `steps` steps go to `seqs` (u16, key m's
 * at `seqs + m·steps·P·2`). `x` (i32, keyLen + 1 words) and `out` (i32) are scratch.
 */
export function runKeystreams(
  net: u32,
  src: u32,
  count: u32,
  connCount: u32,
  nIn: u32,
  nOut: u32,
  primerCount: u32,
  controlCount: u32,
  keys: u32,
  nKeys: u32,
  keyLen: u32,
  steps: u32,
  P: u32,
  warmup: u32,
  x: u32,
  out: u32,
  seqs: u32,
): void {
  for (let m: u32 = 0; m < nKeys; m++) {
    build(net, src, count, connCount, nIn, nOut, primerCount, controlCount);
    for (let k: u32 = 0; k < keyLen; k++) st(x + k * 4, load<u16>(keys + (m * keyLen + k) * 2));
    const seq = seqs + m * steps * P * 2;
    for (let s: u32 = 0; s < warmup + steps; s++) {
      st(x + keyLen * 4, s & 0xffff);
      step(net, x, keyLen + 1, out);
      if (s < warmup) continue;
      const base = (s - warmup) * P;
      for (let j: u32 = 0; j < P; j++) store<u16>(seq + (base + j) * 2, ld(out + j * 4));
    }
  }
}

/**
 * Eve's step t of the distinguishing game: her coin, P decoy words, then her step on the plaintext
 * and the decoy in the coin's order followed by the ciphertext (`plain` and `cipher`: P u16 words
 * each). Records her first output (u16) at eSeq[t] and her coin (u8) at firsts[t].
 */
function eveStep(
  eve: u32,
  P: u32,
  plain: u32,
  cipher: u32,
  eveIn: u32,
  out: u32,
  eSeq: u32,
  firsts: u32,
  t: u32,
): void {
  const first = coin();
  const plainAt = first != 0 ? 0 : P;
  const decoyAt = first != 0 ? P : 0;
  for (let j: u32 = 0; j < P; j++) st(eveIn + (decoyAt + j) * 4, randU16());
  for (let j: u32 = 0; j < P; j++) {
    st(eveIn + (plainAt + j) * 4, load<u16>(plain + j * 2));
    st(eveIn + (2 * P + j) * 4, load<u16>(cipher + j * 2));
  }
  step(eve, eveIn, 3 * P, out);
  store<u16>(eSeq + t * 2, ld(out));
  store<u8>(firsts + t, first);
}

/**
 * One Eve episode (runEveEpisode): `steps` steps of eveStep over `plains` and `ciphers`
 * (steps·P u16 words each), from the freshly built network at `eve`.
 */
export function runEve(
  eve: u32,
  steps: u32,
  P: u32,
  plains: u32,
  ciphers: u32,
  eveIn: u32,
  out: u32,
  eSeq: u32,
  firsts: u32,
): void {
  for (let t: u32 = 0; t < steps; t++) {
    eveStep(eve, P, plains + t * P * 2, ciphers + t * P * 2, eveIn, out, eSeq, firsts, t);
  }
}

/**
 * Loads a saved state into the network at `net` (as NetworkKernel.load): `src` holds, per neuron,
 * state, prevState, excitation, isFired (0/1), ioVal, then per connection connType and
 * prevConnType (1 = FeedForward), all i32.
 */
export function loadState(net: u32, src: u32): void {
  const neurons = ld(net + H_NEURONS);
  const end = ld(net + H_NEURONS_END);
  const ep = ld(net + H_EPOCH);
  let at = src;
  for (let r = neurons; r < end; r += NR) {
    st(r + STATE, ld(at));
    st(r + PREV, ld(at + 4));
    st(r + EXC, ld(at + 8));
    st(r + FIRED, ld(at + 12) != 0 ? ep : 0);
    st(r + IO, ld(at + 16));
    at += 20;
  }
  // A connection both FeedForward now and last step (only possible mid-step) keeps the first.
  const connsEnd = ld(net + H_CONNS_END);
  for (let c = ld(net + H_CONNS); c < connsEnd; c += 4) {
    st(c, ld(at) != 0 ? ep : ld(at + 4) != 0 ? ep - 1 : 0);
    at += 8;
  }
}

/**
 * The reference's ExtraEncDec loop (encryptStream): chunks of `chunk` words, Alice on key XOR
 * plain, Bob on key XOR Alice's output, state carried through, words past `n` read 0. `plain` and
 * `key` are u16 (n words); `enc` / `dec` get ceil(n / chunk) · chunk u16 words; `x` and `out` are
 * i32 scratch of `chunk` words.
 */
export function runEncrypt(
  alice: u32,
  bob: u32,
  n: u32,
  chunk: u32,
  plain: u32,
  key: u32,
  x: u32,
  out: u32,
  enc: u32,
  dec: u32,
): void {
  for (let off: u32 = 0; off < n; off += chunk) {
    for (let j: u32 = 0; j < chunk; j++) {
      const i = off + j;
      st(x + j * 4, i < n ? <u32>(load<u16>(plain + i * 2) ^ load<u16>(key + i * 2)) : 0);
    }
    step(alice, x, chunk, out);
    for (let j: u32 = 0; j < chunk; j++) {
      const i = off + j;
      const a = ld(out + j * 4) & 0xffff;
      store<u16>(enc + i * 2, a);
      st(x + j * 4, i < n ? a ^ load<u16>(key + i * 2) : a);
    }
    step(bob, x, chunk, out);
    for (let j: u32 = 0; j < chunk; j++) store<u16>(dec + (off + j) * 2, ld(out + j * 4));
  }
}
