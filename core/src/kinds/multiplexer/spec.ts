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
  /** Offspring parents by lexicase selection over the cases (absent or false: a random niche's best). */
  lexicase: z.boolean().optional(),
  /** Cases each generation plays, drawn afresh per generation (absent or 0: all of them). */
  caseSample: z.int().min(0).max(1_048_576).optional(),
});

/** The spec of a `bisuna-multiplexer` task (docs/kinds/multiplexer.md). */
export const multiplexerSpec = kindSpecSchema(MULTIPLEXER_KIND, {
  environment: multiplexerEnvironment,
  training: multiplexerTraining,
  scoring: networkScoring,
});

export type MultiplexerSpec = z.infer<typeof multiplexerSpec>;
export type MultiplexerEnvironment = z.infer<typeof multiplexerEnvironment>;

/** The default multiplexer task: the 11-multiplexer, two steps per case. */
export function defaultMultiplexerSpec(
  options: KindSpecOptions & { addressBits?: number },
): MultiplexerSpec {
  const k = options.addressBits ?? 3;
  const inputs = k + 2 ** k;
  return parseWith(
    multiplexerSpec,
    {
      ...defaultEnvelope(
        MULTIPLEXER_KIND,
        options,
        `Boolean ${inputs}-multiplexer`,
        `Evolve a BiSUNA network that outputs the data bit its ${k} address bits select, right on all ${2 ** inputs} cases.`,
      ),
      environment: { addressBits: k, stepsPerCase: 2 },
      training: {
        ...defaultEvolution(1, 0.05),
        fitnessSharing: true,
        lexicase: true,
        // From the 11-multiplexer on, a quarter of the cases per generation (docs/kinds/multiplexer.md §6).
        ...(k >= 3 && { caseSample: 2 ** inputs / 4 }),
      },
    },
    'task spec',
  );
}
