import type { MarketSubmission, MarketTask } from '../market/types.js';
import type { ScoreGroup, VerifierScore } from '../market/signed-scores.js';
import type { TaskVerifierEndpoint } from '../market/verifier-endpoints.js';
import { formatScore, gatewayUrl } from '../format/index.js';
import { Address } from './address.js';
import { SafeLink } from './safe-link.js';
import type { Standing } from './rank.js';
import { Score } from './score.js';
import { CardTableHead } from './card-table-head.js';
import type { ComponentChildren } from 'preact';

const COLUMNS = ['Rank', 'Score', 'Status', 'Solver and result', 'Actions', 'Verifiers'] as const;

interface Props {
  task: MarketTask;
  /** Every submission, ranked (`rankStandings`). */
  standings: Standing[];
  gateway: string;
  endpoints: readonly TaskVerifierEndpoint[];
  /** Submission id → verifier index → what it signed. */
  signed: ReadonlyMap<string, ReadonlyMap<number, VerifierScore>>;
  /** Whether the reveal window is over (unrevealed commitments forfeit their bond). */
  revealsClosed: boolean;
  onRecheck?: (submission: MarketSubmission) => void;
  /** The words of the link to a submission's view (its kind's), once the spec says the kind. */
  viewLabel?: string | undefined;
  /** The task's kind, once its spec is read: what each score's band means. */
  kind?: string | undefined;
  /** Extra actions of a row (e.g. relaying its score). */
  rowActions?: (standing: Standing) => ComponentChildren;
}

/** "verifier 2" by its index in the task's set (1-based for people). */
export const verifierName = (index: number) => `verifier ${index + 1}`;

function statusOf(task: MarketTask, standing: Standing, revealsClosed: boolean): string {
  const s = standing.submission;
  if (standing.basis === 'chain') {
    return task.bestSubmissionId === s.id ? 'Scored (best)' : 'Scored';
  }
  if (standing.basis === 'quorum') return 'Signed by a quorum, not relayed';
  if (standing.basis === 'unconfirmed') return 'Signed, no quorum yet';
  if (s.revealed) return 'Revealed';
  return revealsClosed ? 'Never revealed: bond forfeited' : 'Committed';
}

function VerifierLine({
  endpoint,
  state,
}: {
  endpoint: TaskVerifierEndpoint;
  state: VerifierScore | undefined;
}) {
  const name = (
    <>
      {verifierName(endpoint.index)} <Address value={endpoint.address} />
    </>
  );
  if (!state) return <li>{name}: waits for the test seed</li>;
  switch (state.status) {
    case 'signed':
      return (
        <li data-verifier={endpoint.address} data-signed={state.score.toString()}>
          {name}: signed {formatScore(state.score)}
        </li>
      );
    case 'asking':
      return <li data-verifier={endpoint.address}>{name}: asking…</li>;
    case 'no-endpoint':
      return <li data-verifier={endpoint.address}>{name}: no endpoint known to this site</li>;
    case 'invalid':
      return (
        <li data-verifier={endpoint.address} class="error">
          {name}: sent {formatScore(state.score)} with a bad signature ({state.reason}), ignored
        </li>
      );
    case 'unanswered':
      return (
        <li data-verifier={endpoint.address} class="muted">
          {name}: no signed score ({state.message})
        </li>
      );
  }
}

function names(indexes: readonly number[]): string {
  const list = indexes.map(verifierName);
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

const signerIndexes = (mask: number, n: number) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => (mask >> i) & 1);

/** Which verifiers agree on which score, and what the chain recorded. */
function Agreement({ task, groups }: { task: MarketTask; groups: ScoreGroup[] }) {
  if (groups.length === 0) return null;
  const n = task.verifierCount;
  return (
    <ul class="agreement">
      {groups.map((g) => (
        <li key={g.score.toString()} data-agreed={g.score.toString()}>
          {formatScore(g.score)}: signed by {names(g.signers)}
          {n > 1
            ? ` (${g.signers.length} of ${n}; ${task.threshold} needed${g.quorum ? ': a quorum' : ''})`
            : ''}
          .{' '}
          {g.recorded
            ? `Recorded on chain${n > 1 ? ` with the signatures of ${names(signerIndexes(g.recorded.signers, n))}` : ''}${g.recorded.best ? ', the best when recorded' : ''}.`
            : 'Not on chain.'}
        </li>
      ))}
    </ul>
  );
}

/**
 * The full leaderboard of a task: every submission, ranked by the score that counts (recorded, or
 * signed by m verifiers), with each verifier's signed score, which verifiers agree, and what the
 * chain recorded (it keeps only scores that beat the best). A table on wide screens; on phones
 * each row is a card (styles.css), so score and actions stay on screen.
 */
export function Leaderboard({
  task,
  standings,
  gateway,
  endpoints,
  signed,
  revealsClosed,
  onRecheck,
  viewLabel,
  kind,
  rowActions,
}: Props) {
  if (standings.length === 0) return <p>No submissions yet.</p>;
  let rank = 0;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard table">
      <table class="leaderboard card-table" role="table">
        <caption class="visually-hidden">Leaderboard of task {task.id.toString()}</caption>
        <CardTableHead columns={COLUMNS} />
        <tbody role="rowgroup">
          {standings.map((standing) => {
            const s = standing.submission;
            const counts = standing.basis === 'chain' || standing.basis === 'quorum';
            if (counts) rank++;
            const best = task.bestSubmissionId !== 0n && s.id === task.bestSubmissionId;
            const link = s.resultCid ? gatewayUrl(gateway, s.resultCid) : null;
            const answers = signed.get(s.id.toString());
            return (
              <tr
                key={s.id.toString()}
                role="row"
                class={best ? 'best' : undefined}
                data-submission-id={s.id.toString()}
              >
                <td role="cell" class="rank" data-label="Rank">
                  <span>
                    {counts ? rank : '–'}{' '}
                    <span class="muted sub">(submission #{s.id.toString()})</span>
                  </span>
                </td>
                <td role="cell" class="score" data-label="Score">
                  {standing.score !== null ? <Score value={standing.score} kind={kind} /> : '–'}
                </td>
                <td role="cell" class="status" data-label="Status">
                  {statusOf(task, standing, revealsClosed)}
                </td>
                <td role="cell" data-label="Solver and result">
                  <span>
                    <Address value={s.solver} />
                    <span class="sub">
                      {s.resultCid ? (
                        <SafeLink href={link}>
                          <code title={s.resultCid}>{s.resultCid.slice(0, 14)}…</code>
                        </SafeLink>
                      ) : (
                        'result hidden until reveal'
                      )}
                    </span>
                  </span>
                </td>
                <td role="cell" data-label="Actions">
                  <div class="actions">
                    {s.revealed && onRecheck ? (
                      <button type="button" onClick={() => onRecheck(s)}>
                        Re-check score
                      </button>
                    ) : null}
                    {s.revealed && viewLabel ? (
                      <a href={`#/tasks/${task.id}/preview/${s.id}`}>{viewLabel}</a>
                    ) : null}
                    {rowActions?.(standing)}
                  </div>
                </td>
                <td role="cell" class="verifiers" data-label="Verifiers">
                  {s.revealed ? (
                    <div>
                      <ul class="signatures">
                        {endpoints.map((e) => (
                          <VerifierLine
                            key={e.address}
                            endpoint={e}
                            state={answers?.get(e.index)}
                          />
                        ))}
                      </ul>
                      <Agreement task={task} groups={standing.groups} />
                    </div>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
