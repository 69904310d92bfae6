import type { TaskSpec } from '@tem/core/task';
import type { MarketSubmission, MarketTask } from '../market/types.js';

/** Re-scores a submission in a Web Worker and compares with the score on chain. */
export function RecheckPanel({
  submission,
  onClose,
}: {
  task: MarketTask;
  spec: TaskSpec;
  submission: MarketSubmission;
  onClose: () => void;
}) {
  return (
    <div class="panel" role="region" aria-label={`Re-check of submission ${submission.id}`}>
      <p>Re-checking scores in the browser is not available in this build yet.</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
