import * as z from 'zod';
import { mutationChances } from '../../task/spec.js';

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

/** The evolution fields every single-network kind's `training` section has. */
export interface EvolutionParameters {
  population: number;
  noveltyMapSize: number;
  initialMutations: number;
  stepMutations: number;
  mutation: z.infer<typeof mutationChances>;
  generations: number;
}
