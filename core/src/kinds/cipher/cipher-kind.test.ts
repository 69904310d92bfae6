import { describe, expect, it } from 'vitest';
import { reproducibleStateJson } from '../../bisuna/training/state-json.js';
import { trainCipher } from '../../bisuna/training/train-cipher.js';
import { localEvaluator } from '../../bisuna/training/evaluation/local-evaluator.js';
import { trainingConfigFromJson } from '../../bisuna/training/config.js';
import type { BundleError } from '../../scoring/errors.js';
import { scoreSubmission } from '../../scoring/score.js';
import {
  SEED,
  datOf,
  manifestFor,
  silentModule,
  testSpec,
} from '../../scoring/test-support/fixtures.js';
import { parseResultManifest } from '../../task/manifest.js';
import { manifestBytes } from '../bundle-files.js';
import { cipherKind } from './index.js';

const dat = datOf([silentModule(3, 3), silentModule(3, 3, 1)]);
const files = (names = ['manifest.json', 'alice.dat', 'bob.dat']) => {
  const all = new Map([
    ['manifest.json', manifestBytes(manifestFor(0, 0))],
    ['alice.dat', dat],
    ['bob.dat', dat],
  ]);
  return new Map([...all].filter(([n]) => names.includes(n)));
};

describe('the cipher as a task kind', () => {
  it('scores a bundle exactly as scoreSubmission does', async () => {
    const spec = testSpec({ small: true });
    const viaKind = await cipherKind.score({
      spec,
      files: files(),
      testSeed: SEED,
      testFiles: new Map(),
    });
    const direct = await scoreSubmission({
      spec,
      manifest: manifestFor(0, 0),
      alice: dat,
      bob: dat,
      testSeed: SEED,
      testFiles: new Map(),
    });
    expect(viaKind).toEqual(direct);
    expect(cipherKind.band(viaKind)).toMatch(/FAILS the key gate/);
  });

  it('rejects a bundle without bob.dat or a manifest, as scoring does', () => {
    const spec = testSpec({ small: true });
    const reason = (f: Map<string, Uint8Array>) => {
      try {
        cipherKind.checkBundle(spec, f);
      } catch (error) {
        return (error as BundleError).reason;
      }
      return 'fits';
    };
    expect(reason(files(['manifest.json', 'alice.dat']))).toBe('missing-file');
    expect(reason(files(['alice.dat', 'bob.dat']))).toBe('missing-file');
    expect(reason(files())).toBe('fits');
  });

  it('trains exactly as trainCipher does, and writes the bundle tem train writes', async () => {
    const config = trainingConfigFromJson({
      population: 10,
      noveltyMapSize: 3,
      steps: 20,
      initialMutations: 20,
      eveAdvantage: 4,
      evePretrainGenerations: 1,
      testStreams: 1,
      generations: 3,
    });
    const t = cipherKind.training;
    const viaKind = await t.train({ state: t.createState(config, 4), evaluator: localEvaluator() });
    const direct = await trainCipher({ config, seed: 4 });
    expect(reproducibleStateJson(viaKind.state)).toEqual(reproducibleStateJson(direct.state));
    expect(t.networkFiles(viaKind.state).map(([name]) => name)).toEqual([
      'alice.dat',
      'bob.dat',
      'eve.dat',
    ]);
    const manifest = t.manifest(viaKind.state, {
      taskId: '0',
      specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
      runner: 'test',
    });
    expect(parseResultManifest(manifest).pair).toEqual({ alice: 0, bob: 0 });
    expect(t.ownsCheckpoint(t.toJson(viaKind.state))).toBe(true);
  });

  it('replays an image through the pair, with the key from the seed', async () => {
    const spec = testSpec({ small: true });
    const replay = await cipherKind.replay({ spec, files: files(), testSeed: SEED });
    expect([replay.width, replay.height]).toEqual([128, 85]);
    expect(replay.cipher).toEqual(replay.plain); // networks that output nothing leave it as it is
  });
});
