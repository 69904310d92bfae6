import type { CompiledGenome } from './compiled-genome.js';
import { ConnType, NeuronType, type NetworkState, type RandomSource } from '../format/genome.js';
import { GenomeError } from '../format/errors.js';

/**
 * Bit-parallel stepping of ONE genome over E independent episodes ("lanes"), structure of
 * arrays: every neuron's state is a run of E u16 lanes, and each operation of the step (the
 * AND/OR weighting, popcount, rotate, the state update) runs over all lanes in one tight loop,
 * so the genome is decoded once per step for E episodes. Control flow that differs between
 * episodes (inhibition, which neurons fire in which pass, when the passes stop) is carried by
 * per-lane flags, so every lane follows exactly the sequence of the scalar step.
 *
 * Lane e is bit-identical to a {@link NetworkKernel} fed lane e's inputs with `rngs[e]` as its
 * RandomSource (Random neurons draw per lane, in the order that lane's sequential run draws).
 *
 * Inputs and outputs are input-major: `inputs[i * lanes + e]` is input i of lane e.
 *
 * @example
 * const k = new LaneKernel(compileGenome(module), 64);
 * k.step(inputs, out, rngs); // 64 episodes advanced by one step
 */
export class LaneKernel {
  private readonly st: Int32Array;
  private readonly pv: Int32Array;
  private readonly ex: Int32Array;
  private readonly fd: Uint8Array;
  private readonly io: Int32Array;
  private readonly ct: Uint8Array;
  private readonly pct: Uint8Array;
  /** Per neuron and lane: in the remaining list / active in this pass / in the control batch. */
  private readonly active: Uint8Array;
  private readonly inBatch: Uint8Array;
  /** Per lane scratch. */
  private readonly mask: Uint8Array;
  private readonly run: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly depStart: Int32Array;
  private readonly dirtyAny: Uint8Array;
  private readonly inputFed: Uint8Array;
  /** Non-control neurons past the inputs, ascending. */
  private readonly others: Int32Array;
  private readonly activeNeurons: Int32Array;
  /** Others fed by an input: the only ones past the early return in the first pass. */
  private readonly firstPass: Int32Array;
  private readonly depList: Int32Array;
  private readonly sum: Int32Array;
  private readonly res: Int32Array;
  private readonly laneMore: Uint8Array;
  private readonly laneRunning: Uint8Array;

  constructor(
    readonly genome: CompiledGenome,
    readonly lanes: number,
  ) {
    if (!Number.isInteger(lanes) || lanes < 1)
      throw new GenomeError(`lanes must be >= 1, got ${lanes}`);
    const n = genome.neuronCount * lanes;
    const c = genome.connCount * lanes;
    this.st = new Int32Array(n);
    this.pv = new Int32Array(n);
    this.ex = new Int32Array(n);
    this.fd = new Uint8Array(n);
    this.io = new Int32Array(n);
    this.ct = new Uint8Array(c);
    this.pct = new Uint8Array(c);
    this.active = new Uint8Array(n);
    this.inBatch = new Uint8Array(n);
    this.mask = new Uint8Array(lanes);
    this.run = new Uint8Array(lanes);
    this.dirty = new Uint8Array(n);
    this.dirtyAny = new Uint8Array(genome.neuronCount);
    this.inputFed = new Uint8Array(genome.neuronCount);
    for (let i = 0; i < genome.neuronCount; i++) {
      for (let k = genome.inStart[i]!; k < genome.inStart[i + 1]!; k++) {
        if (genome.inMod[k]! < 0 && genome.inFrom[k]! < genome.nInputs) this.inputFed[i] = 1;
      }
    }
    this.others = genome.others.filter((n) => n >= genome.nInputs);
    this.firstPass = this.others.filter((n) => this.inputFed[n] === 1);
    this.activeNeurons = new Int32Array(genome.neuronCount);
    const dep = remainingDependents(genome);
    this.depStart = dep.start;
    this.depList = dep.list;
    this.sum = new Int32Array(lanes);
    this.res = new Int32Array(lanes);
    this.laneMore = new Uint8Array(lanes);
    this.laneRunning = new Uint8Array(lanes);
  }

