import { describe, expect, it } from 'vitest';
import { CONTROL_LIKE, NeuronType, OUT_INDEX, type Module } from '../format/genome.js';
import { Mt19937Random } from '../random/mt19937.js';
import {
  addNeuron,
  chooseMutation,
  delConnection,
  delNeuron,
  DEFAULT_MUTATION_RATES,
  interfaceModule,
  mutateWeight,
  randomConnection,
  randomNeuron,
  StructuralMutation,
  structuralMutation,
  updatePrimers,
} from './mutation.js';
import { removeOrphans } from './orphans.js';
import { ScriptedRandom } from './test-support/scripted-random.js';

const rates = DEFAULT_MUTATION_RATES;
const {
  Input: I,
  Output: O,
  Identity: ID,
  Control: C,
  ControlPrimer: CP,
  Random: R,
  Roll: RO,
} = NeuronType;

/** 2 inputs, 1 output, hidden 3 (ID) and 4 (Control), a few connections. */
function smallModule(): Module {
  return {
    params: { networkID: 0, nInputs: 2, nOutputs: 1 },
    neurons: [
      { nID: 0, firingRate: 1, nType: I },
      { nID: 1, firingRate: 1, nType: I },
      { nID: 2, firingRate: 1, nType: O },
      { nID: 3, firingRate: 7, nType: ID },
      { nID: 4, firingRate: 1, nType: C },
    ],
    conns: [
      { fromNID: 0, toNID: 3, neuroMod: OUT_INDEX, weight: 65535 },
      { fromNID: 3, toNID: 2, neuroMod: OUT_INDEX, weight: 1 },
      { fromNID: 4, toNID: 2, neuroMod: 3, weight: 1 },
      { fromNID: 1, toNID: 4, neuroMod: OUT_INDEX, weight: 3 },
      { fromNID: 4, toNID: 4, neuroMod: OUT_INDEX, weight: 65535 },
    ],
  };
}

describe('structural mutation roulette', () => {
  it('picks the first mutation whose running f32 sum exceeds the draw', () => {
    const pick = (r: number) => chooseMutation(new ScriptedRandom([{ float01: r }]), rates);
    expect(pick(0)).toBe(StructuralMutation.AddNeuron);
    expect(pick(0.0099)).toBe(StructuralMutation.AddNeuron);
    expect(pick(0.015)).toBe(StructuralMutation.DelNeuron);
    expect(pick(0.5)).toBe(StructuralMutation.AddConnection);
    expect(pick(0.9)).toBe(StructuralMutation.DelConnection);
  });

  it('falls back to DelConnection when the chances sum below the draw', () => {
    const low = {
      ...rates,
      addNeuron: 0.1,
      delNeuron: 0.1,
      addConnection: 0.1,
      delConnection: 0.1,
    };
    expect(chooseMutation(new ScriptedRandom([{ float01: 0.95 }]), low)).toBe(
      StructuralMutation.DelConnection,
    );
  });
});

describe('randomNeuron and randomConnection', () => {
  it('draws the control chance, then the type only when not Control, then the firing rate', () => {
    expect(
      randomNeuron(new ScriptedRandom([{ float01: 0.1 }, { u16: [0, 2], value: 2 }]), 9, rates),
    ).toEqual({
      nID: 9,
      nType: C,
      firingRate: 49,
    });
    const rng = new ScriptedRandom([
      { float01: 0.7 },
      { u16: [0, 5], value: 3 },
      { u16: [0, 2], value: 1 },
    ]);
    expect(randomNeuron(rng, 5, rates)).toEqual({ nID: 5, nType: R, firingRate: 7 });
    const roll = new ScriptedRandom([
      { float01: 0.21 },
      { u16: [0, 5], value: 5 },
      { u16: [0, 2], value: 0 },
    ]);
    expect(randomNeuron(roll, 5, rates).nType).toBe(RO);
  });

  it('draws from, to, the modulation chance, then the modulator or the weight sign', () => {
    const neurons = smallModule().neurons;
    const mod = new ScriptedRandom([
      { u16: [0, 4], value: 4 },
      { u16: [0, 4], value: 1 },
      { float01: 0.05 },
      { u16: [0, 4], value: 3 },
    ]);
    expect(randomConnection(mod, neurons, rates)).toEqual({
      fromNID: 4,
      toNID: 1,
      neuroMod: 3,
      weight: 1,
    });
    const plain = new ScriptedRandom([
      { u16: [0, 4], value: 0 },
      { u16: [0, 4], value: 2 },
      { float01: 0.5 },
      { u16: [0, 1], value: 1 },
    ]);
    expect(randomConnection(plain, neurons, rates)).toEqual({
      fromNID: 0,
      toNID: 2,
      neuroMod: OUT_INDEX,
      weight: 65535,
    });
    const one = new ScriptedRandom([
      { u16: [0, 4], value: 0 },
      { u16: [0, 4], value: 2 },
      { float01: 0.5 },
      { u16: [0, 1], value: 0 },
    ]);
    expect(randomConnection(one, neurons, rates).weight).toBe(1);
  });
});

