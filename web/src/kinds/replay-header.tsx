import type { ComponentChildren } from 'preact';
import type { ReplayState } from './use-replay.js';
import type { SubmissionViewProps } from './views.js';

/** The top of a kind's submission view: the way back, what it shows, and the replay's state. */
export function ReplayHeader({
  taskId,
  submissionId,
  heading,
  state,
  children,
}: SubmissionViewProps & {
  heading: string;
  state: ReplayState<unknown>;
  children: ComponentChildren;
}) {
  return (
    <>
      <p>
        <a href={`#/tasks/${taskId}`}>← Task #{taskId.toString()}</a>
      </p>
      <h1 id="preview-heading">
        {heading}: submission #{submissionId.toString()} of task #{taskId.toString()}
      </h1>
      <p>{children}</p>
      {state.status === 'running' ? (
        <p role="status">Running the submission in your browser: {state.stage}…</p>
      ) : null}
      {state.status === 'failed' ? (
        <p role="alert" class="error">
          {state.message}
        </p>
      ) : null}
      {state.status === 'done' ? (
        <p class="muted">
          {state.testSeed ? (
            <>
              Run under the task’s test seed, <code class="hash">{state.seed}</code>.
            </>
          ) : (
            'The test seed is not fixed yet: run under a preview seed (Random neurons may answer differently under the test seed).'
          )}
        </p>
      ) : null}
    </>
  );
}
