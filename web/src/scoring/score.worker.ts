/// <reference lib="webworker" />
import { createVerifiedFetch } from '@tem/core/ipfs';
import { scoreSubmission } from '@tem/core/scoring';
import { parseResultManifest, parseTaskSpec } from '@tem/core/task';
import type { ScoreRequest, ScoreResponse } from './score-protocol.js';

const post = (message: ScoreResponse) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

/**
 * Re-scores one submission off the main thread: fetches the bundle and the spec's test files by
 * CID (every block verified), then runs the verifier's scoring code, reporting progress.
 */
async function score(request: ScoreRequest): Promise<void> {
  const spec = parseTaskSpec(request.spec);
  const ipfs = createVerifiedFetch({
    gateways: request.gateways,
    maxBytes: spec.scoring.maxBundleBytes + 1024 * 1024,
  });
  post({ type: 'progress', stage: 'fetching the bundle', fraction: 0 });
  const [manifest, alice, bob] = await Promise.all([
    ipfs.json(`${request.resultCid}/manifest.json`).then(parseResultManifest),
    ipfs.bytes(`${request.resultCid}/alice.dat`),
    ipfs.bytes(`${request.resultCid}/bob.dat`),
  ]);
  const testFiles = new Map<string, Uint8Array>();
  for (const file of spec.scoring.testFiles) testFiles.set(file.name, await ipfs.bytes(file.cid));
  const report = await scoreSubmission({
    spec,
    manifest,
    alice,
    bob,
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

self.onmessage = (event: MessageEvent<ScoreRequest>) => {
  if (event.data?.type !== 'score') return;
  score(event.data).catch((error: unknown) =>
    post({
      type: 'error',
      message: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
        0,
        500,
      ),
    }),
  );
};
