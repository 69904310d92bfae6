import type { KeyRegime } from '../encryption/cipher-stream.js';
import { DEFAULT_MUTATION_RATES, type MutationRates } from './mutation.js';
import { IniReader, parseIni, type IniSections } from './ini.js';
import { TrainingConfigError } from './errors.js';

/**
 * Everything one CPA training run needs. Names follow the task spec's `training` parameters;
 * the rest are the reference's `[SymmetricEncryptionCPA]` and `[Population]` keys.
 */
export interface CipherTrainingConfig {
  /** Words per plaintext step (`PayloadSize`). */
  payloadWords: number;
  /** Key words (`KeySize`); must equal payloadWords under `otp`. */
  keyWords: number;
  keyRegime: KeyRegime;
  /** The reference's `MaxSteps`: an A&B episode is `steps / 2` plaintext steps. */
  steps: number;
  population: number;
  noveltyMapSize: number;
  initialMutations: number;
  stepMutations: number;
  mutation: MutationRates;
  /** `MaximumAdversarialAdvantage`: steps of an Eve episode and generations of an Eve block. */
  eveAdvantage: number;
  /** A&B generations to run (each evaluates every pair and evolves Alice or Bob). */
  generations: number;
  /** `NumGensMaxExpectedReward`. */
  numGensMaxExpectedReward: number;
  /** `AdversaryRequiresTraining`: pre-train Eve on plaintexts before A&B start. */
  adversaryRequiresTraining: boolean;
  /** `PreTrainAB`: A&B train without Eve until they decrypt perfectly. */
  preTrainAB: boolean;
  /** Cap of Eve's pre-training generations (the reference uses `Generations`). */
  evePretrainGenerations: number;
  /** Held-out streams Bob must decrypt, checked after every A&B generation. */
  testStreams: number;
  /** Stop once A&B have held a perfect decryption for numGensMaxExpectedReward rounds with Eve. */
  stopWhenSolved: boolean;
  /**
   * `short-key` only: Eve plays in every pair's episode (her reward subtracted from the pair's)
   * and evolves one generation against the best Alice after every A&B generation.
   */
  eveCoevolution: boolean;
}

/** The hackathon settings (spec §10) with the short-key regime and a practical Eve pre-training. */
export const DEFAULT_TRAINING_CONFIG: Readonly<CipherTrainingConfig> = Object.freeze({
  payloadWords: 3,
  keyWords: 3,
  keyRegime: 'short-key',
  steps: 300,
  population: 100,
  noveltyMapSize: 20,
  initialMutations: 200,
  stepMutations: 5,
  mutation: { ...DEFAULT_MUTATION_RATES },
  eveAdvantage: 100,
  generations: 2000,
  numGensMaxExpectedReward: 20,
  adversaryRequiresTraining: true,
  preTrainAB: true,
  evePretrainGenerations: 100,
  testStreams: 10,
  stopWhenSolved: true,
  eveCoevolution: false,
});

/** Ranges of the integer fields (the task spec's limits, so no config can allocate hugely). */
const INT_LIMITS: Record<string, [number, number]> = {
  payloadWords: [1, 16],
  keyWords: [1, 16],
  steps: [2, 100_000],
  population: [4, 10_000],
  noveltyMapSize: [1, 9_999],
  initialMutations: [0, 10_000],
  stepMutations: [0, 1_000],
  eveAdvantage: [1, 100_000],
  generations: [0, 1_000_000_000],
  numGensMaxExpectedReward: [1, 1_000_000],
  evePretrainGenerations: [0, 1_000_000_000],
  testStreams: [0, 10_000],
};

/** Checks every field's type and range and their relations; throws TrainingConfigError naming the field. */
export function validateTrainingConfig(c: CipherTrainingConfig): CipherTrainingConfig {
  for (const [key, [min, max]] of Object.entries(INT_LIMITS)) {
    const v = (c as unknown as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new TrainingConfigError(
        `${key} = ${JSON.stringify(v)}: expected an integer in [${min}, ${max}]`,
      );
    }
  }
  for (const key of Object.keys(DEFAULT_MUTATION_RATES) as (keyof MutationRates)[]) {
    const v = c.mutation?.[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new TrainingConfigError(
        `mutation.${key} = ${JSON.stringify(v)}: expected a probability in [0, 1]`,
      );
    }
  }
  for (const key of [
    'adversaryRequiresTraining',
    'preTrainAB',
    'stopWhenSolved',
    'eveCoevolution',
  ] as const) {
    if (typeof c[key] !== 'boolean') {
      throw new TrainingConfigError(`${key} = ${JSON.stringify(c[key])}: expected true or false`);
    }
  }
  if (c.keyRegime !== 'otp' && c.keyRegime !== 'short-key') {
    throw new TrainingConfigError(
      `keyRegime = ${JSON.stringify(c.keyRegime)}: expected 'otp' or 'short-key'`,
    );
  }
  if (c.noveltyMapSize >= c.population) {
    throw new TrainingConfigError(
      `noveltyMapSize = ${c.noveltyMapSize}: must be smaller than population (${c.population})`,
    );
  }
  if (c.keyRegime === 'otp' && c.keyWords !== c.payloadWords) {
    throw new TrainingConfigError(
      `keyWords = ${c.keyWords}: must equal payloadWords (${c.payloadWords}) under the otp key regime`,
    );
  }
  return c;
}

