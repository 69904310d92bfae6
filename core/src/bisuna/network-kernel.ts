import type { CompiledGenome } from './compiled-genome.js';
import { ConnType, type NetworkState, type RandomSource } from './genome.js';
import type { NetworkStepper } from './stepper.js';

// Neuron type codes (spec §2), inlined for the hot loop.
const INPUT = 1;
const OUTPUT = 2;
const IDENTITY = 16;
const ACTIVATION = 32;
const THRESHOLD = 64;
const RANDOM = 128;
const CONTROL = 256;
const ROLL = 512;
const PRIMER = 1024;

// Neuron record: NR words per neuron.
const NR = 16;
const TYPE = 0;
const BETA = 1;
const IN_START = 2;
const IN_END = 3;
const OUT_START = 4;
const OUT_END = 5;
const STATE = 6;
const PREV = 7;
const EXC = 8;
const FIRED = 9;
const IO = 10;
const DIRTY = 11;
const DEP_START = 12;
const DEP_END = 13;
/** Incoming entries are ordered plain first; modulated ones start here (OR is commutative). */
const IN_MID = 15;
// Incoming entry: from (record offset), mod (record offset or -1), weight, conn slot.
const IN_STRIDE = 4;
// Outgoing entry: to (record offset), mod (record offset or -1), weight.
const OUT_STRIDE = 3;
// Connection slot: connType, prevConnType.

/**
 * Memory layout of one kernel: genome and state in ONE Int32Array, so the hot loop keeps a
 * single array base in a register and every neuron reference is a precomputed record offset.
 */
interface Layout {
  mem: Int32Array;
  neuronCount: number;
  connCount: number;
  nIn: number;
  nOut: number;
  /** Offset of neuron 0's record. */
  neurons: number;
  /** Offset of connection 0's slot (2 words each). */
  conns: number;
  /** Lists of record offsets, with their lengths. */
  primers: number;
  primerCount: number;
  controls: number;
  controlCount: number;
  /** Non-control neurons past the inputs with a plain connection from an input. */
  firstPass: number;
  firstPassCount: number;
  /** Neurons whose state can become non-zero (all others keep state 0 forever). */
  live: number;
  liveCount: number;
  /** Neurons a control can excite (targets of control-like neurons). */
  excitable: number;
  excitableCount: number;
  /** The next cleanup visits every neuron (after load(), whose state may be anything). */
  fullCleanup: boolean;
  /** Scratch lists of neuronCount words each. */
  list: number;
  work: number;
  batch: number;
  results: number;
  /** Connection slots marked FeedForward this step / last step; each list's count is at [-1]. */
  marks: number;
  prevMarks: number;
  /** FIRED == epoch means fired in the current step (no clearing between steps). */
  epoch: number;
  /** DIRTY == stamp means "run in the coming pass" (no clearing between passes). */
  stamp: number;
}

