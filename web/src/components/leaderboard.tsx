import type { MarketSubmission, MarketTask } from '../market/types.js';
import { gatewayUrl } from '../format/index.js';
import { Address } from './address.js';
import { SafeLink } from './safe-link.js';
import { rankSubmissions } from './rank.js';

interface Props {
  task: MarketTask;
  submissions: MarketSubmission[];
  gateway: string;
  onRecheck?: (submission: MarketSubmission) => void;
}

/** The leaderboard of a task: rank, solver, status, score, bundle link, re-check and preview. */
export function Leaderboard({ task, submissions, gateway, onRecheck }: Props) {
  if (submissions.length === 0) return <p>No submissions yet.</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard table">
      <table class="leaderboard">
        <caption class="visually-hidden">Leaderboard of task {task.id.toString()}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Submission</th>
            <th scope="col">Solver</th>
            <th scope="col">Status</th>
            <th scope="col">Score</th>
            <th scope="col">Result bundle</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rankSubmissions(submissions).map((s, i) => {
            const best = task.bestSubmissionId !== 0n && s.id === task.bestSubmissionId && s.scored;
            const link = s.resultCid ? gatewayUrl(gateway, s.resultCid) : null;
            return (
              <tr
                key={s.id.toString()}
                class={best ? 'best' : undefined}
                data-submission-id={s.id.toString()}
              >
                <td>{s.scored ? i + 1 : '–'}</td>
                <td>#{s.id.toString()}</td>
                <td>
                  <Address value={s.solver} />
                </td>
                <td>
                  {s.scored
                    ? best
                      ? 'Scored (best)'
                      : 'Scored'
                    : s.revealed
                      ? 'Revealed'
                      : 'Committed'}
                </td>
                <td class="score">{s.scored ? s.score.toString() : '–'}</td>
                <td>
                  {s.resultCid ? (
                    <SafeLink href={link}>
                      <code>{s.resultCid.slice(0, 14)}…</code>
                    </SafeLink>
                  ) : (
                    'hidden until reveal'
                  )}
                </td>
                <td>
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
