import { firingMask } from './activation.js';
import { NeuronType, OUT_INDEX, type Module } from '../format/genome.js';
import { isControlLike } from './state.js';
import { allocInt32, scratchInt32 } from './int32-slab.js';
import { validateModule } from '../format/validate.js';

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
  /**
   * The genome as the WebAssembly kernel's `build` reads it, a view of the same block: type,
   * beta, control-like flags (one word each), inStart, outStart, inFrom, inMod, inWeight, inConn,
   * outTo, outMod, outWeight, primers, controls.
   */
  readonly wasmWords: Int32Array;
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
  let primerCount = 0;
  let controlCount = 0;
  for (let n = 0; n < count; n++) {
    const nType = neurons[n]!.nType;
    if (isControlLike(nType)) controlCount++;
    if (nType === NeuronType.ControlPrimer) primerCount++;
  }
  let inTotal = 0;
  for (let i = 0; i < connCount; i++) {
    if (!isControlLike(neurons[conns[i]!.fromNID]!.nType)) inTotal++;
  }

  // Every array is a view of one block (one allocation per genome, see allocInt32), laid out so
  // that its start is the WebAssembly kernel's input as is.
  const block = allocInt32(
    6 * count + 2 + 4 * inTotal + 3 * connCount + primerCount + ((count + 3) >> 2),
  );
  let at = 0;
  const type = block.subarray(at, (at += count));
  const beta = block.subarray(at, (at += count));
  const controlWords = block.subarray(at, (at += count));
  const inStart = block.subarray(at, (at += count + 1));
  const outStart = block.subarray(at, (at += count + 1));
  const inFrom = block.subarray(at, (at += inTotal));
  const inMod = block.subarray(at, (at += inTotal));
  const inWeight = block.subarray(at, (at += inTotal));
  const inConn = block.subarray(at, (at += inTotal));
  const outTo = block.subarray(at, (at += connCount));
  const outMod = block.subarray(at, (at += connCount));
  const outWeight = block.subarray(at, (at += connCount));
  const primers = block.subarray(at, (at += primerCount));
  const controls = block.subarray(at, (at += controlCount));
  const wasmWords = block.subarray(0, at);
  const others = block.subarray(at, (at += count - controlCount));
  const controlLike = new Uint8Array(block.buffer, block.byteOffset + at * 4, count);

  let p = 0;
  let c = 0;
  let o = 0;
  for (let n = 0; n < count; n++) {
    const neuron = neurons[n]!;
    const nType = neuron.nType;
    type[n] = nType;
    beta[n] = firingMask(neuron.firingRate);
    if (nType === NeuronType.ControlPrimer) primers[p++] = n;
    if (isControlLike(nType)) {
      controlLike[n] = 1;
      controlWords[n] = 1;
      controls[c++] = n;
    } else {
      others[o++] = n;
    }
  }

  // Counting sort of the connections by target (incoming) and by source (outgoing), stable, so
  // each list keeps the genome's connection order.
  for (let i = 0; i < connCount; i++) {
    const conn = conns[i]!;
    if (!controlLike[conn.fromNID]) inStart[conn.toNID + 1]!++;
    outStart[conn.fromNID + 1]!++;
  }
  for (let n = 0; n < count; n++) {
    inStart[n + 1]! += inStart[n]!;
    outStart[n + 1]! += outStart[n]!;
  }
  // fill[n] / fill[count + 1 + n]: next free incoming / outgoing slot of neuron n.
  const fill = scratchInt32(2 * count + 2);
  for (let n = 0; n <= count; n++) {
    fill[n] = inStart[n]!;
    fill[count + 1 + n] = outStart[n]!;
  }
  for (let i = 0; i < connCount; i++) {
    const conn = conns[i]!;
    const mod = conn.neuroMod === OUT_INDEX ? -1 : conn.neuroMod;
    if (!controlLike[conn.fromNID]) {
      const k = fill[conn.toNID]!++;
      inFrom[k] = conn.fromNID;
      inMod[k] = mod;
      inWeight[k] = conn.weight;
      inConn[k] = i;
    }
    const k = fill[count + 1 + conn.fromNID]!++;
    outTo[k] = conn.toNID;
    outMod[k] = mod;
    outWeight[k] = conn.weight;
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
    wasmWords,
  };
}