function layout(g: CompiledGenome): Layout {
  const count = g.neuronCount;
  const inTotal = g.inFrom.length;
  const outTotal = g.outTo.length;
  const deps = dependents(g);
  let at = 0;
  const take = (words: number) => {
    const start = at;
    at += words;
    return start;
  };
  const neurons = take(count * NR);
  const incoming = take(inTotal * IN_STRIDE);
  const outgoing = take(outTotal * OUT_STRIDE);
  const conns = take(g.connCount * 2);
  const depList = take(deps.list.length);
  const primers = take(g.primers.length);
  const controls = take(g.controls.length);
  const firstPassNeurons = Array.from(g.others).filter((n) => n >= g.nInputs && inputFed(g, n));
  const firstPass = take(firstPassNeurons.length);
  // A non-control neuron past the interface without a plain incoming connection never gets past
  // the early return, so its state stays 0.
  const liveNeurons: number[] = [];
  for (let n = 0; n < count; n++) {
    let plain = false;
    for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) if (g.inMod[k]! < 0) plain = true;
    if (n < g.nInputs + g.nOutputs || g.controlLike[n] === 1 || plain) liveNeurons.push(n);
  }
  const live = take(liveNeurons.length);
  const excitableSet = new Set<number>();
  for (let n = 0; n < count; n++) {
    if (g.controlLike[n] !== 1) continue;
    for (let k = g.outStart[n]!; k < g.outStart[n + 1]!; k++) excitableSet.add(g.outTo[k]!);
  }
  const excitableNeurons = [...excitableSet].sort((a, b) => a - b);
  const excitable = take(excitableNeurons.length);
  const list = take(count);
  const work = take(count);
  const batch = take(count);
  const results = take(count);
  const marks = take(g.connCount + 1) + 1;
  const prevMarks = take(g.connCount + 1) + 1;
  const mem = new Int32Array(at);
  const rec = (n: number) => neurons + n * NR;
  for (let n = 0; n < count; n++) {
    const r = rec(n);
    mem[r + TYPE] = g.type[n]!;
    mem[r + BETA] = g.beta[n]!;
    mem[r + IN_START] = incoming + g.inStart[n]! * IN_STRIDE;
    mem[r + IN_END] = incoming + g.inStart[n + 1]! * IN_STRIDE;
    mem[r + OUT_START] = outgoing + g.outStart[n]! * OUT_STRIDE;
    mem[r + OUT_END] = outgoing + g.outStart[n + 1]! * OUT_STRIDE;
    mem[r + DEP_START] = depList + deps.start[n]!;
    mem[r + DEP_END] = depList + deps.start[n + 1]!;
  }
  for (let n = 0; n < count; n++) {
    const ks: number[] = [];
    for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) if (g.inMod[k]! < 0) ks.push(k);
    mem[rec(n) + IN_MID] = incoming + (g.inStart[n]! + ks.length) * IN_STRIDE;
    for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) if (g.inMod[k]! >= 0) ks.push(k);
    ks.forEach((k, i) => {
      const e = incoming + (g.inStart[n]! + i) * IN_STRIDE;
      mem[e] = rec(g.inFrom[k]!);
      mem[e + 1] = g.inMod[k]! < 0 ? -1 : rec(g.inMod[k]!);
      mem[e + 2] = g.inWeight[k]!;
      mem[e + 3] = conns + g.inConn[k]! * 2;
    });
  }
  for (let k = 0; k < outTotal; k++) {
    const e = outgoing + k * OUT_STRIDE;
    mem[e] = rec(g.outTo[k]!);
    mem[e + 1] = g.outMod[k]! < 0 ? -1 : rec(g.outMod[k]!);
    mem[e + 2] = g.outWeight[k]!;
  }
  deps.list.forEach((n, i) => (mem[depList + i] = rec(n)));
  g.primers.forEach((n, i) => (mem[primers + i] = rec(n)));
  g.controls.forEach((n, i) => (mem[controls + i] = rec(n)));
  firstPassNeurons.forEach((n, i) => (mem[firstPass + i] = rec(n)));
  liveNeurons.forEach((n, i) => (mem[live + i] = rec(n)));
  excitableNeurons.forEach((n, i) => (mem[excitable + i] = rec(n)));
  return {
    mem,
    neuronCount: count,
    connCount: g.connCount,
    nIn: g.nInputs,
    nOut: g.nOutputs,
    neurons,
    conns,
    primers,
    primerCount: g.primers.length,
    controls,
    controlCount: g.controls.length,
    firstPass,
    firstPassCount: firstPassNeurons.length,
    live,
    liveCount: liveNeurons.length,
    excitable,
    excitableCount: excitableNeurons.length,
    fullCleanup: false,
    list,
    work,
    batch,
    results,
    marks,
    prevMarks,
    epoch: 1,
    stamp: 1,
  };
}

/** Whether neuron n has a plain connection from an input. */
function inputFed(g: CompiledGenome, n: number): boolean {
  for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) {
    if (g.inMod[k]! < 0 && g.inFrom[k]! < g.nInputs) return true;
  }
  return false;
}

/**
 * Dependents of each neuron in the remaining passes: the non-control neurons past the inputs
 * that read it (as source or modulator), who must re-run when it fires.
 */
