import {
  CONTROL_LIKE,
  MAXIMUM_WEIGHT,
  NeuronType,
  OUT_INDEX,
  type Connection,
  type Module,
  type Neuron,
  type RandomSource,
} from '../format/genome.js';
import { randPos, randomFiringRate, randomNeuronType } from './random.js';

/** Mutation probabilities of the `[Population]` ini section (spec §6, §10). */
export interface MutationRates {
  addNeuron: number;
  delNeuron: number;
  addConnection: number;
  delConnection: number;
  neuromodulation: number;
  controlNeuron: number;
  weightMutation: number;
}

/** The reference defaults (`PConfDefaultValues.hpp`). */
export const DEFAULT_MUTATION_RATES: Readonly<MutationRates> = Object.freeze({
  addNeuron: 0.01,
  delNeuron: 0.01,
  addConnection: 0.49,
  delConnection: 0.49,
  neuromodulation: 0.1,
  controlNeuron: 0.2,
  weightMutation: 0.5,
});

/** The four structural mutations in the order of the roulette (spec §6.1). */
export const StructuralMutation = {
  AddNeuron: 0,
  DelNeuron: 1,
  AddConnection: 2,
  DelConnection: 3,
} as const;
export type StructuralMutation = (typeof StructuralMutation)[keyof typeof StructuralMutation];

const f32 = Math.fround;

/**
 * `getMutationType()`: one `randFloat01()` against the running f32 sum of the four chances; the
 * first k with `r < sum` wins, DelConnection when none does.
 */
export function chooseMutation(rng: RandomSource, rates: MutationRates): StructuralMutation {
  const r = rng.randFloat01();
  let sum = f32(rates.addNeuron);
  if (r < sum) return StructuralMutation.AddNeuron;
  sum = f32(sum + f32(rates.delNeuron));
  if (r < sum) return StructuralMutation.DelNeuron;
  sum = f32(sum + f32(rates.addConnection));
  if (r < sum) return StructuralMutation.AddConnection;
  // The last running sum only decides between DelConnection and the fallback, DelConnection.
  return StructuralMutation.DelConnection;
}

/** `randomNeuron(id)`: Control with `ChanceControlNeuron`, else a random type; then a firing rate. */
export function randomNeuron(rng: RandomSource, id: number, rates: MutationRates): Neuron {
  const nType =
    rng.randFloat01() < f32(rates.controlNeuron) ? NeuronType.Control : randomNeuronType(rng);
  return { nID: id, firingRate: randomFiringRate(rng), nType };
}

/**
 * `randomConnection(neurons)`: from, to (and the modulator with `ChanceNeuromodulation`) drawn
 * among `neurons`; a plain connection gets weight 65535 or 1 on a coin.
 */
export function randomConnection(
  rng: RandomSource,
  neurons: readonly Neuron[],
  rates: MutationRates,
): Connection {
  const last = neurons.length - 1;
  const fromNID = neurons[randPos(rng, last)]!.nID;
  const toNID = neurons[randPos(rng, last)]!.nID;
  if (rng.randFloat01() < f32(rates.neuromodulation)) {
    return { fromNID, toNID, neuroMod: neurons[randPos(rng, last)]!.nID, weight: 1 };
  }
  const weight = randPos(rng, 1) !== 0 ? MAXIMUM_WEIGHT : 1;
  return { fromNID, toNID, neuroMod: OUT_INDEX, weight };
}

/** AddNeuron (spec §6.3): a random neuron plus one outgoing and one incoming random connection. */
export function addNeuron(rng: RandomSource, module: Module, rates: MutationRates): void {
  const id = module.neurons.length;
  const neuron = randomNeuron(rng, id, rates);
  const c0 = randomConnection(rng, module.neurons, rates);
  c0.fromNID = id;
  const c1 = randomConnection(rng, module.neurons, rates);
  c1.toNID = id;
  module.neurons.push(neuron);
  module.conns.push(c0, c1);
}

/**
 * Deletes neuron `idx` with `deleteNeuron` + `deleteNeuronConnections` (spec §6.3). Input and
 * Output neurons stay, but (as implemented) their connections are still deleted and every later
 * reference renumbered.
 */
export function deleteNeuron(module: Module, idx: number): void {
  const neurons = module.neurons;
  if (idx >= neurons.length) return;
  const t = neurons[idx]!.nType;
  if (t !== NeuronType.Input && t !== NeuronType.Output) {
    neurons.splice(idx, 1);
    for (let i = idx; i < neurons.length; i++) {
      const n = neurons[i]!;
      neurons[i] = { nID: n.nID - 1, firingRate: n.firingRate, nType: n.nType };
    }
  }
  deleteNeuronConnections(module, idx);
}

/** Erases every connection touching `idx` (from, to or modulator); renumbers references above it. */
export function deleteNeuronConnections(module: Module, idx: number): void {
  const kept: Connection[] = [];
  for (const c of module.conns) {
    if (c.fromNID === idx || c.toNID === idx || c.neuroMod === idx) continue;
    const renumbered =
      c.fromNID > idx || c.toNID > idx || (c.neuroMod !== OUT_INDEX && c.neuroMod > idx);
    if (!renumbered) {
      kept.push(c);
      continue;
    }
    kept.push({
      fromNID: c.fromNID > idx ? c.fromNID - 1 : c.fromNID,
      toNID: c.toNID > idx ? c.toNID - 1 : c.toNID,
      neuroMod: c.neuroMod !== OUT_INDEX && c.neuroMod > idx ? c.neuroMod - 1 : c.neuroMod,
      weight: c.weight,
    });
  }
  module.conns = kept;
}

