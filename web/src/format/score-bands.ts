/**
 * What a score says, by its task's kind: every kind puts its top band at 2,000,000 and above
 * (docs/scoring.md, docs/kinds/multiplexer.md §4, docs/kinds/double-pole.md §5), but each band
 * means something of its own. The figures are restated here because the site's first page does
 * not load core's scoring; `score-bands.test.ts` checks them against core's reports.
 */
import type { AnyTaskSpec } from '@tem/core/kinds';
import { KEY_GATE_SCORE, PERFECT_DECRYPTION_SCORE, formatScore, scoreMeaning } from './score.js';

/** Where every kind's top band starts. */
const TOP = 2_000_000n;
const PPM = 1_000_000n;
/** The double pole's generalisation test: 625 starts, 1,600 ppm each. */
const STARTS = 625n;
const LONG_RUN_STEPS = 100_000n;

/** A score's band: a short tag beside the number, a sentence for its title. */
export interface ScoreBand {
  tag: string;
  meaning: string;
  /** Drawn highlighted: the cipher's perfect decryptions, the other kinds' top band. */
  highlight: boolean;
}

const percent = (ppm: bigint) => `${(Number(ppm) / 10_000).toFixed(1)} %`;

function cipherBand(score: bigint): ScoreBand {
  const top = score >= KEY_GATE_SCORE;
  const perfect = score >= PERFECT_DECRYPTION_SCORE;
  return {
    tag: top ? 'real cipher' : perfect ? 'perfect decryption, key unused' : 'imperfect',
    meaning: scoreMeaning(score),
    highlight: perfect,
  };
}

function multiplexerBand(score: bigint): ScoreBand {
  if (score >= TOP) {
    const parsimony = score - TOP > PPM ? PPM : score - TOP;
    return {
      tag: 'perfect',
      meaning: `right on every case; size bonus ${formatScore(parsimony)} of ${formatScore(PPM)} (smaller networks score higher)`,
      highlight: true,
    };
  }
  return {
    tag: `${percent(score)} of cases`,
    meaning: `right on ${percent(score)} of the cases (a network right on all of them scores ${formatScore(TOP)} or more)`,
    highlight: false,
  };
}

function doublePoleBand(score: bigint): ScoreBand {
  if (score >= TOP) {
    const starts = ((score - TOP) * STARTS) / PPM;
    return {
      tag: `balanced, ${starts}/625 starts`,
      meaning: `balanced the ${formatScore(LONG_RUN_STEPS)}-step run and ${starts} of the 625 generalisation starts for 1,000 steps`,
      highlight: true,
    };
  }
  const steps = score / 10n;
  return {
    tag: `${formatScore(steps)} steps`,
    meaning: `balanced ${formatScore(steps)} of the ${formatScore(LONG_RUN_STEPS)} steps from the standard start (a full run scores ${formatScore(TOP)} or more)`,
    highlight: false,
  };
}

/** Every kind's scale in one sentence, for the home page (the cipher's own sentence follows it). */
export const KINDS_SCALE_TEXT =
  `Every task kind scores from 0 to 3,000,000, and ${formatScore(TOP)} or more means the task ` +
  `is done: a real cipher (neural encryption), a network right on every case (Boolean ` +
  `multiplexer), a run balanced for ${formatScore(LONG_RUN_STEPS)} steps (double pole); above ` +
  `that, quality, size or generalisation rank the solutions.`;

/** Each kind's bands: a kind core adds and this table lacks fails to compile. */
const BANDS: Record<AnyTaskSpec['kind'], (score: bigint) => ScoreBand> = {
  'bisuna-cipher': cipherBand,
  'bisuna-multiplexer': multiplexerBand,
  'bisuna-double-pole': doublePoleBand,
};

/** The band of `score` for a task of `kind`; null while the kind is unknown (spec not loaded). */
export function scoreBand(kind: string | null | undefined, score: bigint): ScoreBand | null {
  if (!kind || !Object.hasOwn(BANDS, kind)) return null;
  return BANDS[kind as AnyTaskSpec['kind']](score);
}
