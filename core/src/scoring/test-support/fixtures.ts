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
import type { CipherJob, CipherPair } from '../cipher.js';
import { HmacDrbg } from '../hmac-drbg.js';
import { bytesFromWordsLE } from '../seed.js';
import { stepKey } from '../test-set.js';

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
 * §4.1). A pair of these decrypts perfectly: Bob undoes Alice's inversion. `dropLane` leaves one
 * output unconnected (it then outputs 0), which breaks decryption on that lane. `keyInputs` adds
 * inputs that nothing reads: the short-key layout's key words, which such a pair ignores.
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

export { keyAdderModule } from '../../bisuna/training/key-adder.test-util.js';

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

/**
 * An ideal stream cipher: Alice XORs her input with a keystream that HMAC_DRBG draws from the
 * stream's key (as a real cipher turns a short key into a keystream); Bob XORs it back.
 */
export function idealKeystreamPair(payloadWords: number): CipherPair {
  const P = payloadWords;
  const keystream = (job: CipherJob) => {
    const key0 = stepKey(job.regime, job.key, 0, P, new Uint16Array(P));
    const material = job.regime === 'otp' ? key0 : job.key;
    const bytes = new HmacDrbg(bytesFromWordsLE(material), new Uint8Array(16)).bytes(
      2 * job.plain.length,
    );
    return new Uint16Array(bytes.buffer, 0, job.plain.length);
  };
  const encryptOne = (job: CipherJob) => {
    const ks = keystream(job);
    const k = new Uint16Array(P);
    const out = new Uint16Array(job.plain.length);
    for (let t = 0; t < job.plain.length / P; t++) {
      stepKey(job.regime, job.key, t, P, k);
      for (let j = 0; j < P; j++) out[t * P + j] = k[j]! ^ job.plain[t * P + j]! ^ ks[t * P + j]!;
    }
    return out;
  };
  return {
    payloadWords: P,
    encrypt: (jobs) => jobs.map(encryptOne),
    roundTrip: (jobs) =>
      jobs.map((job) => {
        const cipher = encryptOne(job);
        const ks = keystream(job);
        const k = new Uint16Array(P);
        const decrypted = new Uint16Array(job.plain.length);
        for (let t = 0; t < job.plain.length / P; t++) {
          stepKey(job.regime, job.key, t, P, k);
          for (let j = 0; j < P; j++) {
            decrypted[t * P + j] = k[j]! ^ cipher[t * P + j]! ^ ks[t * P + j]!;
          }
        }
        return { cipher, decrypted };
      }),
  };
}
