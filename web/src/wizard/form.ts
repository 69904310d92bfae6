import { MAX_VERIFIERS } from '@tem/core/market';
import { defaultTaskSpec } from '@tem/core/task';
import type { SiteConfig } from '../config/index.js';
import { defaultKindParams, type KindParams } from './kind-params.js';

/** One verifier as typed: its endpoint and the address it signs as. */
export interface VerifierRow {
  url: string;
  address: string;
}

/** The wizard's form values, as typed (numbers stay text until checked). */
export interface Form {
  /** The task kind (`bisuna-cipher`, `bisuna-multiplexer`, …): the spec's `kind`. */
  kind: string;
  /** Each non-cipher kind's parameters as typed, by kind and spec path (the kind's `fields`). */
  params: KindParams;
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
  /** How many verifiers the task names (n), as typed. */
  verifierCount: string;
  /** Always {@link MAX_VERIFIERS} rows; the first n count. */
  verifiers: VerifierRow[];
  /** Signatures a score needs (m), as typed. */
  threshold: string;
  bounty: string;
  /** TFuel each commit pays, returned on reveal (0 allowed). */
  commitBond: string;
  commitMinutes: string;
  revealMinutes: string;
  /** Each half of the seed window (n > 1 only). */
  seedMinutes: string;
  scoringMinutes: string;
  minScore: string;
}

/** A form field with one text value (the verifier rows are named by row, see {@link ErrorKey}). */
export type FormField = Exclude<keyof Form, 'verifiers' | 'kind' | 'params'>;

/**
 * What an error is attached to: a field, one verifier row's URL or address, or a parameter of the
 * chosen kind by its spec path (`param.environment.addressBits`).
 */
export type ErrorKey =
  FormField | `verifierUrl.${number}` | `verifierAddress.${number}` | `param.${string}`;

/** A step's entries: fields, the verifier rows, the kind's parameters. */
export type StepField = FormField | 'verifiers' | 'params';

/** The cipher's own parameters: asked and checked only for a cipher task. */
export const CIPHER_FIELDS = [
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
] as const satisfies readonly FormField[];

/** The wizard's steps and what each asks for (the review step checks them all). */
export const WIZARD_STEPS: readonly {
  label: string;
  fields: readonly StepField[];
}[] = [
  { label: 'Describe', fields: ['title', 'description'] },
  { label: 'Parameters', fields: [...CIPHER_FIELDS, 'params'] },
  { label: 'Verifiers', fields: ['verifierCount', 'verifiers', 'threshold'] },
  {
    label: 'Bounty and deadlines',
    fields: [
      'bounty',
      'commitBond',
      'minScore',
      'commitMinutes',
      'revealMinutes',
      'seedMinutes',
      'scoringMinutes',
    ],
  },
  { label: 'Review and create', fields: [] },
];

/** The index of the review step. */
export const REVIEW_STEP = WIZARD_STEPS.length - 1;

/** Whether an error key belongs to a step's fields. */
export function keyOfStep(key: ErrorKey, fields: readonly StepField[]): boolean {
  return fields.some((f) =>
    f === 'verifiers'
      ? key.startsWith('verifierUrl.') || key.startsWith('verifierAddress.')
      : f === 'params'
        ? key.startsWith('param.')
        : f === key,
  );
}

/** The share of the bounty the wizard proposes as the commit bond, in percent. */
export const BOND_PERCENT_OF_BOUNTY = 5n;

/** Most signatures a majority of `n` verifiers gives: the proposed threshold. */
export const majority = (n: number) => Math.floor(n / 2) + 1;

/** A new form: the default spec's parameters and the deployment's verifiers. */
export function defaultForm(config: SiteConfig): Form {
  const defaults = defaultTaskSpec({
    verifierUrl: 'https://example.invalid',
    verifierAddress: '0x0000000000000000000000000000000000000001',
  });
  const known = config.verifiers.slice(0, MAX_VERIFIERS);
  const n = Math.max(known.length, 1);
  return {
    kind: 'bisuna-cipher',
    params: defaultKindParams(),
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
    verifierCount: String(n),
    verifiers: Array.from({ length: MAX_VERIFIERS }, (_, i) => ({
      url: known[i]?.url ?? '',
      address: known[i]?.address ?? '',
    })),
    threshold: String(majority(n)),
    bounty: '1',
    commitBond: '0.05',
    commitMinutes: '1440',
    revealMinutes: '720',
    seedMinutes: '30',
    scoringMinutes: '720',
    minScore: '0',
  };
}
