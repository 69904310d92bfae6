import type { AnyTaskSpec } from '@tem/core/kinds';
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
import { wizardKind } from './kind-params.js';
import type { TaskParams } from './task-params.js';

interface Props {
  spec: AnyTaskSpec;
  params: TaskParams;
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

const span = (seconds: number) => {
  const m = seconds / 60;
  return m % 1440 === 0
    ? `${m / 1440} day${m === 1440 ? '' : 's'}`
    : m % 60 === 0
      ? `${m / 60} h`
      : `${m} min`;
};

/** The task as a reader would check it before paying: every choice in words, with its consequence. */
export function ReviewSummary({ spec, params, chainNow }: Props) {
  const { clockSkew } = useServices();
  const p = params;
  const commit = chainNow + p.commitSeconds;
  const reveal = commit + p.revealSeconds;
  const scoring = reveal + p.scoringSeconds;
  const at = (deadline: number) => describeDeadline(deadline, clockSkew).local;
  const n = p.verifiers.length;
  const cipher = spec.kind === 'bisuna-cipher' ? spec : null;
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
        {formatTfuel(p.bounty, 18)} TFuel, escrowed by the transaction; paid to the best submission
        at or above the minimum score, or refunded to you.
      </Row>
      <Row label="Commit bond">
        <span data-testid="review-bond">
          {p.commitBond === 0n
            ? 'None: committing costs only gas.'
            : `${formatTfuel(p.commitBond, 18)} TFuel per commit, returned on reveal; bonds of commitments never revealed are paid out with the bounty.`}
        </span>
      </Row>
      <Row label="Task kind">
        <span data-testid="review-kind">
          {wizardKind(spec.kind).title} (<code>{spec.kind}</code>)
        </span>
      </Row>
      <Row label="Minimum score">
        {formatScore(p.minScore)}:{' '}
        {p.minScore === 0n
          ? 'the best submission is paid whatever it scores.'
          : !cipher
            ? 'submissions scoring less are not paid (see the kind’s score below).'
            : p.minScore >= KEY_GATE_SCORE
              ? 'only a pair that decrypts every test bit with a key-dependent cipher can be paid.'
              : p.minScore >= PERFECT_DECRYPTION_SCORE
                ? 'only a pair whose Bob decrypts every test bit can be paid.'
                : 'pairs that miss some bits can still be paid.'}
      </Row>
      <Row label="Verifiers">
        <span data-testid="review-verifiers">
          {n === 1
            ? 'One verifier decides every score: '
            : `A score counts when ${p.threshold} of these ${n} sign it (in ascending order, as the contract keeps them): `}
          {p.verifiers.map((v, i) => (
            <span key={v}>
              {i > 0 ? ', ' : ''}
              <code class="hash">{v}</code>
            </span>
          ))}
          .
        </span>
      </Row>
      <Row label="Deadlines">
        Commits close {span(p.commitSeconds)} after creation (about {at(commit)}), reveals{' '}
        {span(p.revealSeconds)} later ({at(reveal)}),{' '}
        {n > 1
          ? `then the verifiers fix the test seed in two halves of ${span(p.seedWindow)}, and `
          : 'then the verifier fixes the test seed, and '}
        scores are recorded until {span(p.scoringSeconds)} after the reveal deadline ({at(scoring)}
        ).
      </Row>
      {cipher ? (
        <CipherRows spec={cipher} commitSeconds={p.commitSeconds} />
      ) : (
        wizardKind(spec.kind)
          .describe(spec)
          .map((row) => (
            <Row key={row.label} label={row.label}>
              {row.value}
              {row.help ? <span class="help">{row.help}</span> : null}
            </Row>
          ))
      )}
      <Row label="Spec's verifier">
        <code>{spec.verifier.url}</code>, signing as <code>{spec.verifier.address}</code>
      </Row>
    </dl>
  );
}

/** The cipher's parameters, its training estimate and its scoring, in words. */
function CipherRows({ spec, commitSeconds }: { spec: TaskSpec; commitSeconds: number }) {
  const t = spec.training;
  const s = spec.scoring;
  const training = longestTrainingSeconds(t);
  const tooLong = training > commitSeconds;
  return (
    <>
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
    </>
  );
}
