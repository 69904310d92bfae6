import type { MarketSubmission, MarketTask } from '../market/types.js';
import { gatewayUrl } from '../format/index.js';
import { Address } from './address.js';
import { SafeLink } from './safe-link.js';
import { rankSubmissions } from './rank.js';
import { Score } from './score.js';
import { CardTableHead } from './card-table-head.js';

const COLUMNS = ['Rank', 'Score', 'Status', 'Solver', 'Result bundle', 'Actions'] as const;

interface Props {
  task: MarketTask;
  submissions: MarketSubmission[];
  gateway: string;
  onRecheck?: (submission: MarketSubmission) => void;
}

/**
 * The leaderboard of a task: rank, score, status, solver, bundle link, re-check and preview. A
 * table on wide screens; on phones each row is a card (styles.css), so score and actions stay
 * on screen. The explicit roles keep it a table for screen readers in both layouts.
 */
export function Leaderboard({ task, submissions, gateway, onRecheck }: Props) {
  if (submissions.length === 0) return <p>No submissions yet.</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard table">
      <table class="leaderboard card-table" role="table">
        <caption class="visually-hidden">Leaderboard of task {task.id.toString()}</caption>
        <CardTableHead columns={COLUMNS} />
        <tbody role="rowgroup">
          {rankSubmissions(submissions).map((s, i) => {
            const best = task.bestSubmissionId !== 0n && s.id === task.bestSubmissionId && s.scored;
            const link = s.resultCid ? gatewayUrl(gateway, s.resultCid) : null;
            return (
              <tr
                key={s.id.toString()}
                role="row"
                class={best ? 'best' : undefined}
                data-submission-id={s.id.toString()}
              >
                <td role="cell" class="rank" data-label="Rank">
                  {s.scored ? i + 1 : '–'}{' '}
                  <span class="muted">(submission #{s.id.toString()})</span>
                </td>
                <td role="cell" class="score" data-label="Score">
                  {s.scored ? <Score value={s.score} /> : '–'}
                </td>
                <td role="cell" data-label="Status">
                  {s.scored
                    ? best
                      ? 'Scored (best)'
                      : 'Scored'
                    : s.revealed
                      ? 'Revealed'
                      : 'Committed'}
                </td>
                <td role="cell" data-label="Solver">
                  <Address value={s.solver} />
                </td>
                <td role="cell" data-label="Result bundle">
                  {s.resultCid ? (
                    <SafeLink href={link}>
                      <code title={s.resultCid}>{s.resultCid.slice(0, 14)}…</code>
                    </SafeLink>
                  ) : (
                    'hidden until reveal'
                  )}
                </td>
                <td role="cell" data-label="Actions">
                  <div class="actions">
                    {s.revealed && onRecheck ? (
                      <button type="button" onClick={() => onRecheck(s)}>
                        Re-check score
                      </button>
                    ) : null}
                    {s.revealed ? (
                      <a href={`#/tasks/${task.id}/preview/${s.id}`}>Encryption preview</a>
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
