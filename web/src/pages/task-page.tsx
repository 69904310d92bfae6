import { useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { Address } from '../components/address.js';
import { ClockNote, DeadlineTime } from '../components/deadline.js';
import { Leaderboard } from '../components/leaderboard.js';
import { PhaseBadge } from '../components/phase-badge.js';
import { SafeLink } from '../components/safe-link.js';
import { SpecView } from '../components/spec-view.js';
import { Tfuel } from '../components/tfuel.js';
import { useAsync } from '../components/use-async.js';
import { useChainNow } from '../components/use-now.js';
import {
  formatScore,
  gatewayUrl,
  KEY_GATE_SCORE,
  MAX_SCORE,
  PERFECT_DECRYPTION_SCORE,
} from '../format/index.js';
import { ScoreScale } from '../components/score.js';
import { TaskReadError } from './task-read-error.js';
import { useSpec } from '../ipfs/use-spec.js';
import { taskPhase } from '../market/phase.js';
import type { MarketSubmission } from '../market/types.js';
import { RecheckPanel } from '../scoring/recheck-panel.js';
import { NoMarket } from './no-market.js';
import { SolverPanel } from './solver-panel.js';
import { FinalizePanel } from './finalize-panel.js';
import { CancelPanel } from './cancel-panel.js';

/** One task: spec, deadlines, leaderboard, and the actions its phase allows. */
export function TaskPage({ taskId }: { taskId: bigint }) {
  const { reader, loaded } = useServices();
  const now = useChainNow();
  const data = useAsync(
    async () =>
      reader ? Promise.all([reader.getTask(taskId), reader.getSubmissions(taskId)]) : null,
    [reader, taskId],
  );
  const task = data.status === 'ready' && data.value ? data.value[0] : null;
  const spec = useSpec(task ? task.specCid : null);
  const [recheck, setRecheck] = useState<MarketSubmission | null>(null);

  if (!reader) return <NoMarket />;
  if (data.status === 'loading' && !task)
    return <p role="status">Loading task {taskId.toString()}…</p>;
  if (data.status === 'error') return <TaskReadError taskId={taskId} error={data.error} />;
  if (!task || data.status !== 'ready' || !data.value) return null;
  const submissions = data.value[1];
  const phase = taskPhase(task, now);
  const gateway = loaded.config.linkGateway;
  const title = spec?.ok ? spec.spec.title : `Task ${task.id}`;

  return (
    <article aria-labelledby="task-heading">
      <p>
        <a href="#/">← All tasks</a>
      </p>
      <h1 id="task-heading">
        <span class="task-number">#{task.id.toString()}</span>{' '}
        <span data-testid="task-title">{title}</span>
      </h1>
      <div class="task-summary">
        <PhaseBadge phase={phase} />
        <span>
          Bounty <Tfuel wei={task.bounty} />
        </span>
        <span>
          Owner <Address value={task.owner} />
        </span>
        <span data-testid="min-score">
          Minimum score {formatScore(task.minScore)}{' '}
          <span class="muted">
            (scores run to {formatScore(MAX_SCORE)}; {formatScore(PERFECT_DECRYPTION_SCORE)} is a
            perfect decryption, {formatScore(KEY_GATE_SCORE)} a key-dependent cipher)
          </span>
        </span>
      </div>

      <section aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading">Deadlines</h2>
        <ul class="deadlines">
          {(
            [
              ['Commit', task.commitDeadline],
              ['Reveal', task.revealDeadline],
              ['Scoring', task.scoringDeadline],
            ] as const
          ).map(([label, deadline]) => (
            <li key={label}>
              <strong>{label}</strong> <DeadlineTime deadline={deadline} now={now} />
            </li>
          ))}
        </ul>
        <ClockNote />
      </section>

      <section aria-labelledby="spec-heading">
        <h2 id="spec-heading">Task spec</h2>
        <p class="muted">
          Spec CID:{' '}
          {task.specCid ? (
            <SafeLink href={gatewayUrl(gateway, task.specCid)}>
              <code>{task.specCid}</code>
            </SafeLink>
          ) : (
            'not a valid CID'
          )}
        </p>
        {spec === null ? (
          <p role="status">Fetching the spec from IPFS (every block verified)…</p>
        ) : null}
        {spec && !spec.ok ? (
          <p role="alert" class="error">
            The spec could not be used: {spec.message}
          </p>
        ) : null}
        {spec?.ok ? <SpecView spec={spec.spec} /> : null}
      </section>

      <section aria-labelledby="leaderboard-heading">
        <h2 id="leaderboard-heading">Leaderboard</h2>
        <ScoreScale />
        <Leaderboard
          task={task}
          submissions={submissions}
          gateway={gateway}
          onRecheck={setRecheck}
        />
        {recheck && spec?.ok ? (
          <RecheckPanel
            task={task}
            spec={spec.spec}
            submission={recheck}
            onClose={() => setRecheck(null)}
          />
        ) : null}
      </section>

      <SolverPanel task={task} phase={phase} submissions={submissions} />
      <FinalizePanel task={task} phase={phase} />
      <CancelPanel task={task} phase={phase} />
    </article>
  );
}
