import type { TaskSpec } from '../task/index.js';
import { ScoringInputError } from './errors.js';

/** Most random-stream plaintext words one scoring run encrypts (count x words). */
export const MAX_RANDOM_STREAM_WORDS = 1 << 22;
/** Most Eve network steps the verifier spends training (generations x population x eveAdvantage). */
export const MAX_EVE_TRAINING_STEPS = 50_000_000;

/**
 * Refuses a spec whose scoring budget would make every verifier run for hours or allocate
 * gigabytes (the schema bounds each knob, not their products). Throws a ScoringInputError naming
 * the fields.
 */
export function checkScoringBudget(spec: TaskSpec): void {
  const { count, words } = spec.scoring.streams;
  if (count * words > MAX_RANDOM_STREAM_WORDS) {
    throw new ScoringInputError(
      `scoring.streams.count x scoring.streams.words = ${count} x ${words} = ${count * words} words; the verifier encrypts at most ${MAX_RANDOM_STREAM_WORDS}`,
    );
  }
  const { generations, population } = spec.scoring.eve;
  const steps = generations * population * spec.training.eveAdvantage;
  if (steps > MAX_EVE_TRAINING_STEPS) {
    throw new ScoringInputError(
      `scoring.eve.generations x scoring.eve.population x training.eveAdvantage = ${generations} x ${population} x ${spec.training.eveAdvantage} = ${steps} Eve steps; the verifier trains at most ${MAX_EVE_TRAINING_STEPS}`,
    );
  }
}