  /** Loads a between-steps NetworkState into lane `lane`. */
  load(lane: number, s: NetworkState): void {
    const E = this.lanes;
    s.neurons.forEach((ns, i) => {
      this.st[i * E + lane] = ns.state;
      this.pv[i * E + lane] = ns.prevState;
      this.ex[i * E + lane] = ns.excitation;
      this.fd[i * E + lane] = ns.isFired ? 1 : 0;
    });
    s.conns.forEach((cs, i) => {
      this.ct[i * E + lane] = cs.connType === ConnType.FeedForward ? 1 : 0;
      this.pct[i * E + lane] = cs.prevConnType === ConnType.FeedForward ? 1 : 0;
    });
    for (let i = 0; i < this.genome.neuronCount; i++) this.io[i * E + lane] = 0;
    for (const [k, v] of s.ioVal) if (k < this.genome.neuronCount) this.io[k * E + lane] = v;
  }

  /** Lane `lane`'s state as a NetworkState. */
  save(lane: number): NetworkState {
    const E = this.lanes;
    const g = this.genome;
    const neurons = Array.from({ length: g.neuronCount }, (_, i) => ({
      state: this.st[i * E + lane]!,
      prevState: this.pv[i * E + lane]!,
      excitation: this.ex[i * E + lane]!,
      isFired: this.fd[i * E + lane] === 1,
    }));
    const conns = Array.from({ length: g.connCount }, (_, i) => ({
      connID: i,
      connType: this.ct[i * E + lane]!,
      prevConnType: this.pct[i * E + lane]!,
    }));
    const ioVal = new Map<number, number>();
    for (let i = 0; i < g.nInputs + g.nOutputs; i++) ioVal.set(i, this.io[i * E + lane]!);
    return { neurons, conns, ioVal };
  }

  /** `resetState` on every lane. */
  reset(): void {
    this.st.fill(0);
    this.pv.fill(0);
    this.ex.fill(0);
    this.fd.fill(0);
    this.ct.fill(0);
    this.pct.fill(0);
  }

