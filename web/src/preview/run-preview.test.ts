import { OUT_INDEX, createNetworkState, writePopulation, type Module } from '@tem/core/bisuna';
import { interfaceModule } from '@tem/core/bisuna/training';
import { referenceImageBmp } from '@tem/core/scoring';
import { defaultTaskSpec, type ResultManifest } from '@tem/core/task';
import { describe, expect, it } from 'vitest';
import { runPreview } from './run-preview.js';

/** Short-key network: data input j adds the key's previous state (NOT k); output j = NOT(d + NOT k). */
function keyAdder(P: number): Module {
  const m = interfaceModule(0, 2 * P, P);
  for (let j = 0; j < P; j++) {
    m.conns.push({ fromNID: P + j, toNID: j, neuroMod: OUT_INDEX, weight: 0xffff });
    m.conns.push({ fromNID: j, toNID: 2 * P + j, neuroMod: OUT_INDEX, weight: 0xffff });
  }
  return m;
}

function datOf(m: Module): Uint8Array {
  return writePopulation({
    config: {
      obs: m.params.nInputs,
      actions: m.params.nOutputs,
      population: 1,
      stepMuts: 5,
      generation: 0,
      steps: 0,
      mapSize: 1,
    },
    noveltyMap: { popSize: 1, lastIdx: { ciDist: 0, ciIndex: 0 }, spectra: [0n] },
    cells: [{ module: m, state: createNetworkState(m), fitness: 0, cellStep: 0 }],
  });
}

const manifest: ResultManifest = {
  schema: 'tem/result-bundle',
  version: 1,
  taskId: '1',
  specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  pair: { alice: 0, bob: 0 },
  training: { seed: '1', generations: 0, seconds: 0, bestFitness: 0, runner: 'test' },
  history: [],
};

describe('runPreview', () => {
  it('runs a short-key pair with the key as its own inputs (P + K), as scoring does', () => {
    const spec = defaultTaskSpec({
      verifierUrl: 'http://127.0.0.1:1/verify',
      verifierAddress: `0x${'11'.repeat(20)}`,
    });
    expect(spec.training.keyRegime).toBe('short-key');
    const dat = datOf(keyAdder(3));
    const r = runPreview(spec, manifest, dat, dat, referenceImageBmp());
    expect(r.accuracy).toBe(1);
    expect(r.changed).toBeGreaterThan(0.9);
  });
});
