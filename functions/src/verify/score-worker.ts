/**
 * Worker thread body of {@link createWorkerScorer}: scores one submission per message with the
 * scorer of its spec's kind and answers `{ id, report }` or `{ id, error: { name, message } }`.
 */
import { parentPort } from 'node:worker_threads';
import { kindOf } from '@tem/core/kinds';
import type { ScoreInput } from './scorer.js';

parentPort?.on('message', (message: { id: number; input: ScoreInput }) => {
  Promise.resolve()
    .then(() => kindOf(message.input.spec).score(message.input))
    .then(
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
