/**
 * Task documents: the task spec published on IPFS and the result bundle's manifest, with schemas
 * that reject bad input naming the field.
 *
 * @example
 * import { parseTaskSpecJson } from '@tem/core/task';
 * const spec = parseTaskSpecJson(await response.text()); // throws TaskDocumentError on bad input
 */
export * from './spec.js';
export * from './manifest.js';
export * from './defaults.js';
export { TaskDocumentError, type FieldProblem } from './errors.js';
