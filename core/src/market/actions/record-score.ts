import { ZeroHash, concat, getAddress, keccak256, recoverAddress } from 'ethers';
import { type CidInput, cidToBytes } from '../cid.js';
import type { MarketClient } from '../client.js';
import { hashScore } from '../eip712.js';
import { MarketEventNotFoundError, ScoreQuorumError, type MarketError } from '../errors.js';
import { eventsNamed } from '../events.js';
import { type MarketTxOptions, type TxResult, sendMarketTx } from '../send.js';
import { getTask } from './get-task.js';
import { scanTaskEvents } from './scan-task-events.js';
import { txOptions } from './tx-options.js';

/** Parameters of {@link recordScore}. */
export interface RecordScoreParameters extends MarketTxOptions {
  taskId: bigint | number;
  submissionId: bigint | number;
  score: bigint | number;
  /**
   * Verifier signatures of the score (see `signScore`), in any order: the valid ones of distinct
   * verifiers are put in verifier order and the first m are sent.
   */
  signatures?: readonly string[];
  /**
   * One signature.
   * @deprecated Use `signatures`.
   */
  signature?: string;
  /** The submission's solver; default: from its `SolutionRevealed` event. */
  solver?: string;
  /** The submission's result CID; default: from its `SolutionRevealed` event. */
  resultCid?: CidInput;
}

/** What {@link recordScore} returns. */
export interface RecordScoreReturnType extends TxResult {
  /** Whether the score became the task's best. */
  best: boolean;
  /** Bit i set: verifier i's signature was sent. */
  signers: number;
}

/**
 * Errors {@link recordScore} throws: `ScoreQuorumError` (fewer than m valid signatures),
 * `TaskMarketContractError` (e.g. `TestSeedNotFixed`, `ScoringClosed`, `NotRevealed`),
 * `MarketRevertWithoutDataError`, `MarketTransactionError`.
 */
export type RecordScoreErrorType = MarketError;

/**
 * Relays a score signed by at least m of the task's verifiers; anyone may send it. Relay only
 * scores that beat the task's best (`task.bestScore`): any other is accepted but changes nothing.
 *
 * @example
 * const signatures = await Promise.all(verifiers.map((v) => askVerifier(v, submission)));
 * const { best } = await recordScore(client, { taskId, submissionId, score, signatures });
 */
export async function recordScore(
  client: MarketClient,
  params: RecordScoreParameters,
): Promise<RecordScoreReturnType> {
  const taskId = BigInt(params.taskId);
  const submissionId = BigInt(params.submissionId);
  const score = BigInt(params.score);
  const task = await getTask(client, { taskId });
  let solver = params.solver;
  let resultCidHash = params.resultCid ? keccak256(cidToBytes(params.resultCid)) : undefined;
  if (solver === undefined || resultCidHash === undefined) {
    const { events } = await scanTaskEvents(client, {
      taskId,
      fromBlock: task.createdBlock,
      eventNames: ['SolutionRevealed'],
    });
    const revealed = eventsNamed(events, 'SolutionRevealed').find(
      (e) => e.args.submissionId === submissionId,
    );
    if (!revealed) {
      throw new MarketEventNotFoundError(
        `task ${taskId} submission ${submissionId} is not revealed`,
      );
    }
    solver ??= revealed.args.solver;
    resultCidHash ??= keccak256(revealed.args.resultCid);
  }
  const given = params.signatures ?? (params.signature !== undefined ? [params.signature] : []);
  let signatures = concat([...given]);
  let signers = 0;
  // Without a seed no signature can be checked here; the contract refuses with TestSeedNotFixed.
  if (task.testSeed !== ZeroHash) {
    const chainId = client.chain?.id ?? (await client.provider.getNetwork()).chainId;
    const digest = hashScore({
      chainId,
      contract: client.address,
      taskId,
      submissionId,
      resultCidHash,
      score,
      testSeed: task.testSeed,
    });
    const byIndex = new Map<number, string>();
    for (const signature of given) {
      let signer: string;
      try {
        signer = getAddress(recoverAddress(digest, signature));
      } catch {
        continue;
      }
      const index = task.verifiers.indexOf(signer);
      if (index >= 0 && !byIndex.has(index)) byIndex.set(index, signature);
    }
    const chosen = [...byIndex.entries()].sort(([a], [b]) => a - b).slice(0, task.threshold);
    if (chosen.length < task.threshold) {
      throw new ScoreQuorumError(taskId, submissionId, chosen.length, task.threshold);
    }
    signatures = concat(chosen.map(([, signature]) => signature));
    signers = chosen.reduce((mask, [index]) => mask | (1 << index), 0);
  }
  const result = await sendMarketTx(
    client,
    'recordScore',
    [taskId, submissionId, solver, resultCidHash, score, task.verifiers, signatures],
    txOptions(params),
  );
  const recorded = eventsNamed(result.events, 'ScoreRecorded')[0];
  return {
    ...result,
    best: recorded?.args.best ?? false,
    signers: recorded ? Number(recorded.args.signers) : signers,
  };
}
