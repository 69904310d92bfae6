import { OUT_INDEX, type Module } from '../genome.js';
import { deleteNeuron } from './mutation.js';

/**
 * `removeOrphans` (spec §8 step 5): deletes every hidden neuron that no non-self-loop connection
 * names (as source, target or modulator), with all its connections, renumbering the rest.
 * Returns the number of neurons removed.
 */
export function removeOrphans(module: Module): number {
  const count = module.neurons.length;
  const named = new Uint8Array(count);
  let distinct = 0;
  const mark = (id: number) => {
    if (id < count && named[id] === 0) {
      named[id] = 1;
      distinct++;
    }
  };
  for (const c of module.conns) {
    if (c.fromNID === c.toNID) continue;
    mark(c.fromNID);
    mark(c.toNID);
    if (c.neuroMod !== OUT_INDEX) mark(c.neuroMod);
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
