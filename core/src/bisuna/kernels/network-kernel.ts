import type { CompiledGenome } from './compiled-genome.js';
import { ConnType, NeuronType, type NetworkState, type RandomSource } from '../format/genome.js';
import { allocInt32, scratchInt32 } from './int32-slab.js';
import type { NetworkStepper } from './stepper.js';

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
// Connection slot: one word, the last epoch in which the connection was marked FeedForward.
// connType is FeedForward iff slot == epoch, prevConnType iff slot == epoch - 1. The one word
// is enough because prevConnType is read only through a plain connection whose source has not
// fired, and a connection marked this step has a fired source (firing is monotonic in a step).
/** First epoch: slot 0 (never marked) must equal neither epoch nor epoch - 1. */
const FIRST_EPOCH = 2;

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
  /** Control-like neurons that are not primers (primers are always fired before phase 3). */
  controls: number;
  controlCount: number;
  /** Non-control neurons past the inputs with a plain connection from an input. */
  firstPass: number;
  firstPassCount: number;
  /** Scratch lists of neuronCount words each. */
  list: number;
  work: number;
  batch: number;
  results: number;
  /** Connection slots marked FeedForward this step / last step; each list's count is at [-1]. */
  /** FIRED == epoch means fired in the current step (no clearing between steps). */
  epoch: number;
  /** DIRTY == stamp means "run in the coming pass" (no clearing between passes). */
  stamp: number;
}

function layout(g: CompiledGenome): Layout {
  const count = g.neuronCount;
  const nIn = g.nInputs;
  const inStart = g.inStart;
  const inFrom = g.inFrom;
  const inMod = g.inMod;
  const inTotal = inFrom.length;
  const outTotal = g.outTo.length;
  const controlLike = g.controlLike;

  // Scratch: dependents' start (count + 1), fill cursors (count), last reader (count), and the
  // first-pass neurons (count), then the dependents list (at most 2 per incoming entry).
  const scratch = scratchInt32(4 * count + 1 + 2 * inTotal);
  const depFill = count + 1;
  const lastReader = depFill + count;
  const firstPassAt = lastReader + count;
  const depAt = firstPassAt + count;
  const depCount = dependents(g, scratch, depFill, lastReader, depAt);

  // First pass: non-control neurons past the inputs with a plain connection from an input.
  let firstPassCount = 0;
  for (let n = nIn; n < count; n++) {
    if (controlLike[n]) continue;
    for (let k = inStart[n]!; k < inStart[n + 1]!; k++) {
      if (inMod[k]! < 0 && inFrom[k]! < nIn) {
        scratch[firstPassAt + firstPassCount++] = n;
        break;
      }
    }
  }

  let at = 0;
  const neurons = at;
  at += count * NR;
  const incoming = at;
  at += inTotal * IN_STRIDE;
  const outgoing = at;
  at += outTotal * OUT_STRIDE;
  const conns = at;
  at += g.connCount;
  const depList = at;
  at += depCount;
  const primers = at;
  at += g.primers.length;
  const controlCount = g.controls.length - g.primers.length;
  const controls = at;
  at += controlCount;
  const firstPass = at;
  at += firstPassCount;
  const list = at;
  const work = list + count;
  const batch = work + count;
  const results = batch + count;
  at = results + count;
  const mem = allocInt32(at);

  for (let n = 0; n < count; n++) {
    const r = neurons + n * NR;
    const s = inStart[n]!;
    const e = inStart[n + 1]!;
    mem[r + TYPE] = g.type[n]!;
    mem[r + BETA] = g.beta[n]!;
    mem[r + IN_START] = incoming + s * IN_STRIDE;
    mem[r + IN_END] = incoming + e * IN_STRIDE;
    mem[r + OUT_START] = outgoing + g.outStart[n]! * OUT_STRIDE;
    mem[r + OUT_END] = outgoing + g.outStart[n + 1]! * OUT_STRIDE;
    mem[r + DEP_START] = depList + scratch[n]!;
    mem[r + DEP_END] = depList + scratch[n + 1]!;
    // Incoming entries: plain ones first, then modulated ones (OR is commutative).
    let x = incoming + s * IN_STRIDE;
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1) mem[r + IN_MID] = x;
      for (let k = s; k < e; k++) {
        const mod = inMod[k]!;
        if (mod < 0 !== (pass === 0)) continue;
        mem[x] = neurons + inFrom[k]! * NR;
        mem[x + 1] = mod < 0 ? -1 : neurons + mod * NR;
        mem[x + 2] = g.inWeight[k]!;
        mem[x + 3] = conns + g.inConn[k]!;
        x += IN_STRIDE;
      }
    }
  }
  for (let k = 0; k < outTotal; k++) {
    const e = outgoing + k * OUT_STRIDE;
    const mod = g.outMod[k]!;
    mem[e] = neurons + g.outTo[k]! * NR;
    mem[e + 1] = mod < 0 ? -1 : neurons + mod * NR;
    mem[e + 2] = g.outWeight[k]!;
  }
  for (let i = 0; i < depCount; i++) mem[depList + i] = neurons + scratch[depAt + i]! * NR;
  for (let i = 0; i < g.primers.length; i++) mem[primers + i] = neurons + g.primers[i]! * NR;
  for (let i = 0, j = 0; i < g.controls.length; i++) {
    const n = g.controls[i]!;
    if (g.type[n] !== NeuronType.ControlPrimer) mem[controls + j++] = neurons + n * NR;
  }
  for (let i = 0; i < firstPassCount; i++) {
    mem[firstPass + i] = neurons + scratch[firstPassAt + i]! * NR;
  }
  return {
    mem,
    neuronCount: count,
    connCount: g.connCount,
    nIn,
    nOut: g.nOutputs,
    neurons,
    conns,
    primers,
    primerCount: g.primers.length,
    controls,
    controlCount,
    firstPass,
    firstPassCount,
    list,
    work,
    batch,
    results,
    epoch: FIRST_EPOCH,
    stamp: 1,
  };
}