function dependents(g: CompiledGenome): { start: Int32Array; list: Int32Array } {
  const sets: Set<number>[] = Array.from({ length: g.neuronCount }, () => new Set());
  for (let n = g.nInputs; n < g.neuronCount; n++) {
    if (g.controlLike[n]) continue;
    for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) {
      sets[g.inFrom[k]!]!.add(n);
      if (g.inMod[k]! >= 0) sets[g.inMod[k]!]!.add(n);
    }
  }
  const start = new Int32Array(g.neuronCount + 1);
  sets.forEach((s, i) => (start[i + 1] = start[i]! + s.size));
  const list = new Int32Array(start[g.neuronCount]!);
  sets.forEach((s, i) =>
    list.set(
      [...s].sort((a, b) => a - b),
      start[i]!,
    ),
  );
  return { start, list };
}

/**
 * The network step of spec §4 over a {@link CompiledGenome}. Bit-identical to
 * {@link referenceStep} (including the Random-neuron draw order) and much faster:
 * - genome and state live in one Int32Array; neuron references are precomputed offsets;
 * - incoming lists are precomputed, so nothing scans the whole connection list;
 * - every phase first fixes which neurons run (their eligibility cannot change while the batch
 *   runs), then one loop runs them, so a neuron costs a loop iteration, not a call;
 * - an `execute(n, ignoreIfOnlyRecurrent)` that would return early is detected from the
 *   plain-source fired flags alone, before any sum is formed;
 * - in the remaining-neuron passes only neurons with a source, modulated source or modulator
 *   fired in the previous pass run again (plus Random neurons past the early return, which draw
 *   on every execution): any other re-execution provably repeats its previous result, because
 *   a fired neuron's state is final and an unfired one is read through its prevState.
 *
 * @example
 * const k = new NetworkKernel(compileGenome(cell.module), cell.state);
 * const out = new Uint16Array(k.nOutputs);
 * k.step([1, 2, 3], out, rng);
 */
export class NetworkKernel implements NetworkStepper {
  private readonly l: Layout;

  constructor(
    readonly genome: CompiledGenome,
    initial?: NetworkState,
  ) {
    this.l = layout(genome);
    if (initial) this.load(initial);
  }

  get nInputs(): number {
    return this.genome.nInputs;
  }

  get nOutputs(): number {
    return this.genome.nOutputs;
  }

  /**
   * Copies a NetworkState (e.g. as stored in a `.dat`) into the kernel. Meant for states between
   * two steps, as the reference saves them (state, excitation, fired flags and connType zero;
   * prevState and prevConnType carry the memory). Those mid-step fields are copied too, but the
   * kernel's static shortcuts assume they are zero; {@link referenceStep} honours any value.
   */
  load(s: NetworkState): void {
    const { mem, neurons, conns } = this.l;
    s.neurons.forEach((ns, i) => {
      const r = neurons + i * NR;
      mem[r + STATE] = ns.state;
      mem[r + PREV] = ns.prevState;
      mem[r + EXC] = ns.excitation;
      mem[r + FIRED] = ns.isFired ? this.l.epoch : 0;
      mem[r + IO] = 0;
    });
    s.conns.forEach((cs, i) => {
      mem[conns + 2 * i] = cs.connType === ConnType.FeedForward ? 1 : 0;
      mem[conns + 2 * i + 1] = cs.prevConnType === ConnType.FeedForward ? 1 : 0;
    });
    for (const [k, v] of s.ioVal) if (k < this.l.neuronCount) mem[neurons + k * NR + IO] = v;
    this.rebuildMarks();
    this.l.fullCleanup = true;
  }

  /** Recomputes the FeedForward mark lists from the connection slots. */
  private rebuildMarks(): void {
    const { mem, conns, connCount, marks, prevMarks } = this.l;
    mem[marks - 1] = 0;
    mem[prevMarks - 1] = 0;
    for (let i = 0; i < connCount; i++) {
      const c = conns + 2 * i;
      if (mem[c] === 1) mem[marks + mem[marks - 1]!++] = c;
      if (mem[c + 1] === 1) mem[prevMarks + mem[prevMarks - 1]!++] = c;
    }
  }

