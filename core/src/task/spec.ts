import * as z from 'zod';
import { cidText, evmAddress, httpUrl, probability } from './primitives.js';
import { parseJsonText, parseWith } from './validate.js';

export const TASK_SPEC_SCHEMA = 'tem/task-spec';
export const TASK_SPEC_VERSION = 1;

/**
 * How keys are used. `otp`: a fresh key word for every plaintext word, XOR-ed into Alice's and
 * Bob's inputs by the environment (the reference; identity networks already "encrypt"; networks
 * have payloadWords inputs). `short-key`: one key of `keyWords` words for a whole stream; Alice
 * and Bob are keystream generators on the key and a step counter (keyWords + 1 inputs,
 * payloadWords outputs XOR-ed into the data), so only a pair that turns the key into a
 * random-looking keystream hides the plaintext (docs/scoring.md §2).
 */
export const keyRegime = z.enum(['short-key', 'otp']);
export type KeyRegime = z.infer<typeof keyRegime>;

/** Mutation chances of the reference (spec §6, §10). */
export const mutationChances = z.strictObject({
  addNeuron: probability,
  delNeuron: probability,
  addConnection: probability,
  delConnection: probability,
  neuromodulation: probability,
  controlNeuron: probability,
  weightMutation: probability,
});

/** Training parameters: what a solver's runner trains with (spec §10, §11.2). */
export const trainingParameters = z
  .strictObject({
    payloadWords: z.int().min(1).max(16),
    keyWords: z.int().min(1).max(16),
    keyRegime,
    steps: z.int().min(2).max(100_000),
    population: z.int().min(4).max(10_000),
    noveltyMapSize: z.int().min(1),
    initialMutations: z.int().min(0).max(10_000),
    stepMutations: z.int().min(0).max(1_000),
    mutation: mutationChances,
    eveAdvantage: z.int().min(1).max(100_000),
    generations: z.int().min(1).max(10_000_000),
  })
  .refine((t) => t.noveltyMapSize < t.population, {
    path: ['noveltyMapSize'],
    message: 'must be smaller than population',
  })
  .refine((t) => t.keyRegime !== 'otp' || t.keyWords === t.payloadWords, {
    path: ['keyWords'],
    message: 'must equal payloadWords under the otp key regime',
  });

/** A file every submission is scored on, fetched by CID. */
export const testFile = z.strictObject({
  name: z.string().min(1).max(200),
  cid: cidText,
  format: z.enum(['binary', 'bmp']),
});

/**
 * Weights of the score terms (see the scoring module for the formula). `structure` (formula
 * version 3) is optional: specs written before it weigh it 1.
 */
export const scoreWeights = z.strictObject({
  nist: z.number().min(0).max(1000),
  correlation: z.number().min(0).max(1000),
  keySensitivity: z.number().min(0).max(1000),
  eve: z.number().min(0).max(1000),
  structure: z.number().min(0).max(1000).optional(),
});

/** The bundle size limit every kind's `scoring` section has. */
export const maxBundleBytes = z
  .int()
  .min(1)
  .max(1 << 30);

/** Scoring parameters: what the verifier re-scores every submission with. */
export const scoringParameters = z.strictObject({
  testFiles: z.array(testFile).max(16),
  streams: z.strictObject({
    count: z.int().min(1).max(10_000),
    words: z.int().min(1).max(1_000_000),
  }),
  eve: z.strictObject({
    generations: z.int().min(0).max(100_000),
    population: z.int().min(4).max(10_000),
    trials: z.int().min(1).max(1_000_000),
  }),
  weights: scoreWeights,
  maxBundleBytes,
});

/**
/**
 * A verifier of the task: its address and the URL of its verify endpoint (`POST {taskId,
 * submissionId}`; its seed endpoint sits beside it, `seed` instead of `verify`).
 */
export const verifierEndpoint = z.strictObject({ url: httpUrl, address: evmAddress });

/**
 * The spec of a task of kind `kind`: the envelope every kind shares (schema, version, kind,
 * title, description, verifier, verifiers) around the kind's own sections (`training`, `scoring`,
 * and what else the kind defines). Every kind's `scoring` has `maxBundleBytes`.
 */
export function kindSpecSchema<
  K extends string,
  S extends { scoring: z.ZodObject<{ maxBundleBytes: z.ZodNumber }> } & z.ZodRawShape,
>(kind: K, sections: S) {
  return z
    .strictObject({
      schema: z.literal(TASK_SPEC_SCHEMA),
      version: z.literal(TASK_SPEC_VERSION),
      kind: z.literal(kind),
      title: z.string().trim().min(1).max(120),
      description: z.string().max(10_000),
      ...sections,
      /** The first verifier (the only one when `verifiers` is absent). */
      verifier: verifierEndpoint,
      /**
       * Every verifier of the task (the on-chain set, n of them, 1 to 7) with its endpoint; absent
       * for a task whose only verifier is `verifier`. Addresses distinct, `verifier` among them.
       */
      verifiers: z.array(verifierEndpoint).min(1).max(7).optional(),
    })
    .superRefine((value, ctx) => {
      const spec = value as { verifier: VerifierEndpoint; verifiers?: VerifierEndpoint[] };
      const verifiers = spec.verifiers;
      if (verifiers === undefined) return;
      const addresses = verifiers.map((v) => v.address.toLowerCase());
      addresses.forEach((address, i) => {
        if (addresses.indexOf(address) !== i) {
          ctx.addIssue({
            code: 'custom',
            path: ['verifiers', i, 'address'],
            message: `verifier ${verifiers[i]!.address} is named twice`,
          });
        }
      });
      if (!addresses.includes(spec.verifier.address.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['verifier', 'address'],
          message: 'the verifier is not among verifiers',
        });
      }
    });
}

/** The spec of a neural-encryption task (`bisuna-cipher`, DESIGN.md "Task spec and result bundle"). */
export const taskSpec = kindSpecSchema('bisuna-cipher', {
  training: trainingParameters,
  scoring: scoringParameters,
});

/** The verifiers a spec names with their endpoints: `verifiers`, else `[verifier]`. */
export function specVerifiers(spec: Pick<TaskSpec, 'verifier' | 'verifiers'>): VerifierEndpoint[] {
  return spec.verifiers ?? [spec.verifier];
}

export type TaskSpec = z.infer<typeof taskSpec>;
export type VerifierEndpoint = z.infer<typeof verifierEndpoint>;
export type TrainingParameters = z.infer<typeof trainingParameters>;
export type ScoringParameters = z.infer<typeof scoringParameters>;
export type MutationChances = z.infer<typeof mutationChances>;
export type ScoreWeights = z.infer<typeof scoreWeights>;

/** Validates a parsed value as a task spec; throws TaskDocumentError naming every bad field. */
export function parseTaskSpec(value: unknown): TaskSpec {
  return parseWith(taskSpec, value, 'task spec');
}

/** Parses and validates task spec JSON text. */
export function parseTaskSpecJson(text: string): TaskSpec {
  return parseTaskSpec(parseJsonText(text, 'task spec'));
}
