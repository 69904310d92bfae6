import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGenome } from './compiled-genome.js';
import { readPopulation } from '../format/dat-codec.js';
import { NeuronType, type Module } from '../format/genome.js';
import { encryptStream } from '../encryption/encryption.js';
import { encryptStreamsInLanes } from '../encryption/lane-encryption.js';
import { LaneKernel } from './lane-kernel.js';
import { Mt19937, Mt19937Random } from '../random/mt19937.js';
import { NetworkKernel } from './network-kernel.js';
import { randomGenome } from '../test-support/random-genome.js';

const DATA = new URL('../../../../../shared/data/bisuna/', import.meta.url);
const readData = (file: string) => new Uint8Array(readFileSync(new URL(file, DATA)));

/** Steps E lanes and E scalar kernels side by side; returns the first mismatch or null. */
function compareLanes(module: Module, lanes: number, steps: number, seed: number) {
  const g = compileGenome(module);
  const laneKernel = new LaneKernel(g, lanes);
  const scalars = Array.from({ length: lanes }, () => new NetworkKernel(g));
  const laneRngs = Array.from({ length: lanes }, (_, e) => new Mt19937Random(seed * 131 + e));
  const scalarRngs = Array.from({ length: lanes }, (_, e) => new Mt19937Random(seed * 131 + e));
  const nIn = g.nInputs;
  const nOut = g.nOutputs;
  const data = new Mt19937(seed);
  const inputs = new Uint16Array(nIn * lanes);
  const out = new Uint16Array(nOut * lanes);
  const one = new Uint16Array(nOut);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < inputs.length; k++) inputs[k] = data.next() % 3 === 0 ? 0 : data.next();
    laneKernel.step(inputs, out, laneRngs);
    for (let e = 0; e < lanes; e++) {
      const x = Array.from({ length: nIn }, (_, i) => inputs[i * lanes + e]!);
      scalars[e]!.step(x, one, scalarRngs[e]!);
      for (let o = 0; o < nOut; o++) {
        if (out[o * lanes + e] !== one[o]) return { step: t, lane: e, output: o };
      }
    }
  }
  for (let e = 0; e < lanes; e++) {
    if (laneRngs[e]!.engine.next() !== scalarRngs[e]!.engine.next()) return { lane: e, rng: 1 };
    const a = laneKernel.save(e);
    const b = scalars[e]!.save();
    if (JSON.stringify(a.neurons) !== JSON.stringify(b.neurons)) return { lane: e, state: 1 };
    if (JSON.stringify(a.conns) !== JSON.stringify(b.conns)) return { lane: e, conns: 1 };
  }
  return null;
}

describe('LaneKernel', () => {
  it('equals E sequential runs on random genomes (outputs, draws, final state)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const module = randomGenome(seed, seed % 2 ? {} : { maxHidden: 8, maxConnections: 60 });
      expect(compareLanes(module, 1 + (seed % 9), 30, seed), `seed ${seed}`).toBeNull();
    }
  });

  it('equals E sequential runs on Random-heavy and control-heavy modulated genomes', () => {
    for (let seed = 200; seed < 300; seed++) {
      const favour = seed % 2 ? NeuronType.Random : NeuronType.Control;
      const module = randomGenome(seed, {
        maxHidden: 12,
        maxConnections: 70,
        favour,
        modulation: 0.4,
      });
      expect(compareLanes(module, 2 + (seed % 7), 30, seed), `seed ${seed}`).toBeNull();
    }
  });

  it('equals sequential runs for U1 agents on 16 different streams', () => {
    const alice = readPopulation(readData('U1/alicesCPAbisuna.dat'));
    for (const agent of [0, 2, 25, 30, 57]) {
      expect(compareLanes(alice.cells[agent]!.module, 16, 300, agent), `agent ${agent}`).toBeNull();
    }
  });

  it('encryptStreamsInLanes equals encryptStream per lane (U1 agents with Random neurons)', () => {
    const alice = readPopulation(readData('U1/alicesCPAbisuna.dat'));
    const bob = readPopulation(readData('U1/bobsCPAbisuna.dat'));
    const mt = new Mt19937Random(9);
    const words = (n: number) => Uint16Array.from({ length: n }, () => mt.randU16(0, 65535));
    const plains = Array.from({ length: 5 }, () => words(301));
    const keys = Array.from({ length: 5 }, () => words(301));
    for (const agent of [25, 30]) {
      const a = alice.cells[agent]!;
      const b = bob.cells[agent]!;
      const lanes = encryptStreamsInLanes(
        a,
        b,
        plains,
        keys,
        plains.map((_, e) => new Mt19937Random(e)),
      );
      plains.forEach((p, e) => {
        const one = encryptStream(
          new NetworkKernel(compileGenome(a.module), a.state),
          new NetworkKernel(compileGenome(b.module), b.state),
          p,
          keys[e]!,
          new Mt19937Random(e),
        );
        expect(lanes[e]!.enc).toEqual(one.enc);
        expect(lanes[e]!.dec).toEqual(one.dec);
      });
    }
  });

  it('loads and saves per-lane states', () => {
    const g = compileGenome(randomGenome(7));
    const k = new LaneKernel(g, 3);
    const scalar = new NetworkKernel(g);
    const rng = new Mt19937Random(1);
    scalar.step([1, 2, 3, 4], new Uint16Array(g.nOutputs), rng);
    const s = scalar.save();
    k.load(1, s);
    expect(k.save(1)).toEqual(s);
  });
});
