import { describe, expect, it } from 'vitest';
import { compileGenome } from '../kernels/compiled-genome.js';
import type { Module } from '../format/genome.js';
import { cloneModule, interfaceModule, structuralMutation } from './mutation.js';
import { DEFAULT_TRAINING_CONFIG } from './config.js';
import { randPos, streamFor } from './random.js';
import { GenomeMirror, ResidentGenomes } from './resident-genomes.js';

/** A genome as compared by the mirror: everything but networkID. */
const content = (m: Module) => ({ ...m, params: { ...m.params, networkID: 0 } });

describe('GenomeMirror and ResidentGenomes', () => {
  it('keep every cell current through moves, copies, in-place edits and resizes', () => {
    const rng = streamFor(11, 1);
    const rates = DEFAULT_TRAINING_CONFIG.mutation;
    let pop: Module[] = Array.from({ length: 12 }, (_, i) => {
      const m = interfaceModule(i, 2, 1);
      for (let k = 0; k < 6; k++) structuralMutation(rng, m, rates);
      return m;
    });
    const mirror = new GenomeMirror('alice');
    const resident = new ResidentGenomes();
    let sentWords = 0;
    for (let gen = 0; gen < 40; gen++) {
      const u = mirror.update(pop);
      if (u) {
        resident.apply(u);
        sentWords += u.words.length;
      }
      expect(resident.size('alice')).toBe(pop.length);
      pop.forEach((m, i) => expect(content(resident.genome('alice', i))).toEqual(content(m)));
      // Kernels compile from one scratch module, reused across genomes of every size.
      pop.forEach((m, i) => expect(resident.kernel('alice', i).genome).toEqual(compileGenome(m)));
      const next = pop.slice();
      const a = randPos(rng, pop.length - 1);
      const b = randPos(rng, pop.length - 1);
      [next[a], next[b]] = [next[b]!, next[a]!];
      next[randPos(rng, pop.length - 1)] = cloneModule(pop[randPos(rng, pop.length - 1)]!);
      structuralMutation(rng, next[randPos(rng, pop.length - 1)]!, rates);
      if (gen % 7 === 3) next.push(cloneModule(pop[0]!));
      if (gen % 11 === 5) next.pop();
      pop = next;
    }
    expect(mirror.update(pop)).not.toBeNull();
    expect(mirror.update(pop)).toBeNull();
    // Only changed genomes travel: far fewer words than resending every population.
    expect(sentWords).toBeLessThan(40 * 12 * 20);
  });
});
