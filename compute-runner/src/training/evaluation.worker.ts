// A worker thread that evaluates BiSUNA training slices (core's createEvaluationHandler).
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { createEvaluationHandler, type EvaluationRequest } from '@tem/core/bisuna/training';
import { kindEnvironments } from '@tem/core/kinds';
import { threadCpuMs, type ThreadCpuQuery } from './thread-cpu.js';

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const requests = parentPort;
const handle = createEvaluationHandler(kindEnvironments());
const { replies, pollMs } = workerData as { replies: MessagePort; pollMs: number };

/** Answers on the channel the pool gave, which its thread can poll without waking up. */
function answer(message: EvaluationRequest | ThreadCpuQuery): void {
  if ('cpuQuery' in message) {
    replies.postMessage({ cpuQuery: message.cpuQuery, threadCpuMs: threadCpuMs() });
    return;
  }
  const { response, transfer } = handle(message);
  replies.postMessage(response, transfer);
}

/**
 * Takes the next requests synchronously for up to `pollMs` after each answer: a generation's
 * requests come a fraction of a millisecond apart, and waking a sleeping thread costs the sender
 * tens of microseconds a message on virtual machines, and the worker as much again to start.
 */
function pollForRequests(): void {
  let until = performance.now() + pollMs;
  while (performance.now() < until) {
    const next = receiveMessageOnPort(requests);
    if (!next) continue;
    answer(next.message as EvaluationRequest | ThreadCpuQuery);
    until = performance.now() + pollMs;
  }
}

requests.on('message', (message: EvaluationRequest | ThreadCpuQuery) => {
  answer(message);
  if (pollMs > 0) pollForRequests();
});
