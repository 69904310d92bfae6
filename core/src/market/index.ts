/**
 * @tem/core/market: typed client of the TaskMarket contract over ethers v6.
 *
 * Actions are free functions taking a {@link MarketClient} first. Reverts come back as
 * {@link TaskMarketContractError} with the custom error's name and arguments when the node returns
 * revert data, as {@link MarketRevertWithoutDataError} when it does not (Theta's ETH-RPC adaptor):
 * then re-read the chain state. Other failures are {@link MarketTransactionError}; bad parameters
 * {@link MarketInputError}. Every transaction is legacy (type 0) at {@link marketGasPrice}; sending
 * actions accept `onSigned` (hash and nonce before broadcast) and `onSent` hooks, and
 * {@link submitMarketTx} / {@link waitForMarketTx} split sending from waiting.
 *
 * Storage keeps hashes only: the spec CID and verifiers come from `TaskCreated`, submissions from
 * their events (`getTask`, `listSubmissions`, `getSubmission` rebuild them, scanning at most 5000
 * blocks per `eth_getLogs`).
 *
 * @example
 * import { JsonRpcProvider, Wallet } from 'ethers';
 * import { createMarketClient, thetaTestnet, createTask, commit, reveal, getTaskView, signTestSeed,
 *   fixTestSeed, signScore, recordScore, finalize, withdraw } from '@tem/core/market';
 *
 * const provider = new JsonRpcProvider(thetaTestnet.rpcUrls[0], thetaTestnet.id, { staticNetwork: true });
 * const owner = createMarketClient({ address, signer: new Wallet(key, provider), chain: thetaTestnet });
 * const { taskId } = await createTask(owner, { specCid, bounty, commitBond, verifiers: [verifier],
 *   commitDeadline, revealDeadline, scoringDeadline });
 * const { submissionId, salt } = await commit(solver, { taskId, resultCid });
 * // after the commit deadline
 * await reveal(solver, { taskId, submissionId, resultCid, salt });
 * // after the reveal deadline: the verifier signs the final reveals digest, anyone relays
 * const { revealsDigest } = await getTaskView(anyone, { taskId });
 * const seedSignature = await signTestSeed(verifierWallet, { chainId: 365n, contract: address, taskId, revealsDigest });
 * const { testSeed } = await fixTestSeed(anyone, { taskId, signature: seedSignature });
 * const signature = await signScore(verifierWallet, { chainId: 365n, contract: address, taskId, submissionId, resultCid, score, testSeed });
 * await recordScore(anyone, { taskId, submissionId, score, signatures: [signature] });
 * // after the scoring deadline
 * await finalize(anyone, { taskId });
 * await withdraw(solver);
 */
export { taskMarketAbi } from './task-market-abi.generated.js';
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
  LOCAL_MIN_TASK_WINDOW,
  THETA_MAX_LOG_BLOCK_RANGE,
  THETA_MIN_GAS_PRICE,
  THETA_MIN_TASK_WINDOW,
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
export {
  decodeTaskMarketError,
  isRevertWithoutData,
  revertDataOf,
  toMarketError,
} from './contract-error.js';
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
  MarketEventNotFoundError,
  MarketInputError,
  MarketReceiptTimeoutError,
  MarketRevertWithoutDataError,
  MarketTransactionError,
  MarketTransactionRevertedError,
  ScoreQuorumError,
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
export {
  type SeedPhase,
  type SeedPhaseInput,
  type TaskPhase,
  type TaskPhaseInput,
  phaseEndsAt,
  seedPhase,
  taskPhase,
} from './phase.js';
export {
  type LegacyTransactionRequest,
  type MarketTxOptions,
  type PendingMarketTx,
  type SendMarketTxOptions,
  type TxOverrides,
  type TxResult,
  type WaitForReceiptOptions,
  callMarketView,
  gasLimitFromEstimate,
  isUnminedReceipt,
  marketGasPrice,
  sendLegacyTransaction,
  sendMarketTx,
  submitMarketTx,
  waitForMarketTx,
  waitForReceipt,
} from './send.js';
export {
  type MarketSubmission,
  type MarketTask,
  type MarketTaskView,
  type SubmissionScore,
  type TaskCreation,
  type TaskState,
  cidTextOf,
  decodeTaskView,
  mergeTask,
} from './task.js';
export {
  SUBMISSION_EVENT_NAMES,
  submissionsFromEvents,
  taskCreationFromEvent,
} from './task-events.js';
export {
  EMPTY_REVEALS_DIGEST,
  SEED_COMMITMENT_TYPES,
  TEST_SEED_TYPES,
  type SeedCommitmentParameters,
  type TestSeedParameters,
  deriveSeedContribution,
  foldRevealsDigest,
  hashSeedCommitment,
  hashTestSeed,
  recoverSeedCommitmentSigner,
  recoverTestSeedSigner,
  seedContributionCommitment,
  signSeedCommitment,
  signTestSeed,
  testSeedFromContributions,
  testSeedFromSignature,
} from './test-seed.js';
export { MAX_VERIFIERS, hashVerifierSet, sortVerifiers } from './verifier-set.js';
export * from './actions/create-task.js';
export * from './actions/fund.js';
export * from './actions/cancel.js';
export * from './actions/commit.js';
export * from './actions/reveal.js';
export * from './actions/fix-test-seed.js';
export * from './actions/commit-seed.js';
export * from './actions/reveal-seed.js';
export * from './actions/settle-seed.js';
export * from './actions/record-score.js';
export * from './actions/finalize.js';
export * from './actions/withdraw.js';
export * from './actions/withdraw-to.js';
export * from './actions/get-task.js';
export * from './actions/get-task-view.js';
export * from './actions/get-task-creation.js';
export * from './actions/get-task-count.js';
export * from './actions/list-tasks.js';
export * from './actions/get-submission.js';
export * from './actions/get-submission-state.js';
export * from './actions/list-submissions.js';
export * from './actions/scan-task-events.js';
export * from './actions/get-credit.js';
export * from './actions/page.js';