  /** The state as a NetworkState (what `.dat` stores). */
  save(): NetworkState {
    const { mem, neurons, conns, neuronCount, connCount, nIn, nOut } = this.l;
    const neuronStates = Array.from({ length: neuronCount }, (_, i) => {
      const r = neurons + i * NR;
      return {
        state: mem[r + STATE]!,
        prevState: mem[r + PREV]!,
        excitation: mem[r + EXC]!,
        isFired: mem[r + FIRED] === this.l.epoch,
      };
    });
    const connStates = Array.from({ length: connCount }, (_, i) => ({
      connID: i,
      connType: mem[conns + 2 * i]!,
      prevConnType: mem[conns + 2 * i + 1]!,
    }));
    const ioVal = new Map<number, number>();
    for (let i = 0; i < nIn + nOut; i++) ioVal.set(i, mem[neurons + i * NR + IO]!);
    return { neurons: neuronStates, conns: connStates, ioVal };
  }

  /** `resetState` (spec §2). */
  reset(): void {
    const { mem, neurons, conns, neuronCount, connCount } = this.l;
    for (let i = 0; i < neuronCount; i++) {
      const r = neurons + i * NR;
      mem[r + STATE] = 0;
      mem[r + PREV] = 0;
      mem[r + EXC] = 0;
      mem[r + FIRED] = 0;
    }
    mem.fill(0, conns, conns + 2 * connCount);
    this.rebuildMarks();
  }

