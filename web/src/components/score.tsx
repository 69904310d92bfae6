import {
  KEY_GATE_SCORE,
  PERFECT_DECRYPTION_SCORE,
  SCORE_SCALE_TEXT,
  formatScore,
  scoreMeaning,
} from '../format/score.js';

/**
 * A score with its separators and, beside it, whether Bob decrypted perfectly; the exact integer
 * in `data-score`.
 */
export function Score({ value }: { value: bigint }) {
  const cipher = value >= KEY_GATE_SCORE;
  const perfect = value >= PERFECT_DECRYPTION_SCORE;
  return (
    <span class="score-value" title={scoreMeaning(value)} data-score={value.toString()}>
      <span class="score-number">{formatScore(value)}</span>{' '}
      <span class={perfect ? 'score-tag perfect' : 'score-tag'}>
        {cipher ? 'real cipher' : perfect ? 'perfect decryption, key unused' : 'imperfect'}
      </span>
    </span>
  );
}

/** The score scale in one sentence, for a legend under a heading. */
export function ScoreScale() {
  return (
    <p class="muted score-scale" data-testid="score-scale">
      {SCORE_SCALE_TEXT}
    </p>
  );
}
