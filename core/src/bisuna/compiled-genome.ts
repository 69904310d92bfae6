import { firingMask } from './activation.js';
import { NeuronType, OUT_INDEX, type Module } from './genome.js';
import { isControlLike } from './state.js';
import { validateModule } from './validate.js';

/**
 * A genome compiled once for fast stepping: per-neuron incoming lists (control-like sources
 * already dropped, since they never feed a sum), per-neuron outgoing lists for control
 * neurons, and the neuron lists each phase of the step visits. Immutable and shareable between
 * kernels (scalar and lane) and threads (all typed arrays).
 */
export interface CompiledGenome {
  readonly neuronCount: number;
  readonly connCount: number;
  readonly nInputs: number;
  readonly nOutputs: number;
  /** nType per neuron. */
  readonly type: Int32Array;
  /** Firing-rate mask β per neuron. */
  readonly beta: Int32Array;
  /** Incoming plain/modulated connections of neuron n: entries inStart[n]..inStart[n+1]-1. */
  readonly inStart: Int32Array;
  readonly inFrom: Int32Array;
  /** Modulator id, or -1 for a plain connection. */
  readonly inMod: Int32Array;
  readonly inWeight: Int32Array;
  /** Index of the connection in the genome (for its connection state). */
  readonly inConn: Int32Array;
  /** Outgoing connections of neuron n (used for control neurons): outStart[n]..outStart[n+1]-1. */
  readonly outStart: Int32Array;
  readonly outTo: Int32Array;
  readonly outMod: Int32Array;
  readonly outWeight: Int32Array;
  /** Neurons with nType === ControlPrimer, ascending. */
  readonly primers: Int32Array;
  /** Control-like neurons, ascending. */
  readonly controls: Int32Array;
  /** Candidates of the remaining-neuron passes: not control-like, ascending. */
  readonly others: Int32Array;
  /** 1 if neuron n is control-like. */
  readonly controlLike: Uint8Array;
}

/**
 * Compiles `module` (validated first; throws GenomeError) into a {@link CompiledGenome}.
 *
 * @example
 * const kernel = new NetworkKernel(compileGenome(cell.module), cell.state);
 */
export function compileGenome(module: Module): CompiledGenome {
  validateModule(module);
  const neurons = module.neurons;
  const conns = module.conns;
  const count = neurons.length;
  const type = Int32Array.from(neurons, (n) => n.nType);
  const beta = Int32Array.from(neurons, (n) => firingMask(n.firingRate));
  const controlLike = Uint8Array.from(neurons, (n) => (isControlLike(n.nType) ? 1 : 0));

  const inCount = new Int32Array(count + 1);
  const outCount = new Int32Array(count + 1);
  for (const c of conns) {
    if (!controlLike[c.fromNID]) inCount[c.toNID + 1]!++;
    outCount[c.fromNID + 1]!++;
  }
  for (let n = 0; n < count; n++) {
    inCount[n + 1]! += inCount[n]!;
    outCount[n + 1]! += outCount[n]!;
  }
  const inStart = inCount.slice();
  const outStart = outCount.slice();
  const inTotal = inStart[count]!;
  const inFrom = new Int32Array(inTotal);
  const inMod = new Int32Array(inTotal);
  const inWeight = new Int32Array(inTotal);
  const inConn = new Int32Array(inTotal);
  const outTo = new Int32Array(conns.length);
  const outMod = new Int32Array(conns.length);
  const outWeight = new Int32Array(conns.length);
  const inFill = inStart.slice();
  const outFill = outStart.slice();
  conns.forEach((c, i) => {
    const mod = c.neuroMod === OUT_INDEX ? -1 : c.neuroMod;
    if (!controlLike[c.fromNID]) {
      const k = inFill[c.toNID]!++;
      inFrom[k] = c.fromNID;
      inMod[k] = mod;
      inWeight[k] = c.weight;
      inConn[k] = i;
    }
    const k = outFill[c.fromNID]!++;
    outTo[k] = c.toNID;
    outMod[k] = mod;
    outWeight[k] = c.weight;
  });

  const primers: number[] = [];
  const controls: number[] = [];
  const others: number[] = [];
  for (let n = 0; n < count; n++) {
    if (type[n] === NeuronType.ControlPrimer) primers.push(n);
    if (controlLike[n]) controls.push(n);
    else others.push(n);
  }
  return {
    neuronCount: count,
    connCount: conns.length,
    nInputs: module.params.nInputs,
    nOutputs: module.params.nOutputs,
    type,
    beta,
    inStart,
    inFrom,
    inMod,
    inWeight,
    inConn,
    outStart,
    outTo,
    outMod,
    outWeight,
    primers: Int32Array.from(primers),
    controls: Int32Array.from(controls),
    others: Int32Array.from(others),
    controlLike,
  };
}