  /** One step: reads nInputs words (missing ones read 0), writes nOutputs words to `out`. */
  step(inputs: ArrayLike<number>, out: { [i: number]: number }, rng: RandomSource): void {
    const l = this.l;
    const mem = l.mem;
    const neurons = l.neurons;
    const nIn = l.nIn;
    const work = l.work;
    const results = l.results;
    const ep = l.epoch;

    // 1. Inputs (input i's execution reads only its own ioVal, so all are set first)
    for (let i = 0; i < nIn; i++) {
      const r = neurons + i * NR;
      mem[r + IO] = (inputs[i] ?? 0) & 0xffff;
      mem[work + i] = r;
    }
    executeList(mem, work, nIn, false, results, l.marks, rng, ep);
    for (let i = 0; i < nIn; i++) mem[neurons + i * NR + FIRED] = ep;

    // 2. Primers
    const primers = l.primers;
    const primerCount = l.primerCount;
    if (primerCount > 0) {
      executeList(mem, primers, primerCount, false, results, l.marks, rng, ep);
      for (let j = 0; j < primerCount; j++) mem[mem[primers + j]! + FIRED] = ep;
      runControlList(mem, primers, primerCount, ep);
    }

    // 3. Control fixpoint. One scan reaches it: the scan runs every excited, unfired control
    // and fires it; excitation only grows, so no control can become eligible afterwards.
    const controls = l.controls;
    const controlCount = l.controlCount;
    if (controlCount > 0) {
      let size = 0;
      for (let j = 0; j < controlCount; j++) {
        const r = mem[controls + j]!;
        if (mem[r + EXC]! < 256 && mem[r + FIRED] !== ep) mem[work + size++] = r;
      }
      if (size > 0) {
        executeList(mem, work, size, false, results, l.marks, rng, ep);
        for (let j = 0; j < size; j++) mem[mem[work + j]! + FIRED] = ep;
        runControlList(mem, work, size, ep);
      }
    }

    // 4. Remaining neurons, synchronous passes. The first pass runs only neurons with a plain
    // connection from an input: the only fired plain sources then are inputs (control-like
    // sources never feed a sum), so every other neuron would return early. Later passes run
    // only the dirty neurons, collected as they are marked and sorted into index order.
    const firstPass = l.firstPass;
    const firstPassCount = l.firstPassCount;
    const batch = l.batch;
    const cand = l.list;
    let size = 0;
    for (let j = 0; j < firstPassCount; j++) {
      const r = mem[firstPass + j]!;
      // Non-control neurons past the inputs are never fired before this phase.
      if (mem[r + EXC]! < 256) mem[work + size++] = r;
    }
    let stamp = l.stamp;
    // First-pass neurons have a fired (input) plain source, so they cannot return early.
    let mayReturnEarly = false;
    while (size > 0) {
      executeList(mem, work, size, mayReturnEarly, results, l.marks, rng, ep);
      mayReturnEarly = true;
      const next = stamp + 1;
      let active = 0;
      let marked = 0;
      for (let j = 0; j < size; j++) {
        const r = mem[work + j]!;
        if (mem[results + j]! >= 15) mem[batch + active++] = r;
        // A Random neuron past the early return draws again on every pass.
        else if (mem[r + TYPE] === RANDOM && isFed(mem, r, ep)) {
          mem[r + DIRTY] = next;
          mem[cand + marked++] = r;
        }
      }
      if (active === 0) break;
      for (let j = 0; j < active; j++) {
        const x = mem[batch + j]!;
        mem[x + FIRED] = ep;
        const de = mem[x + DEP_END]!;
        for (let k = mem[x + DEP_START]!; k < de; k++) {
          const d = mem[k]!;
          if (mem[d + DIRTY] !== next) {
            mem[d + DIRTY] = next;
            mem[cand + marked++] = d;
          }
        }
      }
      // Next pass: dirty neurons still in the list (excited, not fired), in index order.
      size = 0;
      for (let j = 0; j < marked; j++) {
        const r = mem[cand + j]!;
        if (mem[r + FIRED] === ep || mem[r + EXC]! >= 256) continue;
        let at = size++;
        while (at > 0 && mem[work + at - 1]! > r) {
          mem[work + at] = mem[work + at - 1]!;
          at--;
        }
        mem[work + at] = r;
      }
      stamp = next;
    }
    l.stamp = stamp + 1;

    // 5. Outputs, each fired right after it runs (a later output may read it)
    for (let i = nIn; i < nIn + l.nOut; i++) {
      const r = neurons + i * NR;
      if (mem[r + FIRED] !== ep) {
        mem[work] = r;
        executeList(mem, work, 1, false, results, l.marks, rng, ep);
        mem[r + FIRED] = ep;
      }
      out[i - nIn] = mem[r + IO]!;
    }

    // 6. Cleanup (fired flags expire with the epoch)
    const end = neurons + l.neuronCount * NR;
    if (l.fullCleanup) {
      for (let r = neurons; r < end; r += NR) {
        mem[r + PREV] = mem[r + STATE]!;
        mem[r + STATE] = 0;
        mem[r + EXC] = 0;
      }
      l.fullCleanup = false;
    } else {
      const live = l.live;
      const liveCount = l.liveCount;
      for (let j = 0; j < liveCount; j++) {
        const r = mem[live + j]!;
        mem[r + PREV] = mem[r + STATE]!;
        mem[r + STATE] = 0;
      }
      const excitable = l.excitable;
      const excitableCount = l.excitableCount;
      for (let j = 0; j < excitableCount; j++) mem[mem[excitable + j]! + EXC] = 0;
    }
    l.epoch = ep + 1;
    if (l.epoch > 0x3fffffff || l.stamp > 0x3fffffff) {
      for (let r = neurons; r < end; r += NR) {
        mem[r + FIRED] = 0;
        mem[r + DIRTY] = 0;
      }
      l.epoch = 1;
      l.stamp = 1;
    }
    // connType -> prevConnType for the connections marked FeedForward last step and this step.
    const prevMarks = l.prevMarks;
    const prevCount = mem[prevMarks - 1]!;
    for (let j = 0; j < prevCount; j++) mem[mem[prevMarks + j]! + 1] = 0;
    const marks = l.marks;
    const count = mem[marks - 1]!;
    for (let j = 0; j < count; j++) {
      const c = mem[marks + j]!;
      mem[c + 1] = 1;
      mem[c] = 0;
    }
    l.marks = prevMarks;
    l.prevMarks = marks;
    mem[prevMarks - 1] = 0;
  }
}

/** connType := FeedForward, remembering the slot for the cleanup. */
function markFeedForward(mem: Int32Array, c: number, marks: number): void {
  if (mem[c] === 0) {
    mem[c] = 1;
    mem[marks + mem[marks - 1]!++] = c;
  }
}

/** Whether a plain connection into the neuron at record r comes from a fired neuron. */
function isFed(mem: Int32Array, r: number, ep: number): boolean {
  const mid = mem[r + IN_MID]!;
  for (let e = mem[r + IN_START]!; e < mid; e += IN_STRIDE) {
    if (mem[mem[e]! + FIRED] === ep) return true;
  }
  return false;
}

