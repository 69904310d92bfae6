import { readFileSync } from 'node:fs';
import { firstDifference } from '../test-support/compare.js';
import { describe, expect, it } from 'vitest';
import { populationByteLength, readPopulation, writePopulation } from './dat-codec.js';
import { DatFormatError } from './errors.js';
import { NeuronType, type Population } from './genome.js';
import { Mt19937 } from '../random/mt19937.js';

const DATA = new URL('../../../../../shared/data/bisuna/', import.meta.url);
const readData = (file: string) => new Uint8Array(readFileSync(new URL(file, DATA)));

/** Byte offsets of every neuron-state padding pair, walking the layout of spec §13. */
function paddingOffsets(pop: Population): number[] {
  const offsets: number[] = [];
  let at = 20 + 8 + pop.noveltyMap.spectra.length * 8 + 2;
  for (const c of pop.cells) {
    at += 8 + c.module.neurons.length * 6 + 2 + c.module.conns.length * 8 + 2;
    for (let i = 0; i < c.state.neurons.length; i++) offsets.push(at + i * 12 + 6, at + i * 12 + 7);
    at += c.state.neurons.length * 12;
    at += 2 + c.state.conns.length * 6 + 2 + c.state.ioVal.size * 4 + 8;
  }
  return offsets;
}

function masked(bytes: Uint8Array, offsets: number[]): Uint8Array {
  const copy = bytes.slice();
  for (const o of offsets) copy[o] = 0;
  return copy;
}

describe('.dat codec on the U1 populations', () => {
  for (const [file, neurons, conns, randoms, randomCells] of [
    ['U1/alicesCPAbisuna.dat', 3828, 6576, 842, 100],
    ['U1/bobsCPAbisuna.dat', 2398, 4187, 84, 81],
  ] as const) {
    it(`${file}: parses to the documented counts and re-writes byte for byte (padding as 0)`, () => {
      const bytes = readData(file);
      const pop = readPopulation(bytes);
      expect(pop.config).toEqual({
        obs: 3,
        actions: 3,
        population: 100,
        stepMuts: 5,
        generation: 150000,
        steps: 0,
        mapSize: 20,
      });
      expect(pop.noveltyMap.spectra).toHaveLength(20);
      expect(pop.cells).toHaveLength(100);
      const all = pop.cells.flatMap((c) => c.module.neurons);
      expect(all).toHaveLength(neurons);
      expect(pop.cells.reduce((s, c) => s + c.module.conns.length, 0)).toBe(conns);
      expect(all.filter((n) => n.nType === NeuronType.Random)).toHaveLength(randoms);
      const withRandom = pop.cells.filter((c) =>
        c.module.neurons.some((n) => n.nType === NeuronType.Random),
      );
      expect(withRandom).toHaveLength(randomCells);
      expect(pop.cells.every((c) => c.state.neurons.every((n) => !n.isFired && n.state === 0)));

      const written = writePopulation(pop);
      expect(written.length).toBe(bytes.length);
      expect(populationByteLength(pop)).toBe(bytes.length);
      const pads = paddingOffsets(pop);
      expect(pads.every((o) => written[o] === 0)).toBe(true);
      expect(firstDifference(written, masked(bytes, pads))).toBe(-1);
    });
  }

  it('names the ciDist/ciIndex of the novelty maps', () => {
    expect(readPopulation(readData('U1/alicesCPAbisuna.dat')).noveltyMap.lastIdx).toEqual({
      ciDist: 12,
      ciIndex: 1,
    });
    expect(readPopulation(readData('U1/bobsCPAbisuna.dat')).noveltyMap.lastIdx).toEqual({
      ciDist: 11,
      ciIndex: 15,
    });
  });
});

/** A small valid population: the first `cells` cells of U1 Alice. */
function smallPopulation(cells: number): Uint8Array {
  const pop = readPopulation(readData('U1/alicesCPAbisuna.dat'));
  return writePopulation({ ...pop, cells: pop.cells.slice(0, cells) });
}

function expectDatError(bytes: Uint8Array, field: RegExp, offset?: number) {
  try {
    readPopulation(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DatFormatError);
    const err = e as DatFormatError;
    expect(err.field).toMatch(field);
    if (offset !== undefined) expect(err.offset).toBe(offset);
    expect(err.message).toContain(`offset ${err.offset}`);
    return;
  }
  throw new Error('expected a DatFormatError');
}

describe('.dat codec errors', () => {
  it('names the field and offset of a truncation', () => {
    const bytes = smallPopulation(2);
    expectDatError(bytes.subarray(0, 0), /config\.obs/, 0);
    expectDatError(bytes.subarray(0, 11), /config\.generation/, 8);
    expectDatError(bytes.subarray(0, bytes.length - 1), /cellStep/);
    expectDatError(bytes.subarray(0, 400), /cell\[0\]/);
    expectDatError(bytes.subarray(0, 200), /^cellCount$/, 188);
  });

  it('rejects trailing bytes, counts larger than the file and ids naming no neuron', () => {
    const bytes = smallPopulation(1);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expectDatError(longer, /^end$/, bytes.length);

    const hugeCells = bytes.slice();
    const cellCountAt = 20 + 8 + 20 * 8;
    new DataView(hugeCells.buffer).setUint16(cellCountAt, 65535, true);
    expectDatError(hugeCells, /^cellCount$/, cellCountAt);

    const pop = readPopulation(bytes);
    const neuronCountAt = cellCountAt + 2 + 6;
    const connCountAt = neuronCountAt + 2 + pop.cells[0]!.module.neurons.length * 6;
    const badConn = bytes.slice();
    new DataView(badConn.buffer).setUint16(connCountAt + 2 + 2, 999, true);
    expectDatError(badConn, /conns\[0\]\.toNID/, connCountAt + 4);
  });

  it('survives thousands of mutated and truncated files: DatFormatError or a valid population', () => {
    const base = smallPopulation(3);
    const mt = new Mt19937(20260101);
    let parsed = 0;
    let rejected = 0;
    for (let round = 0; round < 4000; round++) {
      let bytes = base.slice();
      const kind = mt.next() % 4;
      if (kind === 0) {
        bytes = bytes.subarray(0, mt.next() % bytes.length);
      } else {
        const flips = 1 + (mt.next() % 8);
        for (let f = 0; f < flips; f++) {
          const at = mt.next() % bytes.length;
          // Bias towards count fields: set whole bytes to extreme values.
          bytes[at] = kind === 1 ? mt.next() & 0xff : kind === 2 ? 0xff : 0;
        }
      }
      try {
        const pop = readPopulation(bytes);
        parsed++;
        // Whatever parses re-writes to the same length and parses to the same population.
        const again = writePopulation(pop);
        expect(again.length).toBe(bytes.length);
        expect(firstDifference(writePopulation(readPopulation(again)), again)).toBe(-1);
        expect(readPopulation(again).cells.length).toBe(pop.cells.length);
      } catch (e) {
        if (!(e instanceof DatFormatError)) throw e;
        rejected++;
      }
    }
    expect(parsed + rejected).toBe(4000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
