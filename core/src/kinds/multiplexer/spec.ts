import * as z from 'zod';
import { REFERENCE_MUTATION_CHANCES } from '../../task/defaults.js';
import {
  TASK_SPEC_SCHEMA,
  TASK_SPEC_VERSION,
  kindSpecSchema,
  maxBundleBytes,
} from '../../task/spec.js';
import { parseWith } from '../../task/validate.js';
import type { KindSpecOptions } from '../kind.js';
import { evolutionParameters } from '../network/evolution.js';

export const MULTIPLEXER_KIND = 'bisuna-multiplexer';

/** The task: which multiplexer, and how each case is presented. */
export const multiplexerEnvironment = z.strictObject({
  /** k: 2 is the 6-multiplexer (64 cases), 3 the 11-multiplexer (2,048), 4 the 20- (1,048,576). */
  addressBits: z.int().min(1).max(4),
  /**
   * Network steps per case, from a reset network, the inputs held (the answer is read after the
   * last): a signal needs a step per hop through neurons that do not fire.
   */
  stepsPerCase: z.int().min(1).max(16),
});

export const multiplexerTraining = evolutionParameters({
  /** The environment's fitness sharing: each case weighs 1 / (agents that get it right). */
  fitnessSharing: z.boolean(),
});

export const multiplexerScoring = z.strictObject({ maxBundleBytes });

/** The spec of a `bisuna-multiplexer` task (docs/scoring-multiplexer.md). */
export const multiplexerSpec = kindSpecSchema(MULTIPLEXER_KIND, {
  environment: multiplexerEnvironment,
  training: multiplexerTraining,
  scoring: multiplexerScoring,
});

export type MultiplexerSpec = z.infer<typeof multiplexerSpec>;
export type MultiplexerEnvironment = z.infer<typeof multiplexerEnvironment>;

/** Validates a multiplexer spec; throws TaskDocumentError naming every bad field. */
export function parseMultiplexerSpec(value: unknown): MultiplexerSpec {
  return parseWith(multiplexerSpec, value, 'task spec');
}

/** The default multiplexer task: the 11-multiplexer, two steps per case. */
export function defaultMultiplexerSpec(
  options: KindSpecOptions & { addressBits?: number },
): MultiplexerSpec {
  const k = options.addressBits ?? 3;
  const inputs = k + 2 ** k;
  return parseMultiplexerSpec({
    schema: TASK_SPEC_SCHEMA,
    version: TASK_SPEC_VERSION,
    kind: MULTIPLEXER_KIND,
    title: options.title ?? `Boolean ${inputs}-multiplexer`,
    description:
      options.description ??
      `Evolve a BiSUNA network that outputs the data bit its ${k} address bits select, right on all ${2 ** inputs} cases.`,
    environment: { addressBits: k, stepsPerCase: 2 },
    training: {
      population: 100,
      noveltyMapSize: 20,
      initialMutations: 200,
      stepMutations: 1,
      mutation: { ...REFERENCE_MUTATION_CHANCES, weightMutation: 0.05 },
      generations: 100_000,
      fitnessSharing: true,
    },
    scoring: { maxBundleBytes: 16 * 1024 * 1024 },
    verifier: { url: options.verifierUrl, address: options.verifierAddress },
  });
}
