import { defaultTaskSpec } from '@tem/core/task';
import type { SiteConfig } from '../config/index.js';

/** The wizard's form values, as typed (numbers stay text until checked). */
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

export type FormField = keyof Form;

/** The wizard's steps and the fields each one asks for (the review step checks them all). */
export const WIZARD_STEPS: readonly { label: string; fields: readonly FormField[] }[] = [
  { label: 'Describe', fields: ['title', 'description'] },
  {
    label: 'Parameters',
    fields: [
      'payloadWords',
      'keyWords',
      'keyRegime',
      'population',
      'noveltyMapSize',
      'steps',
      'generations',
      'eveAdvantage',
      'streamCount',
      'streamWords',
    ],
  },
  {
    label: 'Bounty and deadlines',
    fields: [
      'bounty',
      'commitMinutes',
      'revealMinutes',
      'scoringMinutes',
      'minScore',
      'verifierUrl',
      'verifierAddress',
    ],
  },
  { label: 'Review and create', fields: [] },
];

/** The index of the review step. */
export const REVIEW_STEP = WIZARD_STEPS.length - 1;

/** A new form: the default spec's parameters and the deployment's verifier. */
export function defaultForm(config: SiteConfig): Form {
  const defaults = defaultTaskSpec({
    verifierUrl: 'https://example.invalid',
    verifierAddress: '0x0000000000000000000000000000000000000001',
  });
  return {
    title: '',
    description: '',
    payloadWords: String(defaults.training.payloadWords),
    keyWords: String(defaults.training.keyWords),
    keyRegime: defaults.training.keyRegime,
    population: String(defaults.training.population),
    noveltyMapSize: String(defaults.training.noveltyMapSize),
    steps: String(defaults.training.steps),
    generations: String(defaults.training.generations),
    eveAdvantage: String(defaults.training.eveAdvantage),
    streamCount: String(defaults.scoring.streams.count),
    streamWords: String(defaults.scoring.streams.words),
    verifierUrl: config.verifier?.url ?? '',
    verifierAddress: config.verifier?.address ?? '',
    bounty: '1',
    commitMinutes: '1440',
    revealMinutes: '720',
    scoringMinutes: '720',
    minScore: '0',
  };
}
