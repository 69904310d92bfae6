/**
 * Worker thread body of {@link createWorkerScorer}: scores one submission per message with
 * `@tem/core/scoring` and answers `{ id, report }` or `{ id, error: { name, message } }`.
 */
import { parentPort } from 'node:worker_threads';
import { scoreSubmission } from '@tem/core/scoring';
import type { ScoreInput } from './scorer.js';

parentPort?.on('message', (message: { id: number; input: ScoreInput }) => {
  scoreSubmission(message.input).then(
    (report) => parentPort?.postMessage({ id: message.id, report }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: message.id,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message }
            : { name: 'Error', message: String(error) },
      }),
  );
});
