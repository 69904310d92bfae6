// A worker thread that evaluates BiSUNA training tasks (core's pure runPairTask / runEveTask).
import { parentPort } from 'node:worker_threads';
import {
  runEveTask,
  runPairTask,
  runTestTask,
  type EveTask,
  type PairTask,
  type TestTask,
} from '@tem/core/bisuna/training';

interface Request {
  id: number;
  task: PairTask | EveTask | TestTask;
}

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const port = parentPort;

port.on('message', ({ id, task }: Request) => {
  try {
    const result =
      task.kind === 'pairs'
        ? runPairTask(task)
        : task.kind === 'eves'
          ? runEveTask(task)
          : runTestTask(task);
    const buffers = Object.values(result).map(
      (a: Float64Array | Int32Array) => a.buffer as ArrayBuffer,
    );
    port.postMessage({ id, result }, buffers);
  } catch (error) {
    port.postMessage({
      id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
});
