// A worker thread that evaluates BiSUNA training slices (core's createEvaluationHandler).
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { createEvaluationHandler, type EvaluationRequest } from '@tem/core/bisuna/training';
import { threadCpuMs } from './thread-cpu.js';

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const requests = parentPort;
const handle = createEvaluationHandler();
// Answers go on the channel the pool gave, which its thread can poll without waking up.
const replies = (workerData as { replies: MessagePort }).replies;
// After an answer the next request usually follows within the coordinator's serial part (~0.5 ms
// a generation): polling for it a little while beats waking from the event loop (~5% a run).
const POLL_MS = 2;

function answer(request: EvaluationRequest): void {
  const { response, transfer } = handle(request);
  replies.postMessage({ ...response, threadCpuMs: threadCpuMs() ?? undefined }, transfer);
}

requests.on('message', (request: EvaluationRequest) => {
  answer(request);
  let until = performance.now() + POLL_MS;
  while (performance.now() < until) {
    const next = receiveMessageOnPort(requests);
    if (next) {
      answer(next.message as EvaluationRequest);
      until = performance.now() + POLL_MS;
    }
  }
});
