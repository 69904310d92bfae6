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
export * from './genome.js';
export * from './errors.js';
export * from './activation.js';
export * from './state.js';
export * from './validate.js';
export * from './mt19937.js';
export * from './reference-step.js';
export * from './dat-codec.js';
export * from './compiled-genome.js';
export * from './network-kernel.js';
export * from './stepper.js';
export * from './words.js';
export * from './bmp.js';
export * from './encryption.js';
export * from './agent-encryption.js';
export * from './ncc.js';
export * from './lane-kernel.js';
export * from './lane-encryption.js';