/**
 * Dependents of each neuron in the remaining passes: the non-control neurons past the inputs
 * that read it (as source or modulator), who must re-run when it fires. Lists are ascending and
 * without duplicates; built by counting, then filling. Writes into `s` (zeroed): neuron n's
 * dependents are s[depAt + s[n]] .. s[depAt + s[n + 1] - 1]; returns their total.
 */
function dependents(
  g: CompiledGenome,
  s: Int32Array,
  fillAt: number,
  lastReader: number,
  depAt: number,
): number {
  const count = g.neuronCount;
  for (let pass = 0; pass < 2; pass++) {
    for (let n = 0; n < count; n++) s[lastReader + n] = -1;
    for (let n = g.nInputs; n < count; n++) {
      if (g.controlLike[n]) continue;
      for (let k = g.inStart[n]!; k < g.inStart[n + 1]!; k++) {
        for (let src = g.inFrom[k]!, i = 0; i < 2; i++, src = g.inMod[k]!) {
          if (src < 0 || s[lastReader + src] === n) continue;
          s[lastReader + src] = n;
          if (pass === 0) s[src + 1]!++;
          else s[depAt + s[fillAt + src]!++] = n;
        }
      }
    }
    if (pass === 0) {
      for (let n = 0; n < count; n++) {
        s[n + 1]! += s[n]!;
        s[fillAt + n] = s[n]!;
      }
    }
  }
  return s[count]!;
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
  private laid: Layout | null = null;

  constructor(
    readonly genome: CompiledGenome,
    initial?: NetworkState,
  ) {
    if (initial) this.load(initial);
  }

  /** The memory layout, built at first use: episodes on the WebAssembly kernel never need it. */
  private get l(): Layout {
    return (this.laid ??= layout(this.genome));
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
    // A connection both FeedForward now and last step (only possible mid-step) keeps the first.
    const ep = this.l.epoch;
    s.conns.forEach((cs, i) => {
      const now = cs.connType === ConnType.FeedForward;
      const before = cs.prevConnType === ConnType.FeedForward;
      mem[conns + i] = now ? ep : before ? ep - 1 : 0;
    });
    for (const [k, v] of s.ioVal) if (k < this.l.neuronCount) mem[neurons + k * NR + IO] = v;
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
      connType: mem[conns + i] === this.l.epoch ? ConnType.FeedForward : ConnType.Recurrent,
      prevConnType: mem[conns + i] === this.l.epoch - 1 ? ConnType.FeedForward : ConnType.Recurrent,
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
    mem.fill(0, conns, conns + connCount);
  }

  /** One step: reads nInputs words (missing ones read 0), writes nOutputs words to `out`. */
  step(inputs: ArrayLike<number>, out: { [i: number]: number }, rng: RandomSource): void {
    const l = this.l;
    const mem = l.mem;
    const neurons = l.neurons;
    const nIn = l.nIn;
    const nOut = l.nOut;
    const work = l.work;
    const results = l.results;
    const ep = l.epoch;
    const prevEp = ep - 1;

    // 1. Inputs (input i's execution reads only its own ioVal, so all are set first)
    for (let i = 0; i < nIn; i++) {
      const r = neurons + i * NR;
      mem[r + IO] = (inputs[i] ?? 0) & 0xffff;
      mem[work + i] = r;
    }
    // Each phase of §4.3 runs as batches of execute(n, ·) (modes below). One loop runs the
    // current batch, applies its effects and sets up the next batch: one copy of execute for
    // every phase and no call per batch (a call costs as much as a small neuron's execution).
    let phase = INPUTS;
    let listAt = work;
    let count = nIn;
    let mode = PLAIN;
    let stamp = l.stamp;
    for (;;) {
      for (let j = 0; j < count; j++) {
        const r = mem[listAt + j]!;
        const start = mem[r + IN_START]!;
        const mid = mem[r + IN_MID]!;
        const end = mem[r + IN_END]!;
        if (mode === IGNORE_IF_ONLY_RECURRENT) {
          // onlyRecurrent stays true unless a plain connection comes from a fired neuron.
          let fed = false;
          for (let e = start; e < mid; e += IN_STRIDE) {
            if (mem[mem[e]! + FIRED] === ep) {
              fed = true;
              break;
            }
          }
          if (!fed) {
            mem[results + j] = -1;
            continue;
          }
        }
        let sum = 0;
        for (let e = start; e < mid; e += IN_STRIDE) {
          const s = mem[e]!;
          if (mem[s + FIRED] === ep) {
            sum |= mem[e + 2]! & mem[s + STATE]!;
            mem[mem[e + 3]!] = ep;
          } else if (mem[mem[e + 3]!] !== prevEp) {
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
            mem[mem[e + 3]!] = ep;
          } else {
            sum |= mv & mem[s + PREV]!;
          }
        }
        // Recurrent marks need no write: connType starts each step at Recurrent, and a connection
        // marked FeedForward earlier in this step still has a fired source (firing is monotonic).
        const t = mem[r + TYPE]!;
        let o: number;
        switch (t) {
          case NeuronType.Input:
            o = (sum + mem[r + IO]!) & 0xffff;
            break;
          case NeuronType.Output:
          case NeuronType.Identity:
            o = sum;
            break;
          case NeuronType.Activation:
            o = popcount(sum);
            break;
          case NeuronType.Threshold:
          case NeuronType.Control:
          case NeuronType.ControlPrimer:
            o = popcount(sum) >= 4 ? 255 : 0;
            break;
          case NeuronType.Random:
            o = rng.randU16(0, 65535);
            break;
          case NeuronType.Roll:
            o = ((sum << 1) | (sum >>> 15)) & 0xffff;
            break;
          default:
            o = 0;
        }
        const p = mem[r + PREV]!;
        mem[r + STATE] = (p ^ (mem[r + BETA]! & ~(o ^ p))) & 0xffff;
        if (t === NeuronType.Output) mem[r + IO] = o;
        mem[results + j] = o;
        if (mode === FIRE_EACH) mem[r + FIRED] = ep;
      }

      // Effects of the batch that just ran.
      if (phase === INPUTS) {
        for (let i = 0; i < nIn; i++) mem[neurons + i * NR + FIRED] = ep;
      } else if (phase === PRIMERS || phase === CONTROLS) {
        for (let j = 0; j < count; j++) mem[mem[listAt + j]! + FIRED] = ep;
        runControlList(mem, listAt, count, ep);
      } else if (phase === REMAINING) {
        // End of a synchronous pass: fire the active neurons; the next pass runs only the
        // dirty neurons, collected as they are marked and sorted into index order.
        const batch = l.batch;
        const cand = l.list;
        const next = ++stamp;
        let active = 0;
        let marked = 0;
        for (let j = 0; j < count; j++) {
          const r = mem[work + j]!;
          const o = mem[results + j]!;
          if (o >= 15) mem[batch + active++] = r;
          // A Random neuron past the early return (o >= 0) draws again on every pass.
          else if (o >= 0 && mem[r + TYPE] === NeuronType.Random) {
            mem[r + DIRTY] = next;
            mem[cand + marked++] = r;
          }
        }
        if (active > 0) {
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
          // Dirty neurons still in the list (excited, not fired), in index order.
          let size = 0;
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
          if (size > 0) {
            count = size;
            mode = IGNORE_IF_ONLY_RECURRENT;
            continue;
          }
        }
      } else {
        break;
      }

      // The next phase with something to run.
      count = 0;
      while (count === 0 && phase !== OUTPUTS) {
        phase++;
        listAt = work;
        mode = PLAIN;
        if (phase === PRIMERS) {
          // 2. Primers (run whatever their excitation)
          listAt = l.primers;
          count = l.primerCount;
        } else if (phase === CONTROLS) {
          // 3. Control fixpoint. One scan reaches it: the scan runs every excited, unfired
          // control and fires it; excitation only grows, so no control can become eligible
          // afterwards. Primers are fired already, so the list leaves them out.
          const controls = l.controls;
          for (let j = 0; j < l.controlCount; j++) {
            const r = mem[controls + j]!;
            if (mem[r + EXC]! < 256 && mem[r + FIRED] !== ep) mem[work + count++] = r;
          }
        } else if (phase === REMAINING) {
          // 4. Remaining neurons, synchronous passes. The first pass runs only neurons with a
          // plain connection from an input: the only fired plain sources then are inputs
          // (control-like sources never feed a sum), so every other neuron would return early;
          // and these cannot return early (PLAIN mode).
          const firstPass = l.firstPass;
          for (let j = 0; j < l.firstPassCount; j++) {
            const r = mem[firstPass + j]!;
            // Non-control neurons past the inputs are never fired before this phase.
            if (mem[r + EXC]! < 256) mem[work + count++] = r;
          }
        } else {
          // 5. Outputs, each fired right after it runs (a later output may read it). Running
          // one output cannot unfire another, so the unfired ones are listed first.
          mode = FIRE_EACH;
          for (let i = nIn; i < nIn + nOut; i++) {
            const r = neurons + i * NR;
            if (mem[r + FIRED] !== ep) mem[work + count++] = r;
          }
        }
      }
      if (count === 0) break;
    }
    l.stamp = stamp + 1;
    for (let i = 0; i < nOut; i++) out[i] = mem[neurons + (nIn + i) * NR + IO]!;

    // 6. Cleanup (fired flags expire with the epoch)
    const end = neurons + l.neuronCount * NR;
    for (let r = neurons; r < end; r += NR) {
      mem[r + PREV] = mem[r + STATE]!;
      mem[r + STATE] = 0;
      mem[r + EXC] = 0;
    }
    l.epoch = ep + 1;
    if (l.epoch > 0x3fffffff || l.stamp > 0x3fffffff) {
      for (let r = neurons; r < end; r += NR) {
        mem[r + FIRED] = 0;
        mem[r + DIRTY] = 0;
      }
      // Re-base the connection slots: only "marked last step" survives.
      for (let c = l.conns; c < l.conns + l.connCount; c++) mem[c] = mem[c] === ep ? 1 : 0;
      l.epoch = FIRST_EPOCH;
      l.stamp = 1;
    }
  }
}

// Phases of the step (§4.3), in order.
const INPUTS = 0;
const PRIMERS = 1;
const CONTROLS = 2;
const REMAINING = 3;
const OUTPUTS = 4;

// Modes of a batch: execute(n, false); execute(n, true); execute(n, false) then fire n. Each
// output goes to mem[results + j] (-1 for an early return).
const PLAIN = 0;
const IGNORE_IF_ONLY_RECURRENT = 1;
const FIRE_EACH = 2;

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
