import { NeuronType, OUT_INDEX, type Module } from '../../bisuna/format/genome.js';
import { datOf } from '../../scoring/test-support/fixtures.js';
import { NETWORK_BUNDLE_FILES, type NetworkResultManifest } from '../../task/manifest.js';
import { manifestBytes } from '../bundle-files.js';

/** A verifier for specs made in tests, and two test seeds. */
export const TEST_VERIFIER = {
  verifierUrl: 'http://127.0.0.1:1/verify',
  verifierAddress: `0x${'11'.repeat(20)}`,
};
export const SEED = `0x${'5a'.repeat(32)}`;
export const OTHER_SEED = `0x${'c3'.repeat(32)}`;

/** A hidden neuron by type name (firing rate 1). */
export type Hidden = 'id' | 'threshold' | 'roll' | 'random' | 'activation';

const TYPES: Record<Hidden, number> = {
  id: NeuronType.Identity,
  threshold: NeuronType.Threshold,
  roll: NeuronType.Roll,
  random: NeuronType.Random,
  activation: NeuronType.Activation,
};

/**
 * A network by hand: `inputs` inputs (0 …), `outputs` outputs (next), the hidden neurons after
 * them, plain connections [from, to] of weight 65535.
 */
export function handNetwork(
  inputs: number,
  outputs: number,
  hidden: readonly Hidden[],
  conns: readonly (readonly [number, number])[],
): Module {
  const neurons = [];
  for (let i = 0; i < inputs; i++) neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < outputs; i++)
    neurons.push({ nID: inputs + i, firingRate: 1, nType: NeuronType.Output });
  hidden.forEach((h, i) =>
    neurons.push({ nID: inputs + outputs + i, firingRate: 1, nType: TYPES[h] }),
  );
  return {
    params: { networkID: 0, nInputs: inputs, nOutputs: outputs },
    neurons,
    conns: conns.map(([fromNID, toNID]) => ({
      fromNID,
      toNID,
      neuroMod: OUT_INDEX,
      weight: 0xffff,
    })),
  };
}

/** The manifest of a single-network bundle whose chosen network is `network`. */
export function networkManifest(network = 0): NetworkResultManifest {
  return {
    schema: 'tem/result-bundle',
    version: 1,
    taskId: '7',
    specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    network,
    training: { seed: '1', generations: 0, seconds: 0, bestFitness: 0, runner: 'test' },
    history: [],
  };
}

/** A single-network bundle's files: manifest.json and network.dat holding `modules`. */
export function networkBundle(modules: Module[], network = 0): Map<string, Uint8Array> {
  return new Map([
    [NETWORK_BUNDLE_FILES.manifest, manifestBytes(networkManifest(network))],
    [NETWORK_BUNDLE_FILES.network, datOf(modules)],
  ]);
}

/**
 * A 6-multiplexer by hand, right on every case with two steps per case (inputs d0 … d3 = 0 … 3,
 * a0 = 4, a1 = 5, output 6). An input's state is NOT x: 0xFFFE | ¬x. g4, g5 (identity) hold a0,
 * a1 as 0 or 1; term t_a (identity) ORs one data input's state and the address literals (inputs
 * for a 1 bit, g for a 0 bit), so its state's bit 0 is d_a ∧ (address = a); a threshold neuron
 * (state 0xFF00) and a roll of it (0x01FE) set bits 1 … 15 of the output, the terms its bit 0:
 * the output is 65535 exactly when the selected bit is 1. Two steps, because the terms read g4
 * and g5 from the previous step (in the first, g4 and g5 fire in the same pass as the terms).
 */
export function handMultiplexer6(): Module {
  // hidden: g4 = 7, g5 = 8, t0 … t3 = 9 … 12, threshold = 13, roll = 14
  return handNetwork(
    6,
    1,
    ['id', 'id', 'id', 'id', 'id', 'id', 'threshold', 'roll'],
    [
      [4, 7],
      [5, 8],
      [0, 9],
      [7, 9],
      [8, 9],
      [1, 10],
      [4, 10],
      [8, 10],
      [2, 11],
      [7, 11],
      [5, 11],
      [3, 12],
      [4, 12],
      [5, 12],
      [0, 13],
      [13, 14],
      [13, 6],
      [14, 6],
      [9, 6],
      [10, 6],
      [11, 6],
      [12, 6],
    ],
  );
}
