/**
 * BiSUNA engine (spec `shared/docs/bisuna-spec.md`): genome and state types, the `.dat` codec,
 * the reference network step, an mt19937 with both C++ library mappings, compiled and
 * bit-parallel kernels, the reference's file encryption and NCC.
 *
 * @example
 * import { readPopulation, createCell, referenceStep, Mt19937Random } from '@tem/core/bisuna';
 * const pop = readPopulation(bytes);
 * const out = referenceStep(pop.cells[0]!, [1, 2, 3], new Mt19937Random(5489, 'libc++'));
 */
export * from './format/genome.js';
export * from './format/errors.js';
export * from './encryption/errors.js';
export * from './kernels/activation.js';
export * from './kernels/state.js';
export * from './format/validate.js';
export * from './random/mt19937.js';
export * from './kernels/reference-step.js';
export * from './format/dat-codec.js';
export * from './kernels/compiled-genome.js';
export * from './kernels/network-kernel.js';
export * from './kernels/stepper.js';
export * from './encryption/words.js';
export * from './encryption/bmp.js';
export * from './encryption/encryption.js';
export * from './encryption/agent-encryption.js';
export * from './encryption/ncc.js';
export * from './kernels/lane-kernel.js';
export * from './encryption/lane-encryption.js';
