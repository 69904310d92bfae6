import { OUT_INDEX, type Module, type NetworkState } from './genome.js';
import { GenomeError } from './errors.js';

/**
 * Checks that a genome (and optionally its state) can be run: interface neurons exist, every
 * connection names existing neurons, the state arrays match. Throws a {@link GenomeError}.
 */
export function validateModule(module: Module, state?: NetworkState): void {
  const count = module.neurons.length;
  const { nInputs, nOutputs } = module.params;
  if (nInputs + nOutputs > count) {
    throw new GenomeError(
      `genome ${module.params.networkID}: ${nInputs} inputs + ${nOutputs} outputs but only ${count} neurons`,
    );
  }
  module.conns.forEach((c, i) => {
    if (c.fromNID >= count || c.toNID >= count) {
      throw new GenomeError(
        `genome ${module.params.networkID}: connection ${i} ${c.fromNID}->${c.toNID} names a neuron >= ${count}`,
      );
    }
    if (c.neuroMod !== OUT_INDEX && c.neuroMod >= count) {
      throw new GenomeError(
        `genome ${module.params.networkID}: connection ${i} modulator ${c.neuroMod} >= ${count}`,
      );
    }
  });
  if (state) {
    if (state.neurons.length !== count || state.conns.length !== module.conns.length) {
      throw new GenomeError(
        `genome ${module.params.networkID}: state has ${state.neurons.length} neurons / ${state.conns.length} connections, genome ${count} / ${module.conns.length}`,
      );
    }
  }
}
