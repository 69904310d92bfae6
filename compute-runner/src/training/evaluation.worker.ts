// A worker thread that evaluates BiSUNA training tasks (core's pure handleEvaluationRequest).
import { parentPort } from 'node:worker_threads';
import { handleEvaluationRequest, type EvaluationRequest } from '@tem/core/bisuna/training';

if (!parentPort) throw new Error('evaluation.worker must run in a worker thread');
const port = parentPort;

port.on('message', (request: EvaluationRequest) => {
  const { response, transfer } = handleEvaluationRequest(request);
  port.postMessage(response, transfer);
});
