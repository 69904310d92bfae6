import type { Wallet } from 'ethers';
import type { VerifiedFetch } from '@tem/core/ipfs';
import { ZeroHash } from 'ethers';
import { seedPhase, signScore, taskMarketInterface } from '@tem/core/market';
import { MANIFEST_FILE, type AnyTaskSpec, type BundleFiles } from '@tem/core/kinds';
import {
  BundleTooLargeError,
  MissingBundleFileError,
  ScoringInputFetchError,
  fetchScoringInputs,
} from '@tem/core/scoring-inputs';
import { specProblem } from '../chain/spec-problem.js';
import type { SpecReader } from '../chain/spec-reader.js';
import type { MarketSource, MarketSubmission, MarketTask } from '../chain/types.js';
import { requireVerifier } from '../chain/verifier-check.js';
import { ipfsProblem } from '../http/ipfs-problem.js';
import {
  conflict,
  contentTooLarge,
  gatewayTimeout,
  notFound,
  unprocessable,
} from '../http/problem.js';
import { readChain } from '../http/upstream.js';
import type { Logger } from '../lib/logger.js';
import type { Scorer } from './scorer.js';

const UINT64_MAX = (1n << 64n) - 1n;

/** What one verification needs. */
export interface VerifyPipelineDeps {
  /** Fresh (uncached) chain reads. */
  market: MarketSource;
  ipfs: VerifiedFetch;
  specs: SpecReader;
  wallet: Wallet;
  scorer: Scorer;
  log: Logger;
  ipfsTimeoutMs: number;
  /** Scoring jobs are aborted after this many milliseconds (504). */
  scoringTimeoutMs: number;
  /** Largest bundle this instance reads, whatever the spec allows. */
  maxBundleBytes: number;
}

/** The answer of `POST /api/verify`: the signed score and everything needed to relay it. */
export interface VerifyResultJson {
  taskId: string;
  submissionId: string;
  solver: string;
  resultCid: string;
  /** keccak256 of the result CID's bytes: what the score is signed over. */
  resultCidHash: string;
  testSeed: string;
  score: string;
  terms: Record<string, number>;
  formulaVersion: number;
  /** This endpoint's verifier address, and its index in the task's verifier set. */
  verifier: string;
  verifierIndex: number;
  /** EIP-712 signature of `Score(taskId, submissionId, resultCidHash, score, testSeed)`. */
  signature: string;
  relay: {
    chainId: number;
    contract: string;
    function: 'recordScore';
    /** The task's verifier set and the signatures a score needs (m). */
    verifiers: string[];
    threshold: number;
    /**
     * `recordScore(taskId, submissionId, solver, resultCidHash, score, verifiers, signatures)`
     * with this verifier's signature alone as `signatures`: a relayer concatenates m signatures
     * of the same score by distinct verifiers, in ascending verifier index order.
     */
    args: [string, string, string, string, string, string[], string];
    /** ABI-encoded calldata of that call when one signature is enough (m = 1), else null. */
    data: string | null;
    /** Relays are accepted until this time (seconds). */
    scoringDeadline: number;
  };
}

/** A submission that passed the chain checks, ready to be scored. */
export interface CheckedSubmission {
  chainId: number;
  taskId: bigint;
  submissionId: bigint;
  /** This endpoint's index in the task's verifier set. */
  verifierIndex: number;
  task: MarketTask & { specCid: string };
  submission: MarketSubmission & { resultCid: string; resultCidHash: string };
}

/**
 * The cheap part of a verification, run before a scoring slot is taken: reads the task and the
 * submission from the chain and refuses what must not be signed (unknown task or submission,
 * a task that does not name this verifier, not revealed, no test seed yet, CIDs on chain that are
 * not CIDs).
 */
