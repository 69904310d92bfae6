import type { MutationChances, TaskSpec, TrainingParameters } from './spec.js';
import { TASK_SPEC_SCHEMA, TASK_SPEC_VERSION, parseTaskSpec } from './spec.js';

/** The reference's default mutation chances (spec §10). */
export const REFERENCE_MUTATION_CHANCES: MutationChances = {
  addNeuron: 0.01,
  delNeuron: 0.01,
  addConnection: 0.49,
  delConnection: 0.49,
  neuromodulation: 0.1,
  controlNeuron: 0.2,
  weightMutation: 0.5,
};

/** The hackathon's CPA settings (spec §10), with the short-key regime new tasks default to. */
export const HACKATHON_TRAINING: TrainingParameters = {
  payloadWords: 3,
  keyWords: 3,
  keyRegime: 'short-key',
  steps: 300,
  population: 100,
  noveltyMapSize: 20,
  initialMutations: 200,
  stepMutations: 5,
  mutation: REFERENCE_MUTATION_CHANCES,
  eveAdvantage: 100,
  generations: 2_000,
};

export interface DefaultSpecOptions {
  title?: string;
  description?: string;
  verifierUrl: string;
  verifierAddress: string;
  training?: Partial<TrainingParameters>;
}

/** A complete, valid task spec with the default parameters; override what you need. */
export function defaultTaskSpec(options: DefaultSpecOptions): TaskSpec {
  return parseTaskSpec({
    schema: TASK_SPEC_SCHEMA,
    version: TASK_SPEC_VERSION,
    kind: 'bisuna-cipher',
    title: options.title ?? 'Neural encryption: 3-word BiSUNA cipher',
    description:
      options.description ??
      'Train Alice and Bob so that Bob decrypts every stream and the ciphertext looks random to NIST SP 800-22 and to a fresh Eve.',
    training: { ...HACKATHON_TRAINING, ...options.training },
    scoring: {
      testFiles: [],
      streams: { count: 16, words: 2_048 },
      eve: { generations: 20, population: 20, trials: 512 },
      weights: { nist: 1, correlation: 1, keySensitivity: 1, eve: 1 },
      maxBundleBytes: 16 * 1024 * 1024,
    },
    verifier: { url: options.verifierUrl, address: options.verifierAddress },
  });
}