describe('structural operators', () => {
  it('AddNeuron appends the neuron and two connections drawn over the old list, overwriting one end', () => {
    const m = smallModule();
    const rng = new ScriptedRandom([
      { float01: 0.9 },
      { u16: [0, 5], value: 0 },
      { u16: [0, 2], value: 0 }, // Identity, rate 1
      { u16: [0, 4], value: 1 },
      { u16: [0, 4], value: 2 },
      { float01: 0.5 },
      { u16: [0, 1], value: 1 }, // c0
      { u16: [0, 4], value: 3 },
      { u16: [0, 4], value: 0 },
      { float01: 0.01 },
      { u16: [0, 4], value: 4 }, // c1
    ]);
    addNeuron(rng, m, rates);
    expect(rng.remaining).toBe(0);
    expect(m.neurons[5]).toEqual({ nID: 5, firingRate: 1, nType: ID });
    expect(m.conns.slice(5)).toEqual([
      { fromNID: 5, toNID: 2, neuroMod: OUT_INDEX, weight: 65535 },
      { fromNID: 3, toNID: 5, neuroMod: 4, weight: 1 },
    ]);
  });

  it('DelNeuron removes a hidden neuron, its connections, and renumbers later references', () => {
    const m = smallModule();
    delNeuron(new ScriptedRandom([{ u16: [2, 4], value: 3 }]), m);
    expect(m.neurons.map((n) => [n.nID, n.nType])).toEqual([
      [0, I],
      [1, I],
      [2, O],
      [3, C],
    ]);
    // conns touching 3 (incl. modulated by 3) are gone; 4 became 3
    expect(m.conns).toEqual([
      { fromNID: 1, toNID: 3, neuroMod: OUT_INDEX, weight: 3 },
      { fromNID: 3, toNID: 3, neuroMod: OUT_INDEX, weight: 65535 },
    ]);
  });

  it('DelNeuron on the last Output keeps it but deletes its connections and shifts hidden ids (as implemented)', () => {
    const m = smallModule();
    delNeuron(new ScriptedRandom([{ u16: [2, 4], value: 2 }]), m);
    expect(m.neurons).toHaveLength(5);
    expect(m.conns).toEqual([
      { fromNID: 0, toNID: 2, neuroMod: OUT_INDEX, weight: 65535 },
      { fromNID: 1, toNID: 3, neuroMod: OUT_INDEX, weight: 3 },
      { fromNID: 3, toNID: 3, neuroMod: OUT_INDEX, weight: 65535 },
    ]);
  });

  it('DelConnection erases the drawn connection; with none it draws over [0, 65535] and does nothing', () => {
    const m = smallModule();
    delConnection(new ScriptedRandom([{ u16: [0, 4], value: 1 }]), m);
    expect(m.conns.map((c) => c.toNID)).toEqual([3, 2, 4, 4]);
    const empty = interfaceModule(0, 1, 1);
    const rng = new ScriptedRandom([{ u16: [0, 65535], value: 7 }]);
    delConnection(rng, empty);
    expect(rng.remaining).toBe(0);
    expect(empty.conns).toEqual([]);
  });

  it('structuralMutation dispatches on the roulette draw', () => {
    const m = smallModule();
    const rng = new ScriptedRandom([
      { float01: 0.3 },
      { u16: [0, 4], value: 0 },
      { u16: [0, 4], value: 1 },
      { float01: 0.9 },
      { u16: [0, 1], value: 0 },
    ]);
    structuralMutation(rng, m, rates);
    expect(m.conns.at(-1)).toEqual({ fromNID: 0, toNID: 1, neuroMod: OUT_INDEX, weight: 1 });
  });
});