/**
 * execute(n, ignoreIfOnlyRecurrent) of spec §4.2 for the records listed at mem[listAt ..
 * listAt+count-1], in order; each output goes to mem[results + j] (0 for an early return).
 */
function executeList(
  mem: Int32Array,
  listAt: number,
  count: number,
  ignoreIfOnlyRecurrent: boolean,
  results: number,
  marks: number,
  rng: RandomSource,
  ep: number,
): void {
  for (let j = 0; j < count; j++) {
    const r = mem[listAt + j]!;
    const start = mem[r + IN_START]!;
    const mid = mem[r + IN_MID]!;
    const end = mem[r + IN_END]!;
    if (ignoreIfOnlyRecurrent) {
      // onlyRecurrent stays true unless a plain connection comes from a fired neuron.
      let fed = false;
      for (let e = start; e < mid; e += IN_STRIDE) {
        if (mem[mem[e]! + FIRED] === ep) {
          fed = true;
          break;
        }
      }
      if (!fed) {
        mem[results + j] = 0;
        continue;
      }
    }
    let sum = 0;
    for (let e = start; e < mid; e += IN_STRIDE) {
      const s = mem[e]!;
      if (mem[s + FIRED] === ep) {
        sum |= mem[e + 2]! & mem[s + STATE]!;
        markFeedForward(mem, mem[e + 3]!, marks);
      } else if (mem[mem[e + 3]! + 1] === 0) {
        sum |= mem[e + 2]! & mem[s + PREV]!;
      }
    }
    for (let e = mid; e < end; e += IN_STRIDE) {
      const s = mem[e]!;
      const m = mem[e + 1]!;
      const mv =
        mem[m + EXC]! < 256 ? (mem[m + FIRED] === ep ? mem[m + STATE]! : mem[m + PREV]!) : 0;
      if (mem[s + FIRED] === ep) {
        sum |= mv & mem[s + STATE]!;
        markFeedForward(mem, mem[e + 3]!, marks);
      } else {
        sum |= mv & mem[s + PREV]!;
      }
    }
    // Recurrent marks need no write: connType starts each step at Recurrent, and a connection
    // marked FeedForward earlier in this step still has a fired source (firing is monotonic).
    const t = mem[r + TYPE]!;
    let o: number;
    switch (t) {
      case INPUT:
        o = (sum + mem[r + IO]!) & 0xffff;
        break;
      case OUTPUT:
      case IDENTITY:
        o = sum;
        break;
      case ACTIVATION:
        o = popcount(sum);
        break;
      case THRESHOLD:
      case CONTROL:
      case PRIMER:
        o = popcount(sum) >= 4 ? 255 : 0;
        break;
      case RANDOM:
        o = rng.randU16(0, 65535);
        break;
      case ROLL:
        o = ((sum << 1) | (sum >>> 15)) & 0xffff;
        break;
      default:
        o = 0;
    }
    const p = mem[r + PREV]!;
    mem[r + STATE] = (p ^ (mem[r + BETA]! & ~(o ^ p))) & 0xffff;
    if (t === OUTPUT) mem[r + IO] = o;
    mem[results + j] = o;
  }
}

/** runControl (spec §4.3) for the records listed at mem[listAt .. listAt+count-1], in order. */
function runControlList(mem: Int32Array, listAt: number, count: number, ep: number): void {
  for (let j = 0; j < count; j++) {
    const cn = mem[listAt + j]!;
    const sc = mem[cn + STATE]!;
    const end = mem[cn + OUT_END]!;
    for (let e = mem[cn + OUT_START]!; e < end; e += OUT_STRIDE) {
      const m = mem[e + 1]!;
      const w =
        m < 0
          ? mem[e + 2]!
          : mem[m + EXC]! < 256
            ? mem[m + FIRED] === ep
              ? mem[m + STATE]!
              : mem[m + PREV]!
            : 0;
      const t = mem[e]!;
      mem[t + EXC] = mem[t + EXC]! | (w & sc);
    }
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}