/** DelNeuron: `idx := randU16(nIn+nOut-1, N-1)`, which may be the last Output neuron. */
export function delNeuron(rng: RandomSource, module: Module): void {
  const io = module.params.nInputs + module.params.nOutputs;
  const idx = rng.randU16((io - 1) & 0xffff, (module.neurons.length - 1) & 0xffff);
  deleteNeuron(module, idx);
}

/** AddConnection: append one random connection. */
export function addConnection(rng: RandomSource, module: Module, rates: MutationRates): void {
  module.conns.push(randomConnection(rng, module.neurons, rates));
}

/** DelConnection: `randPos(|conns|-1)` (u16-truncated, so 65535 when empty), then erase it. */
export function delConnection(rng: RandomSource, module: Module): void {
  const idx = randPos(rng, module.conns.length - 1);
  if (idx < module.conns.length) module.conns.splice(idx, 1);
}

/** `structuralMutation()`: one roulette draw, then the chosen operator. */
export function structuralMutation(rng: RandomSource, module: Module, rates: MutationRates): void {
  switch (chooseMutation(rng, rates)) {
    case StructuralMutation.AddNeuron:
      return addNeuron(rng, module, rates);
    case StructuralMutation.DelNeuron:
      return delNeuron(rng, module);
    case StructuralMutation.AddConnection:
      return addConnection(rng, module, rates);
    default:
      return delConnection(rng, module);
  }
}

/**
 * Weight mutation of one connection (spec §6.4): modulated connections are skipped without a draw;
 * otherwise with `ChanceWeightMutation` the weight gains the bits of `randU16(w>>1, (w<<1)&0xFFFF)`.
 */
export function mutateWeight(
  rng: RandomSource,
  conn: Connection,
  rates: MutationRates,
): Connection {
  if (conn.neuroMod !== OUT_INDEX) return conn;
  if (rng.randFloat01() > f32(rates.weightMutation)) return conn;
  const w = conn.weight;
  const hi = (w << 1) & 0xffff;
  const lo = w >>> 1;
  // lo > hi cannot arise from weights built by mutation (spec §6.4); guard against foreign genomes.
  const weight = (lo <= hi ? rng.randU16(lo, hi) : rng.randU16(hi, lo)) | w;
  return weight === w ? conn : { ...conn, weight };
}

/**
 * `updatePrimers` (spec §6.5): a control-like neuron becomes CPrimer when no incoming
 * non-self connection comes from a control-like neuron, Control otherwise.
 */
export function updatePrimers(module: Module): void {
  const neurons = module.neurons;
  const conns = module.conns;
  for (let k = 0; k < neurons.length; k++) {
    const n = neurons[k]!;
    if ((n.nType & CONTROL_LIKE) === 0) continue;
    let primer = true;
    for (let i = 0; i < conns.length && primer; i++) {
      const c = conns[i]!;
      if (c.toNID !== n.nID || c.fromNID === n.nID) continue;
      if (((neurons[c.fromNID]?.nType ?? 0) & CONTROL_LIKE) !== 0) primer = false;
    }
    const nType = primer ? NeuronType.ControlPrimer : NeuronType.Control;
    if (nType !== n.nType) neurons[k] = { nID: n.nID, firingRate: n.firingRate, nType };
  }
}

/** A module with only its interface neurons: inputs, then outputs, all firing rate 1. */
export function interfaceModule(networkID: number, nInputs: number, nOutputs: number): Module {
  const neurons: Neuron[] = [];
  for (let i = 0; i < nInputs; i++)
    neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < nOutputs; i++) {
    neurons.push({ nID: nInputs + i, firingRate: 1, nType: NeuronType.Output });
  }
  return { params: { networkID, nInputs, nOutputs }, neurons, conns: [] };
}

/**
 * A module that shares `m`'s neuron and connection objects (its own arrays and params): a cheap
 * copy for breeding, whose edits never change those objects (every mutation here replaces a
 * neuron or connection it changes). Breeding thereby allocates a few objects per offspring
 * instead of one per neuron and connection, which keeps the young-generation GC pauses short.
 */
export function forkModule(m: Module): Module {
  return { params: { ...m.params }, neurons: m.neurons.slice(), conns: m.conns.slice() };
}

/** A deep copy of a module's genome. */
export function cloneModule(m: Module): Module {
  const neurons = new Array<Neuron>(m.neurons.length);
  for (let i = 0; i < neurons.length; i++) {
    const n = m.neurons[i]!;
    neurons[i] = { nID: n.nID, firingRate: n.firingRate, nType: n.nType };
  }
  const conns = new Array<Connection>(m.conns.length);
  for (let i = 0; i < conns.length; i++) {
    const c = m.conns[i]!;
    conns[i] = { fromNID: c.fromNID, toNID: c.toNID, neuroMod: c.neuroMod, weight: c.weight };
  }
  return { params: { ...m.params }, neurons, conns };
}
