/**
 * @tem/core/market: typed client of the TaskMarket contract over ethers v6.
 *
 * Actions are free functions taking a {@link MarketClient} first. Reverts come back as
 * {@link TaskMarketContractError} with the custom error's name and arguments; other failures as
 * {@link MarketTransactionError}; bad parameters as {@link MarketInputError}.
 *
 * @example
 * import { JsonRpcProvider, Wallet } from 'ethers';
 * import { createMarketClient, thetaTestnet, createTask, commit, reveal, signScore, recordScore,
 *   finalize, withdraw, getTask, taskPhase } from '@tem/core/market';
 *
 * const provider = new JsonRpcProvider(thetaTestnet.rpcUrls[0], thetaTestnet.id, { staticNetwork: true });
 * const owner = createMarketClient({ address, signer: new Wallet(key, provider), chain: thetaTestnet });
 * const { taskId } = await createTask(owner, { specCid, bounty, verifier, commitDeadline, revealDeadline, scoringDeadline });
 * const { submissionId, salt } = await commit(solver, { taskId, resultCid });
 * // after the commit deadline
 * const { testSeed } = await reveal(solver, { taskId, submissionId, resultCid, salt });
 * const signature = await signScore(verifierWallet, { chainId: 365n, contract: address, taskId, submissionId, resultCid, score, testSeed });
 * await recordScore(anyone, { taskId, submissionId, score, signature });
 * // after the scoring deadline
 * await finalize(anyone, { taskId });
 * await withdraw(solver);
 */
export { taskMarketAbi } from './abi.js';
export type {
  AbiArgs,
  SolidityValue,
  TaskMarketErrorArgs,
  TaskMarketErrorName,
  TaskMarketEventArgs,
  TaskMarketEventName,
} from './abi-types.js';
export {
  type MarketChain,
  THETA_MAX_LOG_BLOCK_RANGE,
  THETA_MIN_GAS_PRICE,
  chainById,
  chainByKey,
  explorerAddressUrl,
  explorerTxUrl,
  localChain,
  marketChains,
  thetaMainnet,
  thetaTestnet,
} from './chains.js';
export { type CidInput, cidFromBytes, cidToBytes, cidToHex } from './cid.js';
export {
  type CreateMarketClientParameters,
  type MarketClient,
  createMarketClient,
  taskMarketInterface,
} from './client.js';
export { type CommitmentParameters, computeCommitment, randomSalt } from './commitment.js';
export { decodeTaskMarketError, revertDataOf, toMarketError } from './contract-error.js';
export {
  SCORE_DOMAIN_NAME,
  SCORE_DOMAIN_VERSION,
  SCORE_TYPES,
  type ScoreDomainParameters,
  type ScoreParameters,
  type TypedDataSigner,
  hashScore,
  recoverScoreSigner,
  scoreDomain,
  scoreMessage,
  signScore,
} from './eip712.js';
export {
  MARKET_DOCS_URL,
  MarketError,
  MarketInputError,
  MarketTransactionError,
  TaskMarketContractError,
  isTaskMarketContractError,
} from './errors.js';
export {
  type ScanEventsParameters,
  type ScanEventsReturnType,
  type TaskMarketEvent,
  type TaskMarketEventOf,
  decodeMarketLog,
  eventsNamed,
  receiptEvents,
  scanEventWindows,
  scanEvents,
} from './events.js';
export { type TaskPhase, type TaskPhaseInput, phaseEndsAt, taskPhase } from './phase.js';
export {
  type TxOverrides,
  type TxResult,
  type WaitForReceiptOptions,
  callMarketView,
  sendMarketTx,
  waitForReceipt,
} from './send.js';
export {
  type MarketSubmission,
  type MarketTask,
  type TaskState,
  decodeSubmission,
  decodeTask,
} from './task.js';
export * from './actions/create-task.js';
export * from './actions/fund.js';
export * from './actions/cancel.js';
export * from './actions/commit.js';
export * from './actions/reveal.js';
export * from './actions/record-score.js';
export * from './actions/finalize.js';
export * from './actions/withdraw.js';
export * from './actions/reads.js';
