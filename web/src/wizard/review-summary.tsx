import type { TaskSpec } from '@tem/core/task';
import { useServices } from '../app-context.js';
import {
  describeDeadline,
  formatScore,
  formatTfuel,
  KEY_GATE_SCORE,
  PERFECT_DECRYPTION_SCORE,
} from '../format/index.js';
import { longestTrainingSeconds, roughDuration } from './estimate.js';

interface Props {
  spec: TaskSpec;
  bountyWei: bigint;
  windows: { commitMinutes: number; revealMinutes: number; scoringMinutes: number };
  minScore: bigint;
  /** Chain time now, in seconds: the deadlines are counted from it when the task is created. */
  chainNow: number;
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const minutes = (m: number) =>
  m % 1440 === 0
    ? `${m / 1440} day${m === 1440 ? '' : 's'}`
    : m % 60 === 0
      ? `${m / 60} h`
      : `${m} min`;

/** The task as a reader would check it before paying: every choice in words, with its consequence. */
export function ReviewSummary({ spec, bountyWei, windows, minScore, chainNow }: Props) {
  const { clockSkew } = useServices();
  const t = spec.training;
  const s = spec.scoring;
  const commit = chainNow + windows.commitMinutes * 60;
  const reveal = commit + windows.revealMinutes * 60;
  const scoring = reveal + windows.scoringMinutes * 60;
  const at = (deadline: number) => describeDeadline(deadline, clockSkew).local;
  const training = longestTrainingSeconds(t);
  const tooLong = training > windows.commitMinutes * 60;
  return (
    <dl class="review-summary" data-testid="review-summary">
      <Row label="Title">{spec.title}</Row>
      <Row label="Description">
        {spec.description ? (
          <span class="description">
            {spec.description.length > 300
              ? `${spec.description.slice(0, 300)}…`
              : spec.description}
          </span>
        ) : (
          <span class="muted">none</span>
        )}
      </Row>
      <Row label="Bounty">
        {formatTfuel(bountyWei, 18)} TFuel, escrowed by the transaction; paid to the best submission
        at or above the minimum score, or refunded to you.
      </Row>
      <Row label="Minimum score">
        {formatScore(minScore)}:{' '}
        {minScore === 0n
          ? 'the best submission is paid whatever it scores.'
          : minScore >= KEY_GATE_SCORE
            ? 'only a pair that decrypts every test bit with a key-dependent cipher can be paid.'
            : minScore >= PERFECT_DECRYPTION_SCORE
              ? 'only a pair whose Bob decrypts every test bit can be paid.'
              : 'pairs that miss some bits can still be paid.'}
      </Row>
      <Row label="Deadlines">
        Commits close {minutes(windows.commitMinutes)} after creation (about {at(commit)}), reveals{' '}
        {minutes(windows.revealMinutes)} later ({at(reveal)}), scores{' '}
        {minutes(windows.scoringMinutes)} after that ({at(scoring)}).
      </Row>
      <Row label="Cipher">
        Blocks of {t.payloadWords} × 16-bit words;{' '}
        {t.keyRegime === 'short-key'
          ? `a short key of ${t.keyWords} words per stream, given to Alice and Bob as inputs`
          : 'a one-time pad (a fresh key word for every plaintext word)'}
        .
      </Row>
      <Row label="Training">
        {t.population.toLocaleString('en')} agents ({t.noveltyMapSize.toLocaleString('en')} kept as
        parents), {t.steps.toLocaleString('en')} steps per episode, at most{' '}
        {t.generations.toLocaleString('en')} generations; Eve advantage {t.eveAdvantage}.
      </Row>
      <Row label="Longest training">
        <span data-testid="training-estimate">
          {roughDuration(training)} of Alice and Bob on one core
        </span>{' '}
        (Eve’s training adds to it; more cores and an early solution make it shorter).
        {tooLong ? (
          <strong class="warning">
            {' '}
            Longer than the commit window: nodes stop training when it closes.
          </strong>
        ) : null}
      </Row>
      <Row label="Scoring">
        {s.streams.count.toLocaleString('en')} random streams of{' '}
        {s.streams.words.toLocaleString('en')} words, plus zeros, English text and an image; NIST SP
        800-22, correlation, key sensitivity and a fresh Eve ({s.eve.generations} generations of{' '}
        {s.eve.population}), weighted {s.weights.nist}/{s.weights.correlation}/
        {s.weights.keySensitivity}/{s.weights.eve}.
      </Row>
      <Row label="Verifier">
        <code>{spec.verifier.url}</code>, signing as <code>{spec.verifier.address}</code>
      </Row>
    </dl>
  );
}