  /**
   * One step of every lane. `inputs[i * lanes + e]`, `out[o * lanes + e]`; `rngs[e]` serves lane
   * e's Random neurons (one source per lane).
   */
  step(
    inputs: ArrayLike<number>,
    out: { [i: number]: number },
    rngs: readonly RandomSource[],
  ): void {
    const g = this.genome;
    const E = this.lanes;
    const { fd, ex, io, mask } = this;
    const nIn = g.nInputs;
    if (rngs.length < E)
      throw new GenomeError(`${E} lanes need ${E} random sources, got ${rngs.length}`);

    // 1. Inputs
    mask.fill(1);
    for (let i = 0; i < nIn; i++) {
      const b = i * E;
      for (let e = 0; e < E; e++) io[b + e] = (inputs[b + e] ?? 0) & 0xffff;
      this.execute(i, false, rngs);
    }
    for (let i = 0; i < nIn; i++) fd.fill(1, i * E, (i + 1) * E);

    // 2. Primers (run in every lane, whatever their excitation)
    const primers = g.primers;
    for (let j = 0; j < primers.length; j++) this.execute(primers[j]!, false, rngs);
    for (let j = 0; j < primers.length; j++) fd.fill(1, primers[j]! * E, (primers[j]! + 1) * E);
    for (let j = 0; j < primers.length; j++) this.runControl(primers[j]!, null);

    // 3. Control fixpoint: one scan reaches it in every lane (the scan fires every eligible
    // control, and excitation only grows, so none becomes eligible afterwards).
    const controls = g.controls;
    const inBatch = this.inBatch;
    if (controls.length > 0) {
      let anyLane = false;
      for (let j = 0; j < controls.length; j++) {
        const n = controls[j]!;
        const b = n * E;
        let any = false;
        for (let e = 0; e < E; e++) {
          const ok = ex[b + e]! < 256 && fd[b + e] === 0 ? 1 : 0;
          mask[e] = ok;
          inBatch[b + e] = ok;
          if (ok) any = true;
        }
        if (any) {
          this.execute(n, false, rngs);
          anyLane = true;
        }
      }
      if (anyLane) {
        for (let j = 0; j < controls.length; j++) {
          const b = controls[j]! * E;
          for (let e = 0; e < E; e++) if (inBatch[b + e] === 1) fd[b + e] = 1;
        }
        for (let j = 0; j < controls.length; j++) this.runControl(controls[j]!, inBatch);
      }
    }

    // 4. Remaining neurons: per-lane lists and termination; as in NetworkKernel the first pass
    // runs only neurons fed by an input, later passes only lanes whose inputs fired.
    const others = this.others;
    const dirty = this.dirty;
    const dirtyAny = this.dirtyAny;
    const active = this.active;
    const more = this.laneMore;
    const res = this.res;
    const run = this.run;
    const type = g.type;
    const depStart = this.depStart;
    const depList = this.depList;
    // In the list: excited and not fired (non-control neurons past the inputs are unfired here).
    const firstPass = this.firstPass;
    for (let j = 0; j < firstPass.length; j++) {
      const n = firstPass[j]!;
      const b = n * E;
      for (let e = 0; e < E; e++) dirty[b + e] = 1;
      dirtyAny[n] = 1;
    }
    const laneRunning = this.laneRunning;
    laneRunning.fill(1);
    const activeNeurons = this.activeNeurons;
    for (;;) {
      more.fill(0);
      let anyActive = false;
      let activeCount = 0;
      for (let j = 0; j < others.length; j++) {
        const n = others[j]!;
        if (dirtyAny[n] === 0) continue;
        dirtyAny[n] = 0;
        const b = n * E;
        let any = false;
        for (let e = 0; e < E; e++) {
          const ok =
            laneRunning[e] === 1 && dirty[b + e] === 1 && fd[b + e] === 0 && ex[b + e]! < 256
              ? 1
              : 0;
          mask[e] = ok;
          dirty[b + e] = 0;
          if (ok) any = true;
        }
        if (!any) continue;
        this.execute(n, true, rngs);
        const isRandom = type[n] === NeuronType.Random;
        let neuronActive = false;
        for (let e = 0; e < E; e++) {
          if (run[e] === 0) continue;
          if (res[e]! >= 15) {
            active[b + e] = 1;
            more[e] = 1;
            neuronActive = true;
          } else if (isRandom) {
            // A Random neuron past the early return draws again on every pass.
            dirty[b + e] = 1;
            dirtyAny[n] = 1;
          }
        }
        if (neuronActive) {
          anyActive = true;
          activeNeurons[activeCount++] = n;
        }
      }
      if (!anyActive) break;
      for (let e = 0; e < E; e++) if (more[e] === 0) laneRunning[e] = 0;
      for (let j = 0; j < activeCount; j++) {
        const x = activeNeurons[j]!;
        const b = x * E;
        for (let e = 0; e < E; e++) {
          if (active[b + e] === 1) {
            active[b + e] = 0;
            fd[b + e] = 1;
            for (let k = depStart[x]!; k < depStart[x + 1]!; k++) {
              const d = depList[k]!;
              dirty[d * E + e] = 1;
              dirtyAny[d] = 1;
            }
          }
        }
      }
    }
    dirtyAny.fill(0);

    // 5. Outputs, each fired right after it runs
    for (let i = nIn; i < nIn + g.nOutputs; i++) {
      const b = i * E;
      let any = false;
      for (let e = 0; e < E; e++) {
        const ok = fd[b + e] === 0 ? 1 : 0;
        mask[e] = ok;
        if (ok) any = true;
      }
      if (any) {
        this.execute(i, false, rngs);
        for (let e = 0; e < E; e++) if (mask[e] === 1) fd[b + e] = 1;
      }
      const ob = (i - nIn) * E;
      for (let e = 0; e < E; e++) out[ob + e] = io[b + e]!;
    }

    // 6. Cleanup
    const st = this.st;
    this.pv.set(st);
    st.fill(0);
    ex.fill(0);
    fd.fill(0);
    dirty.fill(0);
    this.pct.set(this.ct);
    this.ct.fill(0);
  }

