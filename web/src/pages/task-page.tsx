import { useMemo, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { connectOrigins } from '../config/index.js';
import { Address } from '../components/address.js';
import { ClockNote, DeadlineTime } from '../components/deadline.js';
import { Leaderboard } from '../components/leaderboard.js';
import { PhaseBadge } from '../components/phase-badge.js';
import { rankStandings, standingOf } from '../components/rank.js';
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
import { scoreGroups } from '../market/signed-scores.js';
import type { TaskBoard } from '../market/task-board.js';
import type { MarketSubmission } from '../market/types.js';
import { useSignedScores } from '../market/use-signed-scores.js';
import { taskVerifierEndpoints } from '../market/verifier-endpoints.js';
import { CIPHER_KIND } from '../kinds/spec-kind.js';
import { kindView } from '../kinds/views.js';
import { RecheckPanel } from '../scoring/recheck-panel.js';
import { NoMarket } from './no-market.js';
import { SolverPanel } from './solver-panel.js';
import { FinalizePanel } from './finalize-panel.js';
import { CancelPanel } from './cancel-panel.js';
import { SeedPanel } from './seed-panel.js';
import { RelayScore } from './relay-score.js';

/** The commit bond and what happened to unrevealed commitments' bonds. */
function Bonds({ board, now }: { board: TaskBoard; now: number }) {
  const { task } = board;
  const unrevealed = task.submissionCount - task.revealCount;
  const closed = BigInt(now) >= task.revealDeadline;
  return (
    <span data-testid="bond">
      Commit bond <Tfuel wei={task.commitBond} />
      {task.commitBond > 0n && unrevealed > 0n ? (
        closed ? (
          <span class="muted" data-testid="forfeited">
            {' '}
            ({unrevealed.toString()} never revealed: <Tfuel wei={task.commitBond * unrevealed} />{' '}
            forfeited, paid with the bounty)
          </span>
        ) : (
          <span class="muted"> ({unrevealed.toString()} held until revealed)</span>
        )
      ) : null}
    </span>
  );
}

/** One task: spec, deadlines, verifiers and seed, leaderboard, and the actions its phase allows. */
export function TaskPage({ taskId }: { taskId: bigint }) {
  const { reader, loaded } = useServices();
  const now = useChainNow();
  const data = useAsync(async () => (reader ? reader.getBoard(taskId) : null), [reader, taskId]);
  const board = data.status === 'ready' ? data.value : null;
  const task = board?.task ?? null;
  const spec = useSpec(task);
  const [recheck, setRecheck] = useState<MarketSubmission | null>(null);
  const config = loaded.config;
  const domain = useMemo(
    () => ({ chainId: config.chainId, contract: config.marketAddress ?? '' }),
    [config.chainId, config.marketAddress],
  );
  const verifierKey = task?.verifiers.join(',') ?? '';
  // The spec's endpoints (core's `specVerifiers`, inlined: the spec module carries zod).
  const specListed = spec?.ok ? (spec.spec.verifiers ?? [spec.spec.verifier]) : [];
  const specKey = specListed.map((v) => `${v.address}=${v.url}`).join(',');
  const endpoints = useMemo(
    () =>
      task
        ? taskVerifierEndpoints(
            task.verifiers,
            config.verifiers,
            specListed,
            connectOrigins(config),
          )
        : [],
    [verifierKey, specKey, config],
  );
  const signed = useSignedScores(domain, board, endpoints);

  if (!reader) return <NoMarket />;
  if (data.status === 'loading' && !task)
    return <p role="status">Loading task {taskId.toString()}…</p>;
  if (data.status === 'error') return <TaskReadError taskId={taskId} error={data.error} />;
  if (!board || !task) return null;
  const phase = taskPhase(task, now);
  const gateway = config.linkGateway;
  const title = spec?.ok ? spec.spec.title : `Task ${task.id}`;
  const standings = rankStandings(
    board.submissions.map((s) =>
      standingOf(s, scoreGroups(task, s, signed.scores.get(s.id.toString()) ?? new Map())),
    ),
  );
  const deadlines: [string, bigint][] = [
    ['Commit', task.commitDeadline],
    ['Reveal', task.revealDeadline],
    ...(task.verifierCount > 1
      ? ([
          ['Seed commitments', task.seedCommitDeadline],
          ['Seed contributions', task.seedRevealDeadline],
        ] as [string, bigint][])
      : []),
    ['Scoring', task.scoringDeadline],
  ];
  const unanswered = [...signed.scores.values()].some((row) =>
    [...row.values()].some((v) => v.status === 'unanswered'),
  );

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
        <Bonds board={board} now={now} />
        <span>
          Owner <Address value={task.owner} />
        </span>
        <span data-testid="threshold">
          {task.verifierCount === 1
            ? 'One verifier'
            : `${task.threshold} of ${task.verifierCount} verifiers`}
        </span>
        <span data-testid="min-score">
          Minimum score {formatScore(task.minScore)}{' '}
          <span class="muted">
            {spec?.ok && spec.spec.kind !== CIPHER_KIND ? (
              <>(scores run to {formatScore(MAX_SCORE)}; see the spec for this kind’s scale)</>
            ) : (
              <>
                (scores run to {formatScore(MAX_SCORE)}; {formatScore(PERFECT_DECRYPTION_SCORE)} is
                a perfect decryption, {formatScore(KEY_GATE_SCORE)} a key-dependent cipher)
              </>
            )}
          </span>
        </span>
      </div>

      <section aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading">Deadlines</h2>
        <ul class="deadlines">
          {deadlines.map(([label, deadline]) => (
            <li key={label}>
              <strong>{label}</strong> <DeadlineTime deadline={deadline} now={now} />
            </li>
          ))}
        </ul>
        <ClockNote />
      </section>

      <SeedPanel board={board} now={now} domain={domain} endpoints={endpoints} />

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
        {spec?.ok ? <SpecView spec={spec.spec} kind={spec.kind} /> : null}
      </section>

      <section aria-labelledby="leaderboard-heading">
        <h2 id="leaderboard-heading">Leaderboard</h2>
        {spec?.ok && spec.spec.kind !== CIPHER_KIND ? (
          <p class="muted score-scale" data-testid="score-scale">
            {spec.kind.rows.find((r) => r.label === 'Score')?.value ?? ''}
          </p>
        ) : (
          <ScoreScale />
        )}
        <p class="muted">
          Every revealed submission with every score its verifiers signed. The chain records only
          scores that beat the best so far; a score signed by{' '}
          {task.verifierCount === 1 ? 'the verifier' : `${task.threshold} verifiers`} counts once
          anyone relays it.
        </p>
        <Leaderboard
          task={task}
          standings={standings}
          gateway={gateway}
          endpoints={endpoints}
          signed={signed.scores}
          revealsClosed={BigInt(now) >= task.revealDeadline}
          onRecheck={setRecheck}
          viewLabel={spec?.ok ? kindView(spec.kind.id)?.label : undefined}
          kind={spec?.ok ? spec.kind.id : undefined}
          rowActions={(standing) => <RelayScore task={task} standing={standing} />}
        />
        {unanswered ? (
          <p>
            <button type="button" class="secondary" onClick={signed.retry}>
              Ask the verifiers again
            </button>
          </p>
        ) : null}
        {recheck && spec?.ok ? (
          <RecheckPanel
            task={task}
            spec={spec.spec}
            submission={recheck}
            signed={signed.scores.get(recheck.id.toString()) ?? new Map()}
            onClose={() => setRecheck(null)}
          />
        ) : null}
      </section>

      <SolverPanel
        task={task}
        phase={phase}
        submissions={board.submissions}
        kind={spec?.ok ? spec.kind : null}
      />
      <FinalizePanel board={board} phase={phase} />
      <CancelPanel task={task} phase={phase} />
    </article>
  );
}
