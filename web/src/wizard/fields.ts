import { scoringParameters, trainingParameters } from '@tem/core/task';
import { MAX_SCORED_STREAM_WORDS } from './scoring-budget.js';
import {
  KEY_GATE_SCORE,
  PERFECT_DECRYPTION_SCORE,
  formatScore,
  formatSpan,
} from '../format/index.js';
import type { MarketLimits } from '../market/market-limits.js';
import { BOND_PERCENT_OF_BOUNTY, type FormField } from './form.js';

/** What the wizard describes: every field, and the two fields of a verifier row. */
export type InfoField = FormField | 'verifierUrl' | 'verifierAddress';

/** What the wizard says about one field, in place: what it does, its unit, range and cost. */
export interface FieldInfo {
  label: string;
  /** What the value does, in a sentence or two. */
  help: string;
  /** The unit the value is given in, shown after the label. */
  unit?: string;
  /** Whole numbers from `min` to `max` (the spec schema's bounds where it has them). */
  integer?: { min: number; max: number };
  /** How the value changes the time the job takes. */
  cost?: string;
}

const bounds = (schema: { minValue: number | null; maxValue: number | null }) => ({
  min: schema.minValue ?? 0,
  max: schema.maxValue ?? Number.MAX_SAFE_INTEGER,
});

const training = trainingParameters.shape;
const streams = scoringParameters.shape.streams.shape;
const MINUTES_PER_YEAR = 525_600;

/**
 * Seconds the commit window needs beyond the chain's minimum: the deadline is counted from the
 * chain's time when the wizard sends, and the transaction is mined a few blocks later.
 */
export const SEND_MARGIN_SECONDS = 60;

/** Whole minutes covering `seconds`. */
const minutesFor = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** The shortest commit, reveal and seed windows in whole minutes under `limits`. */
export function windowMinimums(limits: MarketLimits): { commit: number; window: number } {
  return {
    commit: minutesFor(limits.minWindow + SEND_MARGIN_SECONDS),
    window: minutesFor(limits.minWindow),
  };
}

/**
 * Every field of the wizard, described; ranges come from the core spec schema and from the
 * deployed contract (`limits`: its minimum window, `MAX_SCORE`, `MAX_VERIFIERS`).
 */
