import { SCORE_SCALE_TEXT, formatScore } from '../format/score.js';
import { KINDS_SCALE_TEXT, scoreBand } from '../format/score-bands.js';

/**
 * A score with its separators and, once the task's kind is known, what its band means (a real
 * cipher, a perfect network, a balanced run…); the exact integer in `data-score`.
 */
export function Score({ value, kind }: { value: bigint; kind?: string | null | undefined }) {
  const band = scoreBand(kind, value);
  return (
    <span class="score-value" title={band?.meaning} data-score={value.toString()}>
      <span class="score-number">{formatScore(value)}</span>
      {band ? (
        <>
          {' '}
          <span class={band.highlight ? 'score-tag perfect' : 'score-tag'}>{band.tag}</span>
        </>
      ) : null}
    </span>
  );
}

/**
 * The cipher's score scale in one sentence, for a legend under a heading; with `allKinds`, every
 * kind's top band first.
 */
export function ScoreScale({ allKinds = false }: { allKinds?: boolean }) {
  return (
    <p class="muted score-scale" data-testid="score-scale">
      {allKinds ? `${KINDS_SCALE_TEXT} Neural encryption in detail: ` : null}
      {SCORE_SCALE_TEXT}
    </p>
  );
}
