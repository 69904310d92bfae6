// A worker thread that evaluates BiSUNA training slices (core's createEvaluationHandler).
import { parentPort } from 'node:worker_threads';
import { createEvaluationHandler, type EvaluationRequest } from '@tem/core/bisuna/training';
import { threadCpuMs } from './thread-cpu.js';

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const port = parentPort;
const handle = createEvaluationHandler();

port.on('message', (request: EvaluationRequest) => {
  const { response, transfer } = handle(request);
  port.postMessage({ ...response, threadCpuMs: threadCpuMs() ?? undefined }, transfer);
});