/**
 * A config from JSON-like data: any subset of {@link CipherTrainingConfig} (for example a task
 * spec's `training` object), the rest from {@link DEFAULT_TRAINING_CONFIG}. Unknown keys are errors.
 */
export function trainingConfigFromJson(value: unknown): CipherTrainingConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TrainingConfigError('training config: expected a JSON object');
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULT_TRAINING_CONFIG))
      throw new TrainingConfigError(`${key}: unknown training config key`);
  }
  const mutation = input.mutation;
  if (mutation !== undefined) {
    if (typeof mutation !== 'object' || mutation === null || Array.isArray(mutation)) {
      throw new TrainingConfigError('mutation: expected an object');
    }
    for (const key of Object.keys(mutation)) {
      if (!(key in DEFAULT_MUTATION_RATES))
        throw new TrainingConfigError(`mutation.${key}: unknown mutation key`);
    }
  }
  const merged = {
    ...DEFAULT_TRAINING_CONFIG,
    ...input,
    mutation: { ...DEFAULT_MUTATION_RATES, ...(mutation as Partial<MutationRates> | undefined) },
  } as CipherTrainingConfig;
  return validateTrainingConfig(merged);
}

/**
 * A config from the reference's ini (spec §10): `[General]`, `[Population]`, `[Environment]` and
 * the `[SymmetricEncryptionCPA]` section, which may come from a separate `EnvironmentConf` file
 * (`envText`). Our extensions live in `[SymmetricEncryptionCPA]`: `KeyRegime` (otp|short-key,
 * default short-key), `EvePretrainGenerations`, `TestStreams`, `StopWhenSolved`, `EveCoevolution`.
 *
 * @example
 * const config = trainingConfigFromIni(readFileSync('DistributedPopulationCPA.ini', 'utf8'));
 */
export function trainingConfigFromIni(text: string, envText?: string): CipherTrainingConfig {
  const main = parseIni(text);
  const env: IniSections = envText === undefined ? main : parseIni(envText);
  const r = new IniReader(main);
  const e = new IniReader(env);
  const name = r.string('Environment', 'EnvironmentName', '');
  if (name !== 'SymmetricEncryptionCPA') {
    throw new TrainingConfigError(
      `[Environment] EnvironmentName = '${name}': only SymmetricEncryptionCPA can be trained here`,
    );
  }
  const d = DEFAULT_TRAINING_CONFIG;
  const S = 'SymmetricEncryptionCPA';
  const P = 'Population';
  const m = d.mutation;
  const payloadWords = e.int(S, 'PayloadSize', 9, 1, 16);
  const eveAdvantage = e.int(S, 'MaximumAdversarialAdvantage', 1000, 1, 100_000);
  const regime = e.string(S, 'KeyRegime', 'short-key');
  if (regime !== 'otp' && regime !== 'short-key') {
    throw new TrainingConfigError(`[${S}] KeyRegime = '${regime}': expected otp or short-key`);
  }
  const config: CipherTrainingConfig = {
    payloadWords,
    keyWords: e.int(S, 'KeySize', 9, 1, 16),
    keyRegime: regime,
    steps: e.int(S, 'MaxSteps', 500, 2, 100_000),
    population: r.int(P, 'PopulationSize', 100, 4, 10_000),
    noveltyMapSize: r.int(P, 'NoveltyMapSize', 20, 1, 9_999),
    initialMutations: r.int(P, 'NumberInitialMutations', 200, 0, 10_000),
    stepMutations: r.int(P, 'StepMutations', 5, 0, 1_000),
    mutation: {
      addNeuron: r.real(P, 'ChanceAddNeuron', m.addNeuron, 0, 1),
      delNeuron: r.real(P, 'ChanceDelNeuron', m.delNeuron, 0, 1),
      addConnection: r.real(P, 'ChanceAddConnection', m.addConnection, 0, 1),
      delConnection: r.real(P, 'ChanceDelConnection', m.delConnection, 0, 1),
      neuromodulation: r.real(P, 'ChanceNeuromodulation', m.neuromodulation, 0, 1),
      controlNeuron: r.real(P, 'ChanceControlNeuron', m.controlNeuron, 0, 1),
      weightMutation: r.real(P, 'ChanceWeightMutation', m.weightMutation, 0, 1),
    },
    eveAdvantage,
    generations: r.int('General', 'Generations', 30, 0, 1_000_000_000),
    numGensMaxExpectedReward: e.int(S, 'NumGensMaxExpectedReward', 1, 1, 1_000_000),
    adversaryRequiresTraining: e.bool(S, 'AdversaryRequiresTraining', true),
    preTrainAB: e.bool(S, 'PreTrainAB', true),
    evePretrainGenerations: e.int(S, 'EvePretrainGenerations', eveAdvantage, 0, 1_000_000_000),
    testStreams: e.int(S, 'TestStreams', d.testStreams, 0, 10_000),
    stopWhenSolved: e.bool(S, 'StopWhenSolved', d.stopWhenSolved),
    eveCoevolution: e.bool(S, 'EveCoevolution', d.eveCoevolution),
  };
  if (e.bool(S, 'TestMode', false)) {
    throw new TrainingConfigError(
      `[${S}] TestMode = true: test mode is not supported by tem train`,
    );
  }
  return validateTrainingConfig(config);
}

/** The `EnvironmentConf` path named by a reference ini, or undefined when it is empty. */
export function environmentConfPath(text: string): string | undefined {
  const v = new IniReader(parseIni(text)).string('Environment', 'EnvironmentConf', '').trim();
  return v === '' ? undefined : v;
}
