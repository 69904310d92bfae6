import { OUT_INDEX, type Module } from '../format/genome.js';
import { deleteNeuron } from './mutation.js';

let scratch = new Uint8Array(256);

/** `count` zeroed flags in a buffer reused across calls (no allocation per cell and generation). */
function namedScratch(count: number): Uint8Array {
  if (scratch.length < count) scratch = new Uint8Array(Math.max(count, scratch.length * 2));
  scratch.fill(0, 0, count);
  return scratch;
}

/**
 * `removeOrphans` (spec §8 step 5): deletes every hidden neuron that no non-self-loop connection
 * names (as source, target or modulator), with all its connections, renumbering the rest.
 * Returns the number of neurons removed.
 */
export function removeOrphans(module: Module): number {
  const count = module.neurons.length;
  const named = namedScratch(count);
  let distinct = 0;
  for (const c of module.conns) {
    if (c.fromNID === c.toNID) continue;
    // Inline marks (no closure: this runs for every cell of every generation).
    if (c.fromNID < count && named[c.fromNID] === 0) {
      named[c.fromNID] = 1;
      distinct++;
    }
    if (c.toNID < count && named[c.toNID] === 0) {
      named[c.toNID] = 1;
      distinct++;
    }
    const m = c.neuroMod;
    if (m !== OUT_INDEX && m < count && named[m] === 0) {
      named[m] = 1;
      distinct++;
    }
  }
  if (distinct === count) return 0;
  const first = module.params.nInputs + module.params.nOutputs;
  let removed = 0;
  for (let original = first; original < count; original++) {
    if (named[original] === 1) continue;
    deleteNeuron(module, original - removed);
    removed++;
  }
  return removed;
}
