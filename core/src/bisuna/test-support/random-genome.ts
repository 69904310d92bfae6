import {
  NeuronType,
  OUT_INDEX,
  type Connection,
  type Module,
  type Neuron,
} from '../format/genome.js';
import { Mt19937 } from '../random/mt19937.js';

const TYPES = [
  NeuronType.Identity,
  NeuronType.Activation,
  NeuronType.Threshold,
  NeuronType.Random,
  NeuronType.Control,
  NeuronType.Roll,
  NeuronType.ControlPrimer,
  NeuronType.Input,
  NeuronType.Output,
  0,
  3,
];
const RATES = [1, 1, 1, 7, 49, 0];
const WEIGHTS = [1, 65535, 0xff00, 0x00ff, 0x0f0f, 0x8001];

export interface RandomGenomeOptions {
  maxInputs?: number;
  maxOutputs?: number;
  maxHidden?: number;
  maxConnections?: number;
  /** Make about half of the hidden neurons of this type (e.g. Random or Control). */
  favour?: number;
  /** Chance (0..1) that a connection is neuromodulated; default 1/6. */
  modulation?: number;
}

/**
 * A random genome of arbitrary structure (every neuron type, odd firing rates, self-loops,
 * neuromodulation, control chains, connections into inputs), for property tests of the kernels.
 * Deterministic in `seed`.
 */
export function randomGenome(seed: number, options: RandomGenomeOptions = {}): Module {
  const mt = new Mt19937(seed);
  const below = (n: number) => mt.next() % n;
  const nInputs = 1 + below(options.maxInputs ?? 4);
  const nOutputs = 1 + below(options.maxOutputs ?? 4);
  const hidden = below((options.maxHidden ?? 24) + 1);
  const neurons: Neuron[] = [];
  for (let i = 0; i < nInputs; i++)
    neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < nOutputs; i++) {
    neurons.push({ nID: nInputs + i, firingRate: 1, nType: NeuronType.Output });
  }
  // Control-heavy genomes exercise inhibition and the control fixpoint.
  const controlBias = below(3);
  const highWeights = below(2) === 0;
  for (let i = 0; i < hidden; i++) {
    let nType = TYPES[below(TYPES.length)]!;
    if (controlBias === 2 && below(2) === 0) nType = NeuronType.Control;
    if (options.favour !== undefined && below(2) === 0) nType = options.favour;
    neurons.push({ nID: neurons.length, firingRate: RATES[below(RATES.length)]!, nType });
  }
  const count = neurons.length;
  const connCount = below((options.maxConnections ?? 80) + 1);
  const conns: Connection[] = [];
  for (let i = 0; i < connCount; i++) {
    const modulated =
      options.modulation === undefined ? below(6) === 0 : mt.next() / 2 ** 32 < options.modulation;
    conns.push({
      fromNID: below(count),
      toNID: below(count),
      neuroMod: modulated ? below(count) : OUT_INDEX,
      weight:
        below(4) === 0
          ? mt.next() & 0xffff
          : highWeights && below(2) === 0
            ? 65535
            : WEIGHTS[below(WEIGHTS.length)]!,
    });
  }
  return { params: { networkID: seed & 0xffff, nInputs, nOutputs }, neurons, conns };
}
