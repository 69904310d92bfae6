import { TaskDocumentError, defaultTaskSpec, parseTaskSpec, type TaskSpec } from '@tem/core/task';
import { parseTfuel } from '../format/index.js';

/** The wizard's form values, as typed. */
export interface Form {
  title: string;
  description: string;
  payloadWords: string;
  keyWords: string;
  keyRegime: 'short-key' | 'otp';
  population: string;
  noveltyMapSize: string;
  steps: string;
  generations: string;
  eveAdvantage: string;
  streamCount: string;
  streamWords: string;
  verifierUrl: string;
  verifierAddress: string;
  bounty: string;
  commitMinutes: string;
  revealMinutes: string;
  scoringMinutes: string;
  minScore: string;
}

/** A typed number, NaN when blank (the schema then names the field). */
export const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Field errors keyed by form field, from the core schema's dotted paths. */
export type Errors = Partial<Record<keyof Form, string>>;

const PATH_TO_FIELD: Record<string, keyof Form> = {
  title: 'title',
  description: 'description',
  'training.payloadWords': 'payloadWords',
  'training.keyWords': 'keyWords',
  'training.keyRegime': 'keyRegime',
  'training.population': 'population',
  'training.noveltyMapSize': 'noveltyMapSize',
  'training.steps': 'steps',
  'training.generations': 'generations',
  'training.eveAdvantage': 'eveAdvantage',
  'scoring.streams.count': 'streamCount',
  'scoring.streams.words': 'streamWords',
  'verifier.url': 'verifierUrl',
  'verifier.address': 'verifierAddress',
};

/** Builds the spec from the form and validates it with the core schema. */
export function buildSpec(form: Form): { spec: TaskSpec | null; errors: Errors } {
  const base = defaultTaskSpec({
    verifierUrl: 'https://example.invalid/api/verify',
    verifierAddress: '0x0000000000000000000000000000000000000001',
  });
  const candidate = {
    ...base,
    title: form.title,
    description: form.description,
    training: {
      ...base.training,
      payloadWords: num(form.payloadWords),
      keyWords: num(form.keyWords),
      keyRegime: form.keyRegime,
      population: num(form.population),
      noveltyMapSize: num(form.noveltyMapSize),
      steps: num(form.steps),
      generations: num(form.generations),
      eveAdvantage: num(form.eveAdvantage),
    },
    scoring: {
      ...base.scoring,
      streams: { count: num(form.streamCount), words: num(form.streamWords) },
    },
    verifier: { url: form.verifierUrl.trim(), address: form.verifierAddress.trim() },
  };
  try {
    return { spec: parseTaskSpec(candidate), errors: {} };
  } catch (error) {
    if (!(error instanceof TaskDocumentError)) throw error;
    const errors: Errors = {};
    for (const problem of error.problems) {
      const field = PATH_TO_FIELD[problem.path] ?? 'title';
      errors[field] ??= problem.message;
    }
    return { spec: null, errors };
  }
}

/** Checks the bounty, windows and minimum score (what the spec schema does not cover). */
export function economicErrors(form: Form): Errors {
  const errors: Errors = {};
  const bounty = parseTfuel(form.bounty);
  if (!bounty.ok) errors.bounty = bounty.message;
  for (const key of ['commitMinutes', 'revealMinutes', 'scoringMinutes'] as const) {
    const v = num(form[key]);
    if (!Number.isInteger(v) || v < 1 || v > 525_600)
      errors[key] = 'a whole number of minutes, 1 to 525600';
  }
  if (!/^\d{1,19}$/.test(form.minScore.trim()) || BigInt(form.minScore.trim()) >= 2n ** 64n) {
    errors.minScore = 'a whole number, 0 or more';
  }
  return errors;
}
