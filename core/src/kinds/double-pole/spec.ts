import * as z from 'zod';
import { kindSpecSchema } from '../../task/spec.js';
import { parseWith } from '../../task/validate.js';
import type { KindSpecOptions } from '../kind.js';
import {
  defaultEnvelope,
  defaultEvolution,
  evolutionParameters,
  networkScoring,
} from '../network/evolution.js';
import { GENERALISATION_STARTS } from './physics.js';

export const DOUBLE_POLE_KIND = 'bisuna-double-pole';

/** What the network observes (see `PoleObservation`). */
export const doublePoleEnvironment = z.strictObject({
  /** With the velocities (6 inputs, the Markov task) or without (3 inputs, the hard classic). */
  velocities: z.boolean(),
  /** `raw` state values (the reference's default) or `normalized` as the literature scales them. */
  observations: z.enum(['raw', 'normalized']),
});

export const doublePoleTraining = evolutionParameters({
  /** Control steps of each training episode (the literature's 1,000). */
  episodeSteps: z.int().min(10).max(100_000),
  /** Random starts (from the generalisation test's ranges) each generation plays besides the standard one. */
  randomStarts: z.int().min(0).max(64),
  /** The run counts as solved at 100,000 steps and this many of the 625 starts (the literature's 200). */
  generalisationTarget: z.int().min(0).max(GENERALISATION_STARTS),
});

/** The spec of a `bisuna-double-pole` task (docs/kinds/double-pole.md). */
export const doublePoleSpec = kindSpecSchema(DOUBLE_POLE_KIND, {
  environment: doublePoleEnvironment,
  training: doublePoleTraining,
  scoring: networkScoring,
});

export type DoublePoleSpec = z.infer<typeof doublePoleSpec>;
export type DoublePoleEnvironment = z.infer<typeof doublePoleEnvironment>;

/** The default double pole task: without velocities, raw observations. */
export function defaultDoublePoleSpec(
  options: KindSpecOptions & { velocities?: boolean },
): DoublePoleSpec {
  const velocities = options.velocities ?? false;
  return parseWith(
    doublePoleSpec,
    {
      ...defaultEnvelope(
        DOUBLE_POLE_KIND,
        options,
        `Double pole balancing ${velocities ? 'with' : 'without'} velocities`,
        `Evolve a BiSUNA network that balances two poles on a cart for 100,000 steps from the standard start, seeing ${velocities ? 'positions, angles and their velocities' : 'only the cart position and the pole angles'}, and from as many of the 625 standard starts as it can.`,
      ),
      environment: { velocities, observations: 'raw' },
      training: {
        ...defaultEvolution(2, 0.1),
        episodeSteps: 1_000,
        randomStarts: 3,
        generalisationTarget: 200,
      },
    },
    'task spec',
  );
}
