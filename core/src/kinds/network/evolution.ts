import * as z from 'zod';
import type { AgentTrainingConfig } from '../../bisuna/training/agent-trainer.js';
import { REFERENCE_MUTATION_CHANCES } from '../../task/defaults.js';
import {
  TASK_SPEC_SCHEMA,
  TASK_SPEC_VERSION,
  maxBundleBytes,
  mutationChances,
} from '../../task/spec.js';
import type { KindField, KindSpecOptions } from '../kind.js';

/**
 * The evolution a solver's runner trains a single-network kind with (spec §8, §10): a task's
 * suggestion, which scoring never reads.
 */
export function evolutionParameters<S extends z.ZodRawShape>(extra: S) {
  return z
    .strictObject({
      population: z.int().min(4).max(10_000),
      noveltyMapSize: z.int().min(1),
      initialMutations: z.int().min(0).max(10_000),
      stepMutations: z.int().min(0).max(1_000),
      mutation: mutationChances,
      generations: z.int().min(1).max(10_000_000),
      ...extra,
    })
    .refine(
      (t) => (t as EvolutionParameters).noveltyMapSize < (t as EvolutionParameters).population,
      {
        path: ['noveltyMapSize'],
        message: 'must be smaller than population',
      },
    );
}

/** The `scoring` section of the single-network kinds: their test is fixed by the kind. */
export const networkScoring = z.strictObject({ maxBundleBytes });

/** The evolution fields every single-network kind's `training` section has. */
export interface EvolutionParameters {
  population: number;
  noveltyMapSize: number;
  initialMutations: number;
  stepMutations: number;
  mutation: z.infer<typeof mutationChances>;
  generations: number;
}

/** The evolution a single-network kind's default spec suggests. */
export function defaultEvolution(
  stepMutations: number,
  weightMutation: number,
): EvolutionParameters {
  return {
    population: 100,
    noveltyMapSize: 20,
    initialMutations: 200,
    stepMutations,
    mutation: { ...REFERENCE_MUTATION_CHANCES, weightMutation },
    generations: 100_000,
  };
}

/** The envelope of a default spec (everything but the kind's own sections), and its scoring. */
export function defaultEnvelope(
  kind: string,
  options: KindSpecOptions,
  title: string,
  description: string,
) {
  return {
    schema: TASK_SPEC_SCHEMA,
    version: TASK_SPEC_VERSION,
    kind,
    title: options.title ?? title,
    description: options.description ?? description,
    scoring: { maxBundleBytes: 16 * 1024 * 1024 },
    verifier: { url: options.verifierUrl, address: options.verifierAddress },
  };
}

/** The generic part of a run's config: the spec's evolution, a network of `inputs` and one output. */
export function evolutionConfig(t: EvolutionParameters, inputs: number): AgentTrainingConfig {
  return {
    inputs,
    outputs: 1,
    population: t.population,
    noveltyMapSize: t.noveltyMapSize,
    initialMutations: t.initialMutations,
    stepMutations: t.stepMutations,
    mutation: { ...t.mutation },
    generations: t.generations,
    stopWhenSolved: true,
  };
}

/** The wizard's fields of the evolution every single-network kind suggests. */
export const EVOLUTION_FIELDS: readonly KindField[] = [
  {
    path: 'training.population',
    label: 'Population',
    help: 'networks per generation (a suggestion to solvers)',
    type: 'integer',
    min: 4,
    max: 10_000,
  },
  {
    path: 'training.generations',
    label: 'Generations',
    help: 'generations a runner trains at most',
    type: 'integer',
    min: 1,
    max: 10_000_000,
  },
];
