import { afterAll, describe, expect, it } from 'vitest';
import { manifestBytes } from '@tem/core/kinds';
import {
  BUNDLE_FILES,
  RESULT_MANIFEST_SCHEMA,
  RESULT_MANIFEST_VERSION,
  defaultTaskSpec,
  type ResultManifest,
} from '@tem/core/task';
import type { ScoreInput } from './scorer.js';
import { createWorkerScorer } from './worker-scorer.js';

const scorer = createWorkerScorer({ size: 1 });
afterAll(async () => {
  await scorer.close();
});

const spec = defaultTaskSpec({
  verifierUrl: 'https://verifier.example/api/verify',
  verifierAddress: '0x' + '11'.repeat(20),
});
const manifest: ResultManifest = {
  schema: RESULT_MANIFEST_SCHEMA,
  version: RESULT_MANIFEST_VERSION,
  taskId: '1',
  specCid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  pair: { alice: 0, bob: 0 },
  training: { seed: 's', generations: 1, seconds: 1, bestFitness: 1, runner: 'test' },
  history: [],
};
const input = (signal?: AbortSignal): ScoreInput => ({
  spec,
  files: new Map([
    [BUNDLE_FILES.manifest, manifestBytes(manifest)],
    [BUNDLE_FILES.alice, new Uint8Array([1, 2, 3])],
    [BUNDLE_FILES.bob, new Uint8Array([4, 5, 6])],
  ]),
  testSeed: '0x' + 'ab'.repeat(32),
  testFiles: new Map(),
  ...(signal ? { signal } : {}),
});

describe('createWorkerScorer', () => {
  it("keeps the name of a worker's failure (a corrupt bundle is a BundleError)", async () => {
    const error = await scorer(input()).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('BundleError');
  });

  it('refuses a job whose signal already aborted, and keeps working after a settled one', async () => {
    const aborted = AbortSignal.abort();
    await expect(scorer(input(aborted))).rejects.toMatchObject({ name: 'ScoringAbortedError' });
    // A settled job's signal aborting later changes nothing.
    const later = new AbortController();
    await expect(scorer(input(later.signal))).rejects.toMatchObject({ name: 'BundleError' });
    later.abort();
    await expect(scorer(input())).rejects.toMatchObject({ name: 'BundleError' });
  });
});
