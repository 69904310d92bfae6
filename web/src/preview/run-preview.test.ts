import { createNetworkState, writePopulation, type Module } from '@tem/core/bisuna';
import { pearson, referenceImageBmp, sampleKeystreamPair } from '@tem/core/scoring';
import { defaultTaskSpec, type ResultManifest } from '@tem/core/task';
import { describe, expect, it } from 'vitest';
import { runPreview } from './run-preview.js';

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
  it('runs a trained short-key pair as scoring does: Bob recovers the image, the ciphertext shows none of it', () => {
    const spec = defaultTaskSpec({
      verifierUrl: 'http://127.0.0.1:1/verify',
      verifierAddress: `0x${'11'.repeat(20)}`,
    });
    expect(spec.training.keyRegime).toBe('short-key');
    const { alice, bob } = sampleKeystreamPair();
    const image = referenceImageBmp();
    const r = runPreview(spec, manifest, datOf(alice), datOf(bob), image);
    expect(r.accuracy).toBe(1);
    expect(r.decrypted).toEqual(r.image.data);
    expect(r.changed).toBeGreaterThan(0.98);
    // The preview draws a fresh key: over 300 keys this pair's |Pearson| stayed below 0.06 (a
    // keystream-free "cipher" gives 1, an ideal one about 0.005).
    const plain = Float64Array.from(r.image.data);
    const cipher = Float64Array.from(r.cipher);
    expect(Math.abs(pearson(plain, cipher))).toBeLessThan(0.15);
  });
});
