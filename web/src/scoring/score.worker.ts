/// <reference lib="webworker" />
import { createVerifiedFetch } from '@tem/core/ipfs';
import { parseAnyTaskSpec } from '@tem/core/kinds';
import { fetchScoredFiles } from './fetch-bundle.js';
import type { ReplayRequest, ScoreRequest, ScoreResponse } from './score-protocol.js';

const post = (message: ScoreResponse) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

/** The spec, its kind and the submission's files, fetched by CID (every block verified). */
async function inputs(request: ScoreRequest | ReplayRequest) {
  const spec = parseAnyTaskSpec(request.spec);
  const ipfs = createVerifiedFetch({ gateways: request.gateways });
  post({ type: 'progress', stage: 'fetching the bundle', fraction: 0 });
  return fetchScoredFiles(ipfs, spec, request.resultCid);
}

/**
 * Re-scores one submission off the main thread with its kind's scorer (the verifier's code),
 * reporting progress.
 */
async function score(request: ScoreRequest): Promise<void> {
  const { spec, kind, files, testFiles } = await inputs(request);
  const report = await kind.score({
    spec,
    files,
    testSeed: request.testSeed,
    testFiles,
    onProgress: (p) => post({ type: 'progress', stage: p.stage, fraction: p.fraction }),
  });
  post({
    type: 'result',
    score: report.score.toString(),
    terms: report.terms,
    formulaVersion: report.formulaVersion,
  });
}

/** Runs a submission for its kind's view (plain values and typed arrays, cloned to the page). */
async function replay(request: ReplayRequest): Promise<void> {
  const { spec, kind, files } = await inputs(request);
  post({ type: 'progress', stage: 'running the network', fraction: 0.5 });
  post({ type: 'replay', data: await kind.replay({ spec, files, testSeed: request.testSeed }) });
}

self.onmessage = (event: MessageEvent<ScoreRequest | ReplayRequest>) => {
  const request = event.data;
  const run =
    request?.type === 'score'
      ? score(request)
      : request?.type === 'replay'
        ? replay(request)
        : null;
  run?.catch((error: unknown) =>
    post({
      type: 'error',
      message: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
        0,
        500,
      ),
    }),
  );
};