export function fieldInfo(limits: MarketLimits): Record<InfoField, FieldInfo> {
  const { commit, window } = windowMinimums(limits);
  const minimum = formatSpan(limits.minWindow);
  return {
    title: {
      label: 'Title',
      help: 'What edge nodes and visitors see in the task list. 1 to 120 characters.',
    },
    description: {
      label: 'Description',
      help: 'Anything solvers should know: the goal, links, contact. Shown as plain text, up to 10,000 characters.',
    },
    payloadWords: {
      label: 'Payload words',
      unit: '16-bit words per step',
      help: 'How many words of plaintext Alice encrypts at each step: the cipher’s block size. Alice and Bob get this many outputs.',
      integer: bounds(training.payloadWords),
      cost: 'Bigger blocks make larger networks that learn more slowly. 3 is the hackathon’s setting.',
    },
    keyWords: {
      label: 'Key words',
      unit: '16-bit words',
      help: 'Length of the secret key Alice and Bob share. Under the one-time pad it must equal the payload words.',
      integer: bounds(training.keyWords),
      cost: 'Under the short key, each key word is one more input for both networks.',
    },
    keyRegime: {
      label: 'Key regime',
      help: 'Short key: one key per stream, given to Alice and Bob as inputs, so only a pair that turns it into a keystream hides the plaintext (the default). One-time pad: a fresh key word for every plaintext word, XOR-ed in by the environment, as in the reference.',
    },
    population: {
      label: 'Population',
      unit: 'agents',
      help: 'Alice and Bob candidates evaluated in each generation.',
      integer: bounds(training.population),
      cost: 'Time per generation grows in proportion: twice the agents, twice the time.',
    },
    noveltyMapSize: {
      label: 'Novelty map size',
      unit: 'agents',
      help: 'Agents kept as parents each generation, chosen for novel behaviour; the rest are replaced by their mutated offspring. Must be smaller than the population.',
      integer: {
        min: bounds(training.noveltyMapSize).min,
        max: bounds(training.population).max - 1,
      },
      cost: 'Hardly changes the time.',
    },
    steps: {
      label: 'Steps per episode',
      unit: 'network steps',
      help: 'How long each Alice-and-Bob episode runs; an episode encrypts steps ÷ 2 blocks.',
      integer: bounds(training.steps),
      cost: 'Time per generation grows in proportion.',
    },
    generations: {
      label: 'Generations',
      unit: 'at most',
      help: 'The most Alice-and-Bob generations a solver trains; training stops earlier once Bob decrypts perfectly and Eve keeps failing.',
      integer: bounds(training.generations),
      cost: 'The longest possible training grows in proportion; see the estimate on the review step.',
    },
    eveAdvantage: {
      label: 'Eve advantage',
      help: 'How much the attacker Eve may train against each Alice: the steps of an Eve episode and the generations of an Eve training block.',
      integer: bounds(training.eveAdvantage),
      cost: 'Eve’s share of the training time grows with it.',
    },
    streamCount: {
      label: 'Test streams',
      unit: 'random streams',
      help: 'Random plaintext streams the verifier scores each submission on, besides zeros, English text and an image.',
      integer: bounds(streams.count),
      cost: `Scoring time per submission grows in proportion; streams × words may be at most ${MAX_SCORED_STREAM_WORDS.toLocaleString('en')}.`,
    },
    streamWords: {
      label: 'Words per test stream',
      unit: '16-bit words',
      help: 'Length of each random test stream.',
      integer: bounds(streams.words),
      cost: 'Scoring time per submission grows in proportion.',
    },
    verifierCount: {
      label: 'Number of verifiers',
      unit: 'n',
      help: 'Independent verification endpoints that each re-score every submission with their own key. With several, no single one decides: a score counts only when enough of them sign the same.',
      integer: { min: 1, max: limits.maxVerifiers },
      cost: 'Each verifier takes part in the test seed and signs scores; every extra one makes relaying a little dearer.',
    },
    verifierUrl: {
      label: 'URL',
      help: 'Its verification endpoint (…/api/verify), which scores submissions and signs their scores and its part of the test seed.',
    },
    verifierAddress: {
      label: 'address',
      help: 'The address whose signatures the contract accepts from this verifier: the key behind its URL. Not your own address: an owner cannot verify their own task. Any order: the site sorts them as the contract requires.',
    },
    threshold: {
      label: 'Signatures needed',
      unit: 'm',
      help: 'How many verifiers must sign the same score for it to count, and must take part in the test seed. Fewer than m dishonest verifiers then cannot change the winner, and the task still pays when n − m of them fail. A majority is proposed.',
      integer: { min: 1, max: limits.maxVerifiers },
    },
    bounty: {
      label: 'Bounty',
      unit: 'TFuel',
      help: 'Escrowed in the contract when you create the task; paid to the best submission at or above the minimum score, refunded to you otherwise.',
    },
    commitBond: {
      label: 'Commit bond',
      unit: 'TFuel',
      help: `Each commit pays it; it goes back when the solver reveals, and the bonds of commitments never revealed are paid out with the bounty. It makes junk commits cost something (they would block you from cancelling). 0 asks none. ${BOND_PERCENT_OF_BOUNTY}% of the bounty is proposed and follows the bounty until you change it.`,
    },
    commitMinutes: {
      label: 'Commit window',
      unit: 'minutes',
      help: `How long edge nodes may train and commit a hash of their result. At least ${commit} minutes on this chain: its minimum window of ${minimum}, plus a minute for the creating transaction to be mined. Longer windows attract slower nodes and bigger trainings.`,
      integer: { min: commit, max: MINUTES_PER_YEAR },
      cost: 'Nodes stop training before it closes: give it at least the training estimate on the review step.',
    },
    revealMinutes: {
      label: 'Reveal window',
      unit: 'minutes',
      help: `After the commit window, committed solvers reveal their result’s CID. At least ${window} minute${window === 1 ? '' : 's'} on this chain (its minimum window of ${minimum}); give runners several blocks (Theta: a block every 6 s or so).`,
      integer: { min: window, max: MINUTES_PER_YEAR },
    },
    seedMinutes: {
      label: 'Seed window',
      unit: 'minutes, each half',
      help: `With several verifiers, after the reveal window they first commit to their part of the test seed, then reveal it, each half this long; nobody, not even a verifier, can pick the seed. At least ${window} minute${window === 1 ? '' : 's'} on this chain.`,
      integer: { min: window, max: MINUTES_PER_YEAR },
    },
    scoringMinutes: {
      label: 'Scoring window',
      unit: 'minutes',
      help: `After the reveal window: the test seed is fixed (with several verifiers, during the seed window's two halves), then the verifiers' signed scores are recorded. Then anyone may finalize and the bounty is paid. The scoring deadline may fall at most ${Math.round(limits.maxHorizon / 86_400)} days after creation.`,
      integer: { min: window, max: MINUTES_PER_YEAR },
      cost: 'Allow the verifiers time to score every submission.',
    },
    minScore: {
      label: 'Minimum score',
      help: `The bounty is paid only at or above this score; below it you are refunded; 0 pays the best submission whatever it scores. Neural encryption: ${formatScore(PERFECT_DECRYPTION_SCORE)} and up means Bob decrypts every test bit, ${formatScore(KEY_GATE_SCORE)} and up that the cipher also depends on its whole key. Multiplexer and double pole: 2,000,000 and up is a network right on every case, or balancing all 100,000 steps.`,
      integer: { min: 0, max: Number(limits.maxScore) },
    },
  };
}
