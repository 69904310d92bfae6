import { activate, firingMask, nextState } from './activation.js';
import {
  ConnType,
  EXCITATION_THRESHOLD,
  NeuronType,
  OUT_INDEX,
  REMAINING_NEURON_THRESHOLD,
  type Cell,
  type Connection,
  type RandomSource,
} from '../format/genome.js';
import { isControlLike } from './state.js';
import { validateModule } from '../format/validate.js';

const validated = new WeakSet<object>();

/**
 * One network step of the reference (`NNSFunction::process`, spec §4), a literal port that scans
 * the whole connection list per neuron like the C++ code. Slow; it is the oracle the compiled
 * kernels are tested against. Mutates `cell.state`; returns the nOutputs output words.
 *
 * Random neurons draw `rng.randU16(0, 65535)` in the reference's order. The genome is checked once
 * per state object (a {@link GenomeError} for ids out of range).
 *
 * @example
 * const cell = createCell(module);
 * const out = referenceStep(cell, [1, 2, 3], new Mt19937Random(1, 'libc++'));
 */
export function referenceStep(cell: Cell, inputs: ArrayLike<number>, rng: RandomSource): number[] {
  const { module, state } = cell;
  if (!validated.has(state)) {
    validateModule(module, state);
    validated.add(state);
  }
  const neurons = module.neurons;
  const conns = module.conns;
  const ns = state.neurons;
  const cs = state.conns;
  const ioVal = state.ioVal;
  const nIn = module.params.nInputs;
  const nOut = module.params.nOutputs;
  const count = neurons.length;

  const excited = (n: number) => ns[n]!.excitation < EXCITATION_THRESHOLD;
  const modValue = (m: number) =>
    excited(m) ? (ns[m]!.isFired ? ns[m]!.state : ns[m]!.prevState) : 0;

  const execute = (n: number, ignoreIfOnlyRecurrent: boolean): number => {
    let sum = 0;
    let onlyRecurrent = true;
    const used: [number, number][] = [];
    for (let ci = 0; ci < conns.length; ci++) {
      const c: Connection = conns[ci]!;
      if (c.toNID !== n) continue;
      const s = c.fromNID;
      if (isControlLike(neurons[s]!.nType)) continue;
      const src = ns[s]!;
      if (c.neuroMod === OUT_INDEX) {
        if (src.isFired) {
          sum |= c.weight & src.state;
          onlyRecurrent = false;
          used.push([ci, ConnType.FeedForward]);
        } else if (cs[ci]!.prevConnType !== ConnType.FeedForward) {
          sum |= c.weight & src.prevState;
          used.push([ci, ConnType.Recurrent]);
        }
      } else {
        const mv = modValue(c.neuroMod);
        const sv = src.isFired ? src.state : src.prevState;
        used.push([ci, src.isFired ? ConnType.FeedForward : ConnType.Recurrent]);
        sum |= mv & sv;
      }
    }
    const nType = neurons[n]!.nType;
    if (nType === NeuronType.Input) sum = (sum + (ioVal.get(n) ?? 0)) & 0xffff;
    if (onlyRecurrent && ignoreIfOnlyRecurrent) return 0;
    for (const [ci, t] of used) cs[ci]!.connType = t;
    const o = activate(nType, sum, rng);
    ns[n]!.state = nextState(ns[n]!.prevState, firingMask(neurons[n]!.firingRate), o);
    if (nType === NeuronType.Output) ioVal.set(n, o);
    return o;
  };

  const runControl = (cn: number) => {
    for (const c of conns) {
      if (c.fromNID !== cn) continue;
      const w = c.neuroMod === OUT_INDEX ? c.weight : modValue(c.neuroMod);
      ns[c.toNID]!.excitation = (ns[c.toNID]!.excitation | (w & ns[cn]!.state)) & 0xffff;
    }
  };

  // 1. Inputs
  for (let i = 0; i < nIn; i++) {
    ioVal.set(i, (inputs[i] ?? 0) & 0xffff);
    execute(i, false);
  }
  for (let i = 0; i < nIn; i++) ns[i]!.isFired = true;

  // 2. Primers
  const primers: number[] = [];
  for (let n = 0; n < count; n++) {
    if (neurons[n]!.nType === NeuronType.ControlPrimer) {
      execute(n, false);
      primers.push(n);
    }
  }
  for (const n of primers) ns[n]!.isFired = true;
  for (const n of primers) runControl(n);

  // 3. Control fixpoint
  for (;;) {
    const batch: number[] = [];
    for (let n = 0; n < count; n++) {
      if (isControlLike(neurons[n]!.nType) && excited(n) && !ns[n]!.isFired) {
        execute(n, false);
        batch.push(n);
      }
    }
    if (batch.length === 0) break;
    for (const n of batch) ns[n]!.isFired = true;
    for (const n of batch) runControl(n);
  }

  // 4. Remaining neurons, in synchronous passes
  let remaining: number[] = [];
  for (let n = 0; n < count; n++) {
    if (!isControlLike(neurons[n]!.nType) && excited(n) && !ns[n]!.isFired) remaining.push(n);
  }
  for (;;) {
    const active: number[] = [];
    for (const n of remaining) {
      if (execute(n, true) >= REMAINING_NEURON_THRESHOLD) active.push(n);
    }
    if (active.length === 0) break;
    for (const n of active) ns[n]!.isFired = true;
    remaining = remaining.filter((n) => !ns[n]!.isFired);
  }

  // 5. Outputs
  const out: number[] = [];
  for (let i = nIn; i < nIn + nOut; i++) {
    if (!ns[i]!.isFired) {
      execute(i, false);
      ns[i]!.isFired = true;
    }
    out.push(ioVal.get(i) ?? 0);
  }

  // 6. Cleanup
  for (const s of ns) {
    s.prevState = s.state;
    s.state = 0;
    s.excitation = 0;
    s.isFired = false;
  }
  for (const c of cs) {
    c.prevConnType = c.connType;
    c.connType = ConnType.Recurrent;
  }
  return out;
}