export async function checkSubmission(
  deps: VerifyPipelineDeps,
  taskId: bigint,
  submissionId: bigint,
): Promise<CheckedSubmission> {
  const { market, wallet } = deps;
  const [chainId, now, task] = await readChain(deps.log, () =>
    Promise.all([market.chainId(), market.now(), market.getTask(taskId)]),
  );
  if (task === undefined) throw notFound(`task ${taskId} does not exist`, 'unknown-task');
  const verifierIndex = requireVerifier(task, wallet.address);
  const submission = await readChain(deps.log, () => market.getSubmission(taskId, submissionId));
  if (submission === undefined) {
    throw notFound(`task ${taskId} has no submission ${submissionId}`, 'unknown-submission');
  }
  if (!submission.revealed) {
    throw conflict(
      'not-revealed',
      `submission ${submissionId} of task ${taskId} is not revealed yet; ask again after its reveal`,
    );
  }
  if (task.testSeed === ZeroHash) {
    const phase = seedPhase(task, now);
    throw conflict(
      'seed-not-fixed',
      phase === 'missed'
        ? `task ${taskId} has no test seed and can no longer get one: no score can count`
        : `the test seed of task ${taskId} is not fixed yet (seed phase ${phase}); scores are signed once it is (POST /api/seed, then relay)`,
      { seedPhase: phase },
    );
  }
  if (submission.resultCid === null || submission.resultCidHash === null) {
    throw unprocessable(
      'invalid-cid',
      `the result CID revealed for submission ${submissionId} is not a valid CID`,
    );
  }
  if (task.specCid === null) {
    throw unprocessable('invalid-cid', `the spec CID of task ${taskId} is not a valid CID`);
  }
  return {
    chainId,
    taskId,
    submissionId,
    verifierIndex,
    task: task as CheckedSubmission['task'],
    submission: submission as CheckedSubmission['submission'],
  };
}

/**
 * The expensive part (run in a scoring slot): fetches the spec, then the bundle files and test
 * files its kind scores (every block verified against its CID; bundles over `min(spec
 * maxBundleBytes, MAX_BUNDLE_BYTES)` refused), scores the bundle with the kind's scorer and
 * signs the score.
 */
