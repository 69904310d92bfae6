/* eslint-disable no-restricted-imports -- test-only helper (reads the shared reference data), never imported by library code */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NeuronType,
  OUT_INDEX,
  createNetworkState,
  writePopulation,
  type Module,
  type Population,
} from '../../bisuna/index.js';
import { defaultTaskSpec, type ResultManifest, type TaskSpec } from '../../task/index.js';

/** `../shared/data` relative to the repository root. */
export const SHARED_DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..',
  '../shared/data',
);

export function readShared(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(SHARED_DATA, relative)));
}

export const SEED = `0x${'5a'.repeat(32)}`;

/** The default spec, optionally shrunk for quick tests. */
export function testSpec(
  options: { regime?: 'short-key' | 'otp'; small?: boolean; payloadWords?: number } = {},
): TaskSpec {
  const P = options.payloadWords ?? 3;
  const spec = defaultTaskSpec({
    verifierUrl: 'http://127.0.0.1:1/verify',
    verifierAddress: `0x${'11'.repeat(20)}`,
    training: { keyRegime: options.regime ?? 'short-key', payloadWords: P, keyWords: P },
  });
  if (options.small) {
    spec.scoring.streams = { count: 4, words: 600 };
    spec.scoring.eve = { generations: 2, population: 8, trials: 128 };
  }
  return spec;
}

export function manifestFor(alice = 0, bob = 0): ResultManifest {
  return {
    schema: 'tem/result-bundle',
    version: 1,
    taskId: '7',
    specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    pair: { alice, bob },
    training: { seed: '1', generations: 0, seconds: 0, bestFitness: 0, runner: 'test' },
    history: [],
  };
}

/**
 * A network whose output j copies input j (through BiSUNA's state inversion: out = NOT in, spec
 * §4.1): under otp a pair of these decrypts perfectly, Bob undoing Alice's inversion. `dropLane`
 * leaves one output unconnected (it then outputs 0), which breaks decryption on that lane.
 * `keyInputs` adds inputs that nothing reads.
 */
export function copyModule(payloadWords: number, dropLane = -1, keyInputs = 0): Module {
  const P = payloadWords;
  const nIn = P + keyInputs;
  const neurons = [];
  for (let i = 0; i < nIn; i++) neurons.push({ nID: i, firingRate: 1, nType: NeuronType.Input });
  for (let i = 0; i < P; i++)
    neurons.push({ nID: nIn + i, firingRate: 1, nType: NeuronType.Output });
  const conns = [];
  for (let i = 0; i < P; i++) {
    if (i !== dropLane)
      conns.push({ fromNID: i, toNID: nIn + i, neuroMod: OUT_INDEX, weight: 0xffff });
  }
  return { params: { networkID: 0, nInputs: nIn, nOutputs: P }, neurons, conns };
}

/** A `.dat` holding the given agents. */
export function datOf(modules: Module[]): Uint8Array {
  const pop: Population = {
    config: {
      obs: modules[0]!.params.nInputs,
      actions: modules[0]!.params.nOutputs,
      population: modules.length,
      stepMuts: 5,
      generation: 0,
      steps: 0,
      mapSize: 1,
    },
    noveltyMap: { popSize: 1, lastIdx: { ciDist: 0, ciIndex: 0 }, spectra: [0n] },
    cells: modules.map((m, i) => ({
      module: { ...m, params: { ...m.params, networkID: i } },
      state: createNetworkState(m),
      fitness: 0,
      cellStep: 0,
    })),
  };
  return writePopulation(pop);
}

export {
  addRotateModule,
  idealKeystreamPair,
  keyFreePair,
  linearKeystreamPair,
  partialKeyPair,
  repeatingKeyModule,
  silentModule,
} from './zoo.js';
