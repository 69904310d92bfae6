/**
 * What a verifier answers for a task's test seed (docs/test-seed.md), decided from the chain
 * alone: it signs only the task's final reveals digest, only once the reveal window has closed,
 * and (n > 1) hands out its contribution only once the seed commitments are closed. So the
 * endpoint can never tell anyone which seed a set of reveals would get while reveals can change.
 */
import type { Wallet } from 'ethers';
import {
  deriveSeedContribution,
  seedContributionCommitment,
  seedPhase,
  signSeedCommitment,
  signTestSeed,
  taskMarketInterface,
  testSeedFromSignature,
  type SeedPhase,
} from '@tem/core/market';
import type { MarketSource, MarketTask } from '../chain/types.js';
import { requireVerifier } from '../chain/verifier-check.js';
import { conflict, notFound } from '../http/problem.js';
import { readChain } from '../http/upstream.js';
import type { Logger } from '../lib/logger.js';

/** What the seed answer needs. */
export interface SeedAnswerDeps {
  /** Fresh (uncached) chain reads. */
  market: MarketSource;
  wallet: Wallet;
  log: Logger;
}

/** A transaction anyone may send to TaskMarket to move the seed on. */
export interface SeedRelayJson {
  chainId: number;
  contract: string;
  function: 'fixTestSeed' | 'commitSeed' | 'revealSeed';
  /** The call's arguments (ids and amounts as decimal strings). */
  args: (string | number | string[])[];
  /** Its ABI-encoded calldata. */
  data: string;
  /** The chain refuses it from this time on (unix seconds). */
  deadline: number;
}

/** The answer of `POST /api/seed`. */
export interface SeedResultJson {
  taskId: string;
  /** This endpoint's verifier address and its index in the task's verifier set. */
  verifier: string;
  verifierIndex: number;
  verifiers: string[];
  threshold: number;
  /** The task's final reveals digest: the only one this endpoint signs. */
  revealsDigest: string;
  /** The seed phase at the chain time of the answer. */
  phase: SeedPhase;
  /** The test seed, once fixed. */
  testSeed: string | null;
  /**
   * What this verifier gives: `test-seed` (n = 1: its `TestSeed` signature, the seed is its
   * keccak256), `seed-commitment` (n > 1 while commitments are open: a signed commitment to its
   * contribution), `seed-contribution` (n > 1 once they are closed and its commitment is on chain).
   */
  kind: 'test-seed' | 'seed-commitment' | 'seed-contribution';
  /** n = 1: the EIP-712 `TestSeed(taskId, revealsDigest)` signature. */
  testSeedSignature?: string;
  /** n > 1, commit half: `keccak256(abi.encode(contribution))` and its `SeedCommitment` signature. */
  commitment?: string;
  commitmentSignature?: string;
  /** n > 1, once commitments are closed: the contribution. */
  contribution?: string;
  /** Whether the chain already holds this verifier's part (its commitment, or its reveal). */
  onChain: boolean;
  relay: SeedRelayJson;
}

const ZERO = /^0x0*$/;

/**
 * Answers a seed request for `taskId`. `revealsDigest`, when the caller gives one, must be the
 * chain's: anything else is refused (409), as is any request before the reveal deadline.
 */
export async function answerSeed(
  deps: SeedAnswerDeps,
  taskId: bigint,
  revealsDigest: string | undefined,
): Promise<SeedResultJson> {
  const { market, wallet } = deps;
  // Time first, then the state: a task read at or after that block cannot have a later reveal.
  const [chainId, now] = await readChain(deps.log, () =>
    Promise.all([market.chainId(), market.now()]),
  );
  const task = await readChain(deps.log, () => market.getTask(taskId));
  if (task === undefined) throw notFound(`task ${taskId} does not exist`, 'unknown-task');
  const verifierIndex = requireVerifier(task, wallet.address);
  if (revealsDigest !== undefined && revealsDigest.toLowerCase() !== task.revealsDigest) {
    throw conflict(
      'digest-mismatch',
      `the reveals digest of task ${taskId} on chain is ${task.revealsDigest}, not ${revealsDigest}; this endpoint signs only the chain's digest, after the reveal deadline`,
      { revealsDigest: task.revealsDigest },
    );
  }
  if (task.state !== 'open') {
    throw conflict('task-closed', `task ${taskId} is ${task.state}: its seed can no longer move`);
  }
  if (BigInt(now) < task.revealDeadline) {
    throw conflict(
      'reveals-open',
      `the reveal window of task ${taskId} is open until ${task.revealDeadline} (chain time ${now}); the seed is signed only for the final reveals digest, after it closes`,
      { revealDeadline: Number(task.revealDeadline), chainTime: now },
    );
  }
  const phase = seedPhase(task, now);
  if (phase === 'missed') {
    throw conflict(
      'seed-missed',
      `task ${taskId} can no longer get a test seed (too few verifiers took part in time); it refunds its owner at finalize`,
    );
  }
  const domain = { chainId, contract: market.address, taskId, revealsDigest: task.revealsDigest };
  const base = {
    taskId: taskId.toString(),
    verifier: wallet.address,
    verifierIndex,
    verifiers: [...task.verifiers],
    threshold: task.threshold,
    revealsDigest: task.revealsDigest,
    phase,
    testSeed: ZERO.test(task.testSeed) ? null : task.testSeed,
  };
  const relay = (fn: SeedRelayJson['function'], args: unknown[], deadline: bigint) => ({
    chainId,
    contract: market.address,
    function: fn,
    args: args.map((a) =>
      typeof a === 'bigint' ? a.toString() : Array.isArray(a) ? [...(a as string[])] : a,
    ) as SeedRelayJson['args'],
    data: taskMarketInterface.encodeFunctionData(fn, args),
    deadline: Number(deadline),
  });

  if (task.verifiers.length === 1) {
    const signature = await signTestSeed(wallet, domain);
    return {
      ...base,
      kind: 'test-seed',
      testSeedSignature: signature,
      onChain: base.testSeed === testSeedFromSignature(signature),
      relay: relay('fixTestSeed', [taskId, [...task.verifiers], signature], task.scoringDeadline),
    };
  }

  const contribution = await deriveSeedContribution(wallet, domain);
  const bit = 1 << verifierIndex;
  const committed = (task.seedCommitted & bit) !== 0;
  if (commitmentsOpen(task, now)) {
    const commitment = seedContributionCommitment(contribution);
    const signature = await signSeedCommitment(wallet, { ...domain, commitment });
    return {
      ...base,
      kind: 'seed-commitment',
      commitment,
      commitmentSignature: signature,
      onChain: committed,
      relay: relay(
        'commitSeed',
        [taskId, [...task.verifiers], verifierIndex, commitment, signature],
        task.seedCommitDeadline,
      ),
    };
  }
  if (!committed) {
    throw conflict(
      'seed-commit-missed',
      `the seed commitments of task ${taskId} are closed and verifier ${wallet.address}'s is not on chain: its contribution is not part of the seed`,
    );
  }
  return {
    ...base,
    kind: 'seed-contribution',
    contribution,
    onChain: (task.seedRevealed & bit) !== 0,
    relay: relay('revealSeed', [taskId, verifierIndex, contribution], task.seedRevealDeadline),
  };
}

/** n > 1: seed commitments are open until their deadline, or until all n verifiers committed. */
function commitmentsOpen(task: MarketTask, now: number): boolean {
  const everyone = (1 << task.verifiers.length) - 1;
  return BigInt(now) < task.seedCommitDeadline && task.seedCommitted !== everyone;
}
