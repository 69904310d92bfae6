import { useMemo, useState } from 'preact/hooks';
import { useServices } from '../app-context.js';
import { Countdown } from '../components/countdown.js';
import { PhaseBadge } from '../components/phase-badge.js';
import { Tfuel } from '../components/tfuel.js';
import { useAsync } from '../components/use-async.js';
import { useChainNow } from '../components/use-now.js';
import { PHASE_LABELS, taskPhase } from '../market/phase.js';
import type { MarketTask, TaskPhase } from '../market/types.js';
import { useSpecTitles } from '../ipfs/use-spec.js';
import { NoMarket } from './no-market.js';
import { HomeIntro } from './home-intro.js';
import { Score } from '../components/score.js';
import { CardTableHead } from '../components/card-table-head.js';

type SortKey = 'newest' | 'bounty' | 'deadline';

const COLUMNS = [
  'Task',
  'Bounty',
  'Phase',
  'Best score',
  'Commit',
  'Reveal',
  'Scoring',
  'Submissions',
] as const;

const nextDeadline = (task: MarketTask, now: number): number =>
  [task.commitDeadline, task.revealDeadline, task.scoringDeadline]
    .map(Number)
    .find((d) => d > now) ?? Number(task.scoringDeadline);

/** The home page: what the marketplace is, then every task with bounty, phase, best score and countdowns; filter, sort, search. */
export function TaskList() {
  const { reader } = useServices();
  const now = useChainNow();
  const tasks = useAsync(() => (reader ? reader.listTasks() : Promise.resolve([])), [reader]);
  const [phase, setPhase] = useState<TaskPhase | 'all'>('all');
  const [sort, setSort] = useState<SortKey>('newest');
  const [query, setQuery] = useState('');
  const list = tasks.status === 'ready' ? tasks.value : [];
  const titles = useSpecTitles(list);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = list.filter(
      (t) =>
        (phase === 'all' || taskPhase(t, now) === phase) &&
        (!q ||
          `${titles.get(t.id.toString())?.title ?? ''} ${titles.get(t.id.toString())?.kind ?? ''}`
            .toLowerCase()
            .includes(q) ||
          t.id.toString() === q),
    );
    const sorted = [...filtered];
    if (sort === 'bounty')
      sorted.sort((a, b) => (b.bounty > a.bounty ? 1 : b.bounty < a.bounty ? -1 : 0));
    if (sort === 'deadline') sorted.sort((a, b) => nextDeadline(a, now) - nextDeadline(b, now));
    return sorted;
  }, [list, phase, sort, query, now, titles]);

  if (!reader) return <NoMarket />;
  return (
    <>
      <HomeIntro />
      <section aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Tasks</h2>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Phase
            <select
              value={phase}
              onChange={(e) => setPhase(e.currentTarget.value as TaskPhase | 'all')}
            >
              <option value="all">All phases</option>
              {(Object.keys(PHASE_LABELS) as TaskPhase[]).map((p) => (
                <option key={p} value={p}>
                  {PHASE_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Sort by
            <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
              <option value="newest">Newest</option>
              <option value="bounty">Bounty</option>
              <option value="deadline">Next deadline</option>
            </select>
          </label>
          <label>
            Search
            <input
              type="search"
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
              placeholder="title, kind or id"
            />
          </label>
        </form>
        {tasks.status === 'loading' && list.length === 0 ? (
          <p role="status">Loading tasks from the chain…</p>
        ) : null}
        {tasks.status === 'error' ? (
          <p role="alert" class="error">
            Could not read tasks: {tasks.message}
          </p>
        ) : null}
        {tasks.status === 'ready' && shown.length === 0 ? <p>No tasks match.</p> : null}
        {tasks.status === 'ready' ? (
          <p class="muted" data-testid="list-source">
            {list.length} task{list.length === 1 ? '' : 's'}, read{' '}
            {reader.lastListSource === 'functions'
              ? 'through the functions cache (/api/tasks)'
              : 'straight from the chain'}
            .
          </p>
        ) : null}
        {shown.length > 0 ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Task table">
            <table class="task-table card-table" role="table">
              <caption class="visually-hidden">Tasks, {shown.length} shown</caption>
              <CardTableHead columns={COLUMNS} />
              <tbody role="rowgroup">
                {shown.map((t) => (
                  <tr key={t.id.toString()} role="row" data-task-id={t.id.toString()}>
                    <td role="cell" class="task-cell">
                      <a href={`#/tasks/${t.id}`} class="task-title">
                        #{t.id.toString()} {titles.get(t.id.toString())?.title ?? ''}
                      </a>
                      {titles.get(t.id.toString()) ? (
                        <span class="task-kind" data-testid="task-kind">
                          {titles.get(t.id.toString())!.kind}
                        </span>
                      ) : null}
                    </td>
                    <td role="cell" data-label="Bounty">
                      <Tfuel wei={t.bounty} />
                    </td>
                    <td role="cell" data-label="Phase">
                      <PhaseBadge phase={taskPhase(t, now)} />
                    </td>
                    <td role="cell" data-label="Best score">
                      {t.bestSubmissionId !== 0n ? (
                        <Score value={t.bestScore} kind={titles.get(t.id.toString())?.kindId} />
                      ) : (
                        '–'
                      )}
                    </td>
                    <td role="cell" data-label="Commit">
                      <Countdown deadline={t.commitDeadline} now={now} />
                    </td>
                    <td role="cell" data-label="Reveal">
                      <Countdown deadline={t.revealDeadline} now={now} />
                    </td>
                    <td role="cell" data-label="Scoring">
                      <Countdown deadline={t.scoringDeadline} now={now} />
                    </td>
                    <td role="cell" data-label="Submissions">
                      {t.submissionCount}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
