/**
 * BiSUNA genome and state types (spec §1, §2). Every value is a u16 unless noted; the layout
 * mirrors the reference's structs so the `.dat` codec is a direct mapping.
 */

/** Neuron types (spec §2). Values are the reference's bit flags. */
export const NeuronType = {
  Input: 1,
  Output: 2,
  Identity: 16,
  Activation: 32,
  Threshold: 64,
  Random: 128,
  Control: 256,
  Roll: 512,
  ControlPrimer: 1024,
} as const;
export type NeuronType = (typeof NeuronType)[keyof typeof NeuronType];

/** Mutation can create these, in the order `randomNeuronType()` indexes them (spec §3). */
export const MUTABLE_NEURON_TYPES = [
  NeuronType.Identity,
  NeuronType.Activation,
  NeuronType.Threshold,
  NeuronType.Random,
  NeuronType.Control,
  NeuronType.Roll,
] as const;

/** `nType & CONTROL_LIKE` is non-zero for Control and ControlPrimer neurons. */
export const CONTROL_LIKE = NeuronType.Control | NeuronType.ControlPrimer;

export const FIRING_RATES = [1, 7, 49] as const;

/** Compile-time constants of the reference's binary build (spec §1). */
export const OUT_INDEX = 65535;
export const MAXIMUM_WEIGHT = 65535;
export const EXCITATION_THRESHOLD = 256;
export const EXCITATION_THRESHOLD_BITS = 4;
export const HALF_WEIGHT = 255;
export const REMAINING_NEURON_THRESHOLD = 15;
export const EXTREME_NEGATIVE_REWARD = -1_000_000;

/** Connection types of a connection state. */
export const ConnType = { Recurrent: 0, FeedForward: 1 } as const;
export type ConnType = (typeof ConnType)[keyof typeof ConnType];

export interface Neuron {
  nID: number;
  firingRate: number;
  nType: number;
}

/** `neuroMod === OUT_INDEX` is a plain connection; otherwise the modulator's id (weight unused). */
export interface Connection {
  fromNID: number;
  toNID: number;
  neuroMod: number;
  weight: number;
}

export interface ModuleParams {
  networkID: number;
  nInputs: number;
  nOutputs: number;
}

/** A genome: interface neurons first (inputs, then outputs), hidden neurons after. */
export interface Module {
  params: ModuleParams;
  neurons: Neuron[];
  conns: Connection[];
}

export interface NeuronState {
  state: number;
  prevState: number;
  excitation: number;
  isFired: boolean;
}

export interface ConnectionState {
  connID: number;
  connType: number;
  prevConnType: number;
}

export interface NetworkState {
  neurons: NeuronState[];
  conns: ConnectionState[];
  /** nID -> value for input and output neurons; rewritten before use, so it never affects inference. */
  ioVal: Map<number, number>;
}

/** An agent: genome, its running state, fitness (f32 in the reference) and episode counter. */
export interface Cell {
  module: Module;
  state: NetworkState;
  fitness: number;
  cellStep: number;
}

/** `UNMConfig` (spec §2, §13). */
export interface UnmConfig {
  obs: number;
  actions: number;
  population: number;
  stepMuts: number;
  generation: number;
  steps: number;
  mapSize: number;
}

export interface NoveltyIndex {
  ciDist: number;
  ciIndex: number;
}

/** Novelty map as stored in a `.dat`: the spectra (u64 as bigint) and `lastIdx`. */
export interface NoveltyMapData {
  popSize: number;
  lastIdx: NoveltyIndex;
  spectra: bigint[];
}

/** A population as stored in a `.dat` file (spec §13). */
export interface Population {
  config: UnmConfig;
  noveltyMap: NoveltyMapData;
  cells: Cell[];
}

/** The source of randomness used wherever the reference consumes its global mt19937. */
export interface RandomSource {
  /** Uniform integer in [lo, hi], both inclusive, 0 <= lo <= hi <= 65535. */
  randU16(lo: number, hi: number): number;
  /** Uniform float in [0, 1) as the reference's `uniform_real_distribution<float>`. */
  randFloat01(): number;
  /** Uniform float in [a, b). */
  randFloat(a: number, b: number): number;
  /** Uniform integer in [0, max], max < 2^32. */
  randUInt(max: number): number;
}