describe('weight mutation', () => {
  it('skips modulated connections without drawing', () => {
    const c = { fromNID: 0, toNID: 1, neuroMod: 3, weight: 1 };
    expect(mutateWeight(new ScriptedRandom([]), c, rates)).toBe(c);
  });

  it('skips when the draw exceeds the chance, else ORs in randU16(w >> 1, (w << 1) & 0xFFFF)', () => {
    const c = { fromNID: 0, toNID: 1, neuroMod: OUT_INDEX, weight: 6 };
    expect(mutateWeight(new ScriptedRandom([{ float01: 0.51 }]), c, rates)).toBe(c);
    const mutated = mutateWeight(
      new ScriptedRandom([{ float01: 0.5 }, { u16: [3, 12], value: 9 }]),
      c,
      rates,
    );
    // A new connection: the one given may be shared with other genomes (forkModule).
    expect(mutated).toEqual({ ...c, weight: 6 | 9 });
    expect(c.weight).toBe(6);
    const top = { fromNID: 0, toNID: 1, neuroMod: OUT_INDEX, weight: 0xc000 };
    const topMutated = mutateWeight(
      new ScriptedRandom([{ float01: 0.1 }, { u16: [0x6000, 0x8000], value: 0x7000 }]),
      top,
      rates,
    );
    expect(topMutated.weight).toBe(0xc000 | 0x7000);
  });
});

describe('updatePrimers', () => {
  it('makes a control neuron a primer unless a non-self incoming connection comes from a control-like neuron', () => {
    const m = smallModule();
    m.neurons.push({ nID: 5, firingRate: 1, nType: C });
    m.conns.push({ fromNID: 4, toNID: 5, neuroMod: OUT_INDEX, weight: 1 });
    updatePrimers(m);
    expect(m.neurons[4]!.nType).toBe(CP); // only a self-loop and an input feed it
    expect(m.neurons[5]!.nType).toBe(C); // fed by control-like 4
    m.conns.pop();
    updatePrimers(m);
    expect(m.neurons[5]!.nType).toBe(CP);
  });

  it('agrees with a per-neuron scan of the connections on random control-heavy genomes', () => {
    const rng = new Mt19937Random(8);
    for (let trial = 0; trial < 200; trial++) {
      const m = interfaceModule(0, 2, 2);
      for (let k = 0; k < 60; k++) {
        structuralMutation(rng, m, { ...rates, addNeuron: 0.3, controlNeuron: 0.6 });
      }
      const expected = m.neurons.map((n) => {
        if ((n.nType & CONTROL_LIKE) === 0) return n.nType;
        const fed = m.conns.some(
          (c) =>
            c.toNID === n.nID &&
            c.fromNID !== n.nID &&
            ((m.neurons[c.fromNID]?.nType ?? 0) & CONTROL_LIKE) !== 0,
        );
        return fed ? C : CP;
      });
      updatePrimers(m);
      expect(m.neurons.map((n) => n.nType)).toEqual(expected);
    }
  });
});

describe('removeOrphans', () => {
  it('deletes hidden neurons named by no non-self-loop connection, with their self-loops', () => {
    const m = smallModule();
    m.neurons.push({ nID: 5, firingRate: 1, nType: ID }, { nID: 6, firingRate: 1, nType: ID });
    m.conns.push(
      { fromNID: 5, toNID: 5, neuroMod: OUT_INDEX, weight: 1 },
      { fromNID: 6, toNID: 2, neuroMod: OUT_INDEX, weight: 1 },
    );
    expect(removeOrphans(m)).toBe(1);
    expect(m.neurons.map((n) => n.nID)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(m.conns.at(-1)).toEqual({ fromNID: 5, toNID: 2, neuroMod: OUT_INDEX, weight: 1 });
    expect(m.conns.some((c) => c.fromNID === c.toNID && c.toNID === 5)).toBe(false);
  });

  it('keeps a genome whose neurons are all connected', () => {
    const m = smallModule();
    expect(removeOrphans(m)).toBe(0);
    expect(m).toEqual(smallModule());
  });
});