export async function scoreAndSign(
  deps: VerifyPipelineDeps,
  checked: CheckedSubmission,
): Promise<VerifyResultJson> {
  const { market, wallet } = deps;
  const { chainId, taskId, submissionId, task, submission } = checked;
  const spec = await readSpec(deps, task.specCid);
  const { files, testFiles } = await fetchInputs(deps, spec, checked);

  let report;
  try {
    report = await deps.scorer({
      spec,
      files,
      testSeed: task.testSeed,
      testFiles,
      signal: AbortSignal.timeout(deps.scoringTimeoutMs),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'ScoringAbortedError') {
      throw gatewayTimeout(
        'scoring-timeout',
        `scoring took longer than ${deps.scoringTimeoutMs} ms and was stopped`,
      );
    }
    if (error instanceof Error && error.name === 'BundleError') {
      throw unprocessable(
        'invalid-bundle',
        `the result bundle cannot be scored: ${error.message.slice(0, 500)}`,
      );
    }
    // Inputs other than the bundle (the spec's test files or budget, the test seed): not the
    // solver's fault, so not reported as a bad bundle.
    if (error instanceof Error && error.name === 'ScoringInputError') {
      throw unprocessable(
        'invalid-spec',
        `the task cannot be scored: ${error.message.slice(0, 500)}`,
      );
    }
    throw error;
  }
  if (typeof report.score !== 'bigint' || report.score < 0n || report.score > UINT64_MAX) {
    throw new Error(`scorer returned a score outside uint64: ${String(report.score).slice(0, 50)}`);
  }

  const contract = market.address;
  const signature = await signScore(wallet, {
    chainId,
    contract,
    taskId,
    submissionId,
    resultCidHash: submission.resultCidHash,
    score: report.score,
    testSeed: task.testSeed,
  });
  const verifiers = [...task.verifiers];
  const call = [
    taskId,
    submissionId,
    submission.solver,
    submission.resultCidHash,
    report.score,
    verifiers,
    signature,
  ] as const;
  return {
    taskId: taskId.toString(),
    submissionId: submissionId.toString(),
    solver: submission.solver,
    resultCid: submission.resultCid,
    resultCidHash: submission.resultCidHash,
    testSeed: task.testSeed,
    score: report.score.toString(),
    terms: { ...report.terms },
    formulaVersion: report.formulaVersion,
    verifier: wallet.address,
    verifierIndex: checked.verifierIndex,
    signature,
    relay: {
      chainId,
      contract,
      function: 'recordScore',
      verifiers,
      threshold: task.threshold,
      args: [
        taskId.toString(),
        submissionId.toString(),
        submission.solver,
        submission.resultCidHash,
        report.score.toString(),
        verifiers,
        signature,
      ],
      data:
        task.threshold === 1 ? taskMarketInterface.encodeFunctionData('recordScore', call) : null,
      scoringDeadline: Number(task.scoringDeadline),
    },
  };
}

async function readSpec(deps: VerifyPipelineDeps, cid: string): Promise<AnyTaskSpec> {
  try {
    return await deps.specs.read(cid);
  } catch (error) {
    const problem = specProblem(error);
    if (problem) throw unprocessable(problem.slug, problem.detail);
    throw ipfsProblem(error, 'task spec') ?? error;
  }
}

/**
 * The bundle's files and the spec's test files (core's `fetchScoringInputs`, capped by this
 * deployment's MAX_BUNDLE_BYTES), its failures as problems; a bundle whose manifest names another
 * task or spec is refused before the test files are fetched.
 */
async function fetchInputs(
  deps: VerifyPipelineDeps,
  spec: AnyTaskSpec,
  { taskId, task, submission }: CheckedSubmission,
): Promise<{ files: BundleFiles; testFiles: Map<string, Uint8Array> }> {
  try {
    return await fetchScoringInputs(deps.ipfs, {
      spec,
      bundle: submission.resultCid,
      maxBundleBytes: deps.maxBundleBytes,
      timeoutMs: deps.ipfsTimeoutMs,
      checkBundle(files) {
        // Every kind's bundle binds itself to its task in its manifest (always read).
        const manifest = parseManifestBinding(files.get(MANIFEST_FILE)!);
        if (manifest.taskId !== taskId.toString() || manifest.specCid !== task.specCid) {
          throw unprocessable(
            'bundle-mismatch',
            `the bundle's manifest is for task ${manifest.taskId} with spec ${manifest.specCid}, not task ${taskId} with spec ${task.specCid}`,
          );
        }
      },
    });
  } catch (error) {
    throw inputProblem(error);
  }
}

/** The problem of a failure to fetch scoring inputs (other failures as they are). */
function inputProblem(error: unknown): unknown {
  if (error instanceof MissingBundleFileError)
    return unprocessable('invalid-bundle', error.message);
  if (error instanceof BundleTooLargeError) {
    return contentTooLarge('bundle-too-large', error.message, error.limit);
  }
  if (!(error instanceof ScoringInputFetchError)) return error;
  const problem =
    error.part === 'bundle'
      ? ipfsProblem(error.cause, 'result bundle')
      : error.part === 'bundle-file'
        ? ipfsProblem(error.cause, `result bundle's ${error.file}`)
        : ipfsProblem(error.cause, `test file ${error.file}`, error.limit);
  return problem ?? error.cause;
}

/**
 * The task and spec a bundle's manifest names (every kind's manifest has them; the kind's scorer
 * checks the rest of it).
 */
function parseManifestBinding(bytes: Uint8Array): { taskId: string; specCid: string } {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    const { taskId, specCid } = (value ?? {}) as { taskId?: unknown; specCid?: unknown };
    if (typeof taskId !== 'string' || typeof specCid !== 'string') {
      throw new Error('taskId and specCid must be strings');
    }
    return { taskId, specCid };
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 500) : 'not UTF-8';
    throw unprocessable('invalid-bundle', `the bundle's manifest.json is invalid: ${detail}`);
  }
}
