// A worker thread that evaluates BiSUNA training slices (core's createEvaluationHandler).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createEvaluationHandler, type EvaluationRequest } from '@tem/core/bisuna/training';
import { threadCpuMs } from './thread-cpu.js';

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const handle = createEvaluationHandler();
// Answers go on the channel the pool gave, which its thread can poll without waking up.
const replies = (workerData as { replies: MessagePort }).replies;

parentPort.on('message', (request: EvaluationRequest) => {
  const { response, transfer } = handle(request);
  replies.postMessage({ ...response, threadCpuMs: threadCpuMs() ?? undefined }, transfer);
});
