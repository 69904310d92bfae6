import { describe, expect, it } from 'vitest';
import { NeuronType, type Neuron } from '../format/genome.js';
import { NoveltyMap } from './novelty-map.js';
import { spectrumFromBigInt, spectrumOf, spectrumToBigInt } from './spectrum.js';

const s = (v: number) => ({ lo: v >>> 0, hi: 0 });

describe('spectrum', () => {
  it('packs type counts into their 10-bit fields and firing rates != 1 into bits 50-59', () => {
    const n = (nType: number, firingRate = 1): Neuron => ({ nID: 0, nType, firingRate });
    const neurons = [
      n(NeuronType.Input),
      n(NeuronType.Output),
      n(NeuronType.Identity),
      n(NeuronType.Identity, 7),
      n(NeuronType.Threshold),
      n(NeuronType.Random, 49),
      n(NeuronType.Control),
      n(NeuronType.Control),
      n(NeuronType.Control),
      n(NeuronType.Control),
      n(NeuronType.Control),
      n(NeuronType.Activation),
      n(NeuronType.ControlPrimer),
      n(NeuronType.Roll),
    ];
    const expected =
      2n | (1n << 10n) | (1n << 20n) | (5n << 30n) | (1n << 40n) | (2n << 50n) | (2n << 60n);
    expect(spectrumToBigInt(spectrumOf(neurons))).toBe(expected);
  });

  it('saturates 10-bit fields at 1023 and the primer field at 15', () => {
    const many = Array.from({ length: 1500 }, () => ({
      nID: 0,
      nType: NeuronType.Control,
      firingRate: 1,
    }));
    const primers = Array.from({ length: 20 }, () => ({
      nID: 0,
      nType: NeuronType.ControlPrimer,
      firingRate: 1,
    }));
    expect(spectrumToBigInt(spectrumOf([...many, ...primers]))).toBe((1023n << 30n) | (15n << 60n));
  });

  it('round-trips through bigint', () => {
    const v = 0xf123_4567_89ab_cdefn;
    expect(spectrumToBigInt(spectrumFromBigInt(v))).toBe(v);
  });
});

describe('novelty map', () => {
  it('minDistance keeps the first minimum, stops at an exact match, and honours skip', () => {
    const map = new NoveltyMap([s(0b0000), s(0b0111), s(0b0011), s(0b0001)]);
    expect(map.minDistance(0b1000, 0)).toEqual({ ciDist: 1, ciIndex: 0 });
    expect(map.minDistance(0b0011, 0)).toEqual({ ciDist: 0, ciIndex: 2 });
    expect(map.minDistance(0b0000, 0, 0)).toEqual({ ciDist: 1, ciIndex: 3 });
    expect(new NoveltyMap([]).minDistance(1, 0)).toEqual({ ciDist: 65535, ciIndex: 0 });
  });

  it('vectorMinDistance finds the closest pair, first slot on ties; {65535, 0} for one slot', () => {
    expect(new NoveltyMap([s(0), s(0xff), s(0xf0f0), s(0xf0f1)]).lastIdx).toEqual({
      ciDist: 1,
      ciIndex: 2,
    });
    expect(new NoveltyMap([s(5)]).lastIdx).toEqual({ ciDist: 65535, ciIndex: 0 });
  });

  it('idxPosition returns the closest slot when the spectrum is not more novel than the closest pair', () => {
    const map = new NoveltyMap([s(0), s(0xff), s(0xf0f0), s(0xf0f1)]);
    expect(map.idxPosition(s(0xfe))).toBe(1);
    expect(map.lastIdx).toEqual({ ciDist: 1, ciIndex: 2 });
  });

  it('idxPosition replaces the worst slot and returns the NEW lastIdx slot, not the one written (as implemented)', () => {
    // Closest pair: slots 2 and 3 (distance 1), lastIdx.ciIndex = 2.
    const map = new NoveltyMap([s(0x0), s(0x0f), s(0xf00), s(0xf01)]);
    expect(map.lastIdx).toEqual({ ciDist: 1, ciIndex: 2 });
    // A far spectrum replaces slot 2; the closest pair is then (0, 1) at distance 4, slot 0.
    const k = map.idxPosition(s(0xff0000));
    expect(map.lo[2]).toBe(0xff0000);
    expect(map.lastIdx).toEqual({ ciDist: 4, ciIndex: 0 });
    expect(k).toBe(0);
  });

  it('converts to and from the .dat form', () => {
    const map = new NoveltyMap([s(1), { lo: 2, hi: 0x80000000 }]);
    const data = map.toData();
    expect(data).toEqual({
      popSize: 2,
      lastIdx: map.lastIdx,
      spectra: [1n, (0x80000000n << 32n) | 2n],
    });
    const back = NoveltyMap.fromData(data);
    expect(back.spectra()).toEqual(map.spectra());
  });
});
