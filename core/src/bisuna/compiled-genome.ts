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
  const connCount = conns.length;
  const type = new Int32Array(count);
  const beta = new Int32Array(count);
  const controlLike = new Uint8Array(count);
  let primerCount = 0;
  let controlCount = 0;
  for (let n = 0; n < count; n++) {
    const nType = neurons[n]!.nType;
    type[n] = nType;
    beta[n] = firingMask(neurons[n]!.firingRate);
    if (isControlLike(nType)) {
      controlLike[n] = 1;
      controlCount++;
      if (nType === NeuronType.ControlPrimer) primerCount++;
    }
  }

  // Counting sort of the connections by target (incoming) and by source (outgoing), stable, so
  // each list keeps the genome's connection order.
  const inStart = new Int32Array(count + 1);
  const outStart = new Int32Array(count + 1);
  for (let i = 0; i < connCount; i++) {
    const c = conns[i]!;
    if (!controlLike[c.fromNID]) inStart[c.toNID + 1]!++;
    outStart[c.fromNID + 1]!++;
  }
  for (let n = 0; n < count; n++) {
    inStart[n + 1]! += inStart[n]!;
    outStart[n + 1]! += outStart[n]!;
  }
  const inTotal = inStart[count]!;
  const inFrom = new Int32Array(inTotal);
  const inMod = new Int32Array(inTotal);
  const inWeight = new Int32Array(inTotal);
  const inConn = new Int32Array(inTotal);
  const outTo = new Int32Array(connCount);
  const outMod = new Int32Array(connCount);
  const outWeight = new Int32Array(connCount);
  // fill[n] / fill[count + 1 + n]: next free incoming / outgoing slot of neuron n.
  const fill = new Int32Array(2 * count + 2);
  fill.set(inStart, 0);
  fill.set(outStart, count + 1);
  for (let i = 0; i < connCount; i++) {
    const c = conns[i]!;
    const mod = c.neuroMod === OUT_INDEX ? -1 : c.neuroMod;
    if (!controlLike[c.fromNID]) {
      const k = fill[c.toNID]!++;
      inFrom[k] = c.fromNID;
      inMod[k] = mod;
      inWeight[k] = c.weight;
      inConn[k] = i;
    }
    const k = fill[count + 1 + c.fromNID]!++;
    outTo[k] = c.toNID;
    outMod[k] = mod;
    outWeight[k] = c.weight;
  }

  const primers = new Int32Array(primerCount);
  const controls = new Int32Array(controlCount);
  const others = new Int32Array(count - controlCount);
  let p = 0;
  let c = 0;
  let o = 0;
  for (let n = 0; n < count; n++) {
    if (type[n] === NeuronType.ControlPrimer) primers[p++] = n;
    if (controlLike[n]) controls[c++] = n;
    else others[o++] = n;
  }
  return {
    neuronCount: count,
    connCount,
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
    primers,
    controls,
    others,
    controlLike,
  };
}
