import { useEffect, useState } from 'preact/hooks';
import type { AnyTaskSpec } from '@tem/core/kinds';
import { useServices } from '../app-context.js';
import type { VerifierScore } from '../market/signed-scores.js';
import type { MarketSubmission, MarketTask } from '../market/types.js';
import type { ScoreRequest } from './score-protocol.js';
import { runInScoreWorker } from './start-worker.js';
import { Score } from '../components/score.js';
import { formatScore } from '../format/index.js';

type State =
  | { status: 'running'; stage: string; fraction: number }
  | { status: 'done'; score: bigint; terms: Record<string, number> }
  | { status: 'failed'; message: string };

const ZERO_SEED = /^0x0*$/;

/** What the verifiers signed, against the score computed here. */
function compareSigned(score: bigint, signed: ReadonlyMap<number, VerifierScore>): string | null {
  const scores = [...signed.values()].flatMap((v) => (v.status === 'signed' ? [v.score] : []));
  if (scores.length === 0) return null;
  const agree = scores.filter((s) => s === score).length;
  return agree === scores.length
    ? `Every verifier that answered signed the same (${agree}).`
    : `${agree} of the ${scores.length} verifiers that answered signed the same; the others signed other scores.`;
}

/**
 * Re-scores a submission in a Web Worker with progress, over the test seed fixed on chain, and
 * compares with the score recorded on chain and the scores its verifiers signed.
 */
export function RecheckPanel({
  task,
  spec,
  submission,
  signed,
  onClose,
}: {
  task: MarketTask;
  spec: AnyTaskSpec;
  submission: MarketSubmission;
  /** Verifier index → what it signed for this submission. */
  signed: ReadonlyMap<number, VerifierScore>;
  onClose: () => void;
}) {
  const { loaded } = useServices();
  const [state, setState] = useState<State>({ status: 'running', stage: 'starting', fraction: 0 });

  useEffect(() => {
    if (!submission.resultCid) {
      setState({ status: 'failed', message: 'the submission has no revealed result CID' });
      return;
    }
    if (ZERO_SEED.test(task.testSeed)) {
      setState({
        status: 'failed',
        message: 'no test seed is fixed on chain yet, and scores are computed over it',
      });
      return;
    }
    setState({ status: 'running', stage: 'starting', fraction: 0 });
    const request: ScoreRequest = {
      type: 'score',
      gateways: loaded.config.gateways,
      spec,
      resultCid: submission.resultCid,
      testSeed: task.testSeed,
    };
    return runInScoreWorker(request, {
      progress: (stage, fraction) => setState({ status: 'running', stage, fraction }),
      done: (m) => setState({ status: 'done', score: BigInt(m.score), terms: m.terms }),
      failed: (message) => setState({ status: 'failed', message }),
    });
  }, [submission.id, submission.resultCid, task.testSeed, spec, loaded.config.gateways]);

  return (
    <div class="panel recheck" role="region" aria-label={`Re-check of submission ${submission.id}`}>
      <h3>Re-check of submission #{submission.id.toString()}</h3>
      {state.status === 'running' ? (
        <div>
          <label for="recheck-progress">Scoring in your browser: {state.stage}</label>
          <progress id="recheck-progress" max={1} value={state.fraction} />
        </div>
      ) : null}
      {state.status === 'done' ? (
        <div role="status" data-testid="recheck-result">
          <p>
            Score computed in your browser: <Score value={state.score} kind={spec.kind} />.{' '}
            {submission.scored
              ? state.score === submission.score
                ? 'It matches the score recorded on chain.'
                : `It differs from the score recorded on chain (${formatScore(submission.score)}).`
              : 'No score is recorded on chain yet.'}{' '}
            {compareSigned(state.score, signed)}
          </p>
          <p class="muted">
            Computed over the test seed on chain, <code class="hash">{task.testSeed}</code>.
          </p>
          <details>
            <summary>
              {spec.kind === 'bisuna-cipher'
                ? 'Score terms (parts per million; perfect is 0 or 1)'
                : 'Score terms (see the task kind’s formula)'}
            </summary>
            <dl>
              {Object.entries(state.terms).map(([k, v]) => (
                <>
                  <dt key={`${k}-t`}>{k}</dt>
                  <dd key={`${k}-d`}>{String(v)}</dd>
                </>
              ))}
            </dl>
          </details>
        </div>
      ) : null}
      {state.status === 'failed' ? (
        <p role="alert" class="error">
          Re-check failed: {state.message}
        </p>
      ) : null}
      <button type="button" onClick={onClose}>
        {state.status === 'running' ? 'Cancel' : 'Close'}
      </button>
    </div>
  );
}
