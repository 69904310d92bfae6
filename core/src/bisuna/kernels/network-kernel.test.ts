import { describe, expect, it } from 'vitest';
import { compileGenome } from './compiled-genome.js';
import { GenomeError } from '../format/errors.js';
import { NeuronType, OUT_INDEX, type Module } from '../format/genome.js';
import { Mt19937, Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from './network-kernel.js';
import { referenceStep } from './reference-step.js';
import { createCell } from './state.js';
import { randomGenome } from '../test-support/random-genome.js';

/** Runs `steps` random inputs through the reference and the kernel with equal RNGs. */
function compare(
  module: Module,
  steps: number,
  inputSeed: number,
  setup?: (kernel: NetworkKernel) => void,
) {
  const cell = createCell(module);
  const kernel = new NetworkKernel(compileGenome(module));
  setup?.(kernel);
  const rngA = new Mt19937Random(inputSeed, 'libc++');
  const rngB = new Mt19937Random(inputSeed, 'libc++');
  const inputs = new Mt19937(inputSeed ^ 0x5a5a);
  const out = new Uint16Array(module.params.nOutputs);
  for (let t = 0; t < steps; t++) {
    const x = Array.from({ length: module.params.nInputs }, () =>
      inputs.next() % 4 === 0 ? 0 : inputs.next() & 0xffff,
    );
    const expected = referenceStep(cell, x, rngA);
    kernel.step(x, out, rngB);
    if (Array.from(out).join() !== expected.join()) return { step: t, expected, got: [...out] };
  }
  // Same stream position: the kernel drew exactly the reference's draws.
  if (rngA.engine.next() !== rngB.engine.next()) return { step: steps, rng: 'diverged' };
  const saved = kernel.save();
  const same = saved.neurons.every(
    (n, i) =>
      n.prevState === cell.state.neurons[i]!.prevState && n.state === cell.state.neurons[i]!.state,
  );
  const sameConns = saved.conns.every(
    (c, i) => c.prevConnType === cell.state.conns[i]!.prevConnType,
  );
  return same && sameConns ? null : { step: steps, state: 'differs' };
}

describe('NetworkKernel', () => {
  it('matches the reference step on 400 random genomes (outputs, RNG draws, final state)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const module = randomGenome(seed);
      expect(compare(module, 60, seed), `genome seed ${seed}`).toBeNull();
    }
  });

  it('matches the reference on small dense genomes', () => {
    for (let seed = 5000; seed < 5400; seed++) {
      const module = randomGenome(seed, { maxHidden: 8, maxConnections: 60 });
      expect(compare(module, 40, seed), `genome seed ${seed}`).toBeNull();
    }
  });

  it('matches the reference on Random-heavy and control-heavy modulated genomes', () => {
    for (let seed = 7000; seed < 7300; seed++) {
      const favour = seed % 2 ? NeuronType.Random : NeuronType.Control;
      const module = randomGenome(seed, {
        maxHidden: 12,
        maxConnections: 70,
        favour,
        modulation: 0.4,
      });
      expect(compare(module, 40, seed), `genome seed ${seed}`).toBeNull();
    }
  });

  it('matches the reference on large control-heavy genomes', () => {
    for (let seed = 1000; seed < 1030; seed++) {
      const module = randomGenome(seed, { maxHidden: 120, maxConnections: 400 });
      expect(compare(module, 40, seed), `genome seed ${seed}`).toBeNull();
    }
  });

  it('matches the reference across the wrap of its internal epoch and pass counters', () => {
    // The counters wrap after 2^30 steps; start them a few steps short of that.
    const nearWrap = (kernel: NetworkKernel) => {
      const l = (kernel as unknown as { l: { epoch: number; stamp: number } }).l;
      l.epoch = 0x3fffffff - 3;
      l.stamp = 0x3fffffff - 40;
    };
    for (let seed = 9000; seed < 9100; seed++) {
      const module = randomGenome(seed, { maxHidden: 12, maxConnections: 60, modulation: 0.3 });
      expect(compare(module, 20, seed, nearWrap), `genome seed ${seed}`).toBeNull();
    }
  });

  it('inverts the output into the state at firing rate 1 and keeps high bits at rate 7', () => {
    const module: Module = {
      params: { networkID: 0, nInputs: 1, nOutputs: 2 },
      neurons: [
        { nID: 0, firingRate: 1, nType: NeuronType.Input },
        { nID: 1, firingRate: 1, nType: NeuronType.Output },
        { nID: 2, firingRate: 7, nType: NeuronType.Output },
      ],
      conns: [
        { fromNID: 0, toNID: 1, neuroMod: OUT_INDEX, weight: 65535 },
        { fromNID: 0, toNID: 2, neuroMod: OUT_INDEX, weight: 65535 },
        { fromNID: 1, toNID: 0, neuroMod: OUT_INDEX, weight: 65535 },
      ],
    };
    const k = new NetworkKernel(compileGenome(module));
    const out = new Uint16Array(2);
    const rng = new Mt19937Random(1);
    k.step([0x1234], out, rng);
    // input state = ~0x1234; outputs read that state
    expect([...out]).toEqual([0xedcb, 0xedcb]);
    const s = k.save();
    expect(s.neurons[1]!.prevState).toBe(0x1234);
    expect(s.neurons[2]!.prevState).toBe(0x1234 & 0x07ff);
    // next step: the input adds the recurrent OR of output 1's previous state
    k.step([1], out, rng);
    expect(out[0]).toBe(~((0x1234 + 1) & 0xffff) & 0xffff);
  });

  it('rejects genomes whose connections name missing neurons', () => {
    const module = randomGenome(3);
    module.conns.push({ fromNID: 999, toNID: 0, neuroMod: OUT_INDEX, weight: 1 });
    expect(() => compileGenome(module)).toThrow(GenomeError);
  });
});