  /**
   * execute(n, ignore) in every lane whose `mask` is 1; outputs to `res` (0 for an early
   * return, which leaves no side effect in that lane). Afterwards `run[e]` is 1 exactly for the
   * lanes that ran past the early return.
   */
  private execute(n: number, ignore: boolean, rngs: readonly RandomSource[]): void {
    const g = this.genome;
    const E = this.lanes;
    const { st, pv, ex, fd, ct, pct, io, mask, run, sum, res } = this;
    const start = g.inStart[n]!;
    const end = g.inStart[n + 1]!;
    const inFrom = g.inFrom;
    const inMod = g.inMod;
    let lanesRunning = 0;
    if (ignore) {
      // Past the early return only where a plain connection comes from a fired neuron.
      for (let e = 0; e < E; e++) run[e] = 0;
      for (let k = start; k < end; k++) {
        if (inMod[k]! >= 0) continue;
        const sb = inFrom[k]! * E;
        for (let e = 0; e < E; e++) if (fd[sb + e] === 1) run[e] = 1;
      }
      for (let e = 0; e < E; e++) {
        if (mask[e] === 1 && run[e] === 1) lanesRunning++;
        else {
          run[e] = 0;
          res[e] = 0;
        }
      }
      if (lanesRunning === 0) return;
    } else {
      for (let e = 0; e < E; e++) run[e] = mask[e]!;
    }
    sum.fill(0);
    for (let k = start; k < end; k++) {
      const sb = inFrom[k]! * E;
      const m = inMod[k]!;
      const cb = g.inConn[k]! * E;
      if (m < 0) {
        const w = g.inWeight[k]!;
        for (let e = 0; e < E; e++) {
          if (run[e] === 0) continue;
          if (fd[sb + e] === 1) {
            sum[e] = sum[e]! | (w & st[sb + e]!);
            ct[cb + e] = 1;
          } else if (pct[cb + e] === 0) {
            sum[e] = sum[e]! | (w & pv[sb + e]!);
          }
        }
      } else {
        const mb = m * E;
        for (let e = 0; e < E; e++) {
          if (run[e] === 0) continue;
          const mv = ex[mb + e]! < 256 ? (fd[mb + e] === 1 ? st[mb + e]! : pv[mb + e]!) : 0;
          if (fd[sb + e] === 1) {
            sum[e] = sum[e]! | (mv & st[sb + e]!);
            ct[cb + e] = 1;
          } else {
            sum[e] = sum[e]! | (mv & pv[sb + e]!);
          }
        }
      }
    }
    const t = g.type[n]!;
    const beta = g.beta[n]!;
    const nb = n * E;
    // The activation, one loop per neuron type (the type is fixed for the whole lane loop).
    switch (t) {
      case NeuronType.Input:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = (sum[e]! + io[nb + e]!) & 0xffff;
        break;
      case NeuronType.Output:
      case NeuronType.Identity:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = sum[e]!;
        break;
      case NeuronType.Activation:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = popcount(sum[e]!);
        break;
      case NeuronType.Threshold:
      case NeuronType.Control:
      case NeuronType.ControlPrimer:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = popcount(sum[e]!) >= 4 ? 255 : 0;
        break;
      case NeuronType.Random:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = rngs[e]!.randU16(0, 65535);
        break;
      case NeuronType.Roll:
        for (let e = 0; e < E; e++) {
          if (run[e] === 1) {
            const x = sum[e]!;
            res[e] = ((x << 1) | (x >>> 15)) & 0xffff;
          }
        }
        break;
      default:
        for (let e = 0; e < E; e++) if (run[e] === 1) res[e] = 0;
    }
    for (let e = 0; e < E; e++) {
      if (run[e] === 0) continue;
      const o = res[e]!;
      const p = pv[nb + e]!;
      st[nb + e] = (p ^ (beta & ~(o ^ p))) & 0xffff;
    }
    if (t === NeuronType.Output) for (let e = 0; e < E; e++) if (run[e] === 1) io[nb + e] = res[e]!;
  }

  /** runControl(cn) in every lane (or only lanes with `lanesOf[cn * E + e]`). */
  private runControl(cn: number, lanesOf: Uint8Array | null): void {
    const g = this.genome;
    const E = this.lanes;
    const { st, pv, ex, fd } = this;
    const cb = cn * E;
    const end = g.outStart[cn + 1]!;
    for (let k = g.outStart[cn]!; k < end; k++) {
      const tb = g.outTo[k]! * E;
      const m = g.outMod[k]!;
      const w = g.outWeight[k]!;
      const mb = m * E;
      for (let e = 0; e < E; e++) {
        if (lanesOf !== null && lanesOf[cb + e] === 0) continue;
        const v =
          m < 0 ? w : ex[mb + e]! < 256 ? (fd[mb + e] === 1 ? st[mb + e]! : pv[mb + e]!) : 0;
        ex[tb + e] = ex[tb + e]! | (v & st[cb + e]!);
      }
    }
  }
}

/** For each neuron, the non-control neurons reading it (as source or modulator). */
function remainingDependents(g: CompiledGenome): { start: Int32Array; list: Int32Array } {
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
  sets.forEach((s, i) => list.set([...s], start[i]!));
  return { start, list };
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x5555);
  x = (x & 0x3333) + ((x >>> 2) & 0x3333);
  x = (x + (x >>> 4)) & 0x0f0f;
  return (x + (x >>> 8)) & 0x1f;
}
