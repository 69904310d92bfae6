import { describe, expect, it } from 'vitest';
import { compileGenome } from '../compiled-genome.js';
import { NeuronType, OUT_INDEX, type Module } from '../genome.js';
import { NetworkKernel } from '../network-kernel.js';
import { drawStream, PairEpisodeRunner } from './cpa-episode.js';
import { runTestStreams } from './evaluation.js';
import { interfaceModule } from './mutation.js';
import { StreamRole, streamFor } from './random.js';

function notNetwork(words: number): Module {
  const m = interfaceModule(0, words, words);
  for (let i = 0; i < words; i++)
    m.conns.push({ fromNID: i, toNID: words + i, neuroMod: OUT_INDEX, weight: 65535 });
  return m;
}

/** A NOT network whose output 0 also ORs in bit 0 of a Random neuron: it decrypts only by luck. */
function noisyNot(words: number): Module {
  const m = notNetwork(words);
  const r = m.neurons.length;
  m.neurons.push({ nID: r, firingRate: 1, nType: NeuronType.Random });
  m.conns.push(
    { fromNID: 0, toNID: r, neuroMod: OUT_INDEX, weight: 65535 },
    { fromNID: r, toNID: words, neuroMod: OUT_INDEX, weight: 1 },
  );
  return m;
}

describe('held-out test streams', () => {
  it('equals running every stream on its own, however the streams are sliced', () => {
    const spec = {
      count: 24,
      steps: 3,
      payloadWords: 3,
      keyWords: 3,
      regime: 'short-key' as const,
    };
    const a = new NetworkKernel(compileGenome(notNetwork(3)));
    const b = new NetworkKernel(compileGenome(noisyNot(3)));
    const runner = new PairEpisodeRunner(3, 3);
    const scalar = Array.from({ length: 24 }, (_, s) => {
      const rng = streamFor(31, 4, StreamRole.Test, s);
      const stream = drawStream(rng, 3, 3, 3, 'short-key');
      return runner.run(a, b, null, stream, rng, false).perfectSteps === 3 ? 1 : 0;
    });
    expect(Array.from(runTestStreams(a, b, spec, 31, 4))).toEqual(scalar);
    expect(scalar).toContain(0);
    expect(scalar).toContain(1);
    const sliced = [0, 5, 11, 20].flatMap((first, i, cuts) =>
      Array.from(runTestStreams(a, b, spec, 31, 4, first, (cuts[i + 1] ?? 24) - first)),
    );
    expect(sliced).toEqual(scalar);
  });
});
