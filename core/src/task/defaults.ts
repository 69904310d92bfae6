import { DEFAULT_TRAINING_CONFIG } from '../bisuna/training/config.js';
import { DEFAULT_MUTATION_RATES } from '../bisuna/training/mutation.js';
import type { MutationChances, ScoringParameters, TaskSpec, TrainingParameters } from './spec.js';
import { TASK_SPEC_SCHEMA, TASK_SPEC_VERSION, parseTaskSpec } from './spec.js';

/** The reference's default mutation chances (spec §10), as training uses them. */
export const REFERENCE_MUTATION_CHANCES: MutationChances = { ...DEFAULT_MUTATION_RATES };

/** The hackathon's CPA settings (spec §10), with the short-key regime new tasks default to. */
export const HACKATHON_TRAINING: TrainingParameters = {
  payloadWords: DEFAULT_TRAINING_CONFIG.payloadWords,
  keyWords: DEFAULT_TRAINING_CONFIG.keyWords,
  keyRegime: DEFAULT_TRAINING_CONFIG.keyRegime,
  steps: DEFAULT_TRAINING_CONFIG.steps,
  population: DEFAULT_TRAINING_CONFIG.population,
  noveltyMapSize: DEFAULT_TRAINING_CONFIG.noveltyMapSize,
  initialMutations: DEFAULT_TRAINING_CONFIG.initialMutations,
  stepMutations: DEFAULT_TRAINING_CONFIG.stepMutations,
  mutation: REFERENCE_MUTATION_CHANCES,
  eveAdvantage: DEFAULT_TRAINING_CONFIG.eveAdvantage,
  generations: DEFAULT_TRAINING_CONFIG.generations,
};

/** Training small enough to run in seconds on one core: for demos (`npm start`) and tests. */
export const QUICK_TRAINING: Partial<TrainingParameters> = {
  population: 10,
  noveltyMapSize: 3,
  steps: 20,
  initialMutations: 20,
  stepMutations: 2,
  eveAdvantage: 4,
  generations: 3,
};

/** Scoring light enough to take well under a second: for demos and tests. */
export const LIGHT_SCORING: Pick<ScoringParameters, 'streams' | 'eve'> = {
  streams: { count: 2, words: 512 },
  eve: { generations: 1, population: 4, trials: 32 },
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
      'Train Alice and Bob so that Bob decrypts every stream, every key bit reaches about half the ciphertext, a wrong key decrypts nothing, and the ciphertext looks random to NIST SP 800-22 and to a fresh Eve.',
    training: { ...HACKATHON_TRAINING, ...options.training },
    scoring: {
      testFiles: [],
      streams: { count: 16, words: 2_048 },
      eve: { generations: 20, population: 20, trials: 512 },
      weights: { nist: 1, correlation: 1, keySensitivity: 1, eve: 1, structure: 1 },
      maxBundleBytes: 16 * 1024 * 1024,
    },
    verifier: { url: options.verifierUrl, address: options.verifierAddress },
  });
}
