import type { ComponentType } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useServices } from '../app-context.js';
import { useAsync } from '../components/use-async.js';
import { useSpec } from '../ipfs/use-spec.js';
import { KIND_VIEWS, type SubmissionViewProps } from '../kinds/views.js';
import { TaskReadError } from '../pages/task-read-error.js';

// Each kind's view (the BiSUNA engine, canvases) loads only when someone opens one.
const VIEWS = new Map<string, ComponentType<SubmissionViewProps>>(
  KIND_VIEWS.map((v) => [v.kind, lazy(() => v.load().then((view) => ({ default: view })))]),
);

/**
 * A submission's view, as its task's kind shows it (the cipher's encryption preview, the
 * multiplexer's truth table, the cart and poles), code-split out of the initial bundle. Keyed by
 * task and submission: another hash mounts a fresh view, so nothing of the previous submission
 * stays on its canvases.
 */
export function PreviewRoute({ taskId, submissionId }: { taskId: bigint; submissionId: bigint }) {
  const { reader } = useServices();
  const data = useAsync(async () => (reader ? reader.getBoard(taskId) : null), [reader, taskId]);
  const board = data.status === 'ready' ? data.value : null;
  const spec = useSpec(board ? board.task : null);
  if (data.status === 'error') return <TaskReadError taskId={taskId} error={data.error} />;
  const back = (
    <p>
      <a href={`#/tasks/${taskId}`}>← Task #{taskId.toString()}</a>
    </p>
  );
  const problem = (message: string) => (
    <section>
      {back}
      <p role="alert" class="error">
        {message}
      </p>
    </section>
  );
  if (!board || !spec) return <p role="status">Loading submission #{submissionId.toString()}…</p>;
  const submission = board.submissions.find((s) => s.id === submissionId);
  if (!submission) return problem(`task ${taskId} has no submission ${submissionId}`);
  if (!spec.ok) return problem(`The spec could not be used: ${spec.message}`);
  const View = VIEWS.get(spec.kind.id);
  if (!View) return problem(`this site has no view of ${spec.kind.id} submissions`);
  return (
    <Suspense fallback={<p role="status">Loading the BiSUNA engine…</p>}>
      <View
        key={`${taskId}/${submissionId}`}
        taskId={taskId}
        submissionId={submissionId}
        task={board.task}
        submission={submission}
        spec={spec.spec}
      />
    </Suspense>
  );
}
