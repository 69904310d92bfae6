/**
 * A model of TaskMarket for the property runs: it predicts whether each call succeeds and what it
 * changes, exactly, so every step is checked against the chain: tracked funds (bounties and
 * unforfeited bonds of open tasks plus credits) equal the balance less the TFuel forced in, every
 * credit and task field agrees, and contract actors hold exactly what they were paid.
 */
import { ZeroHash, keccak256, toBeHex } from 'ethers';
import type { CID } from 'multiformats/cid';
import {
  computeCommitment,
  deriveSeedContribution,
  foldRevealsDigest,
  seedContributionCommitment,
  signScore,
  signSeedCommitment,
  signTestSeed,
  testSeedFromContributions,
  testSeedFromSignature,
} from '@tem/core/market';
import type { Actor, AnvilSigner } from './chain-driver.js';

export const MAX_SCORE = 3_000_000n;
export const MAX_HORIZON = 365n * 24n * 3600n;

export interface ModelSubmission {
  solver: Actor;
  resultCid: CID;
  salt: string;
  revealed: boolean;
}

export interface ModelTask {
  id: bigint;
  owner: Actor;
  /** Verifier wallets in the task's (ascending address) order. */
  verifiers: AnvilSigner[];
  threshold: number;
  bond: bigint;
  bounty: bigint;
  commitDeadline: bigint;
  revealDeadline: bigint;
  seedWindow: bigint;
  scoringDeadline: bigint;
  minScore: bigint;
  state: 'open' | 'finalized' | 'cancelled';
  subs: ModelSubmission[];
  digest: string;
  seed: string;
  seedCommitted: number;
  seedRevealed: number;
  contributions: Map<number, string>;
  best: { id: bigint; score: bigint; solver: string } | undefined;
}

export const popcount = (mask: number): number => {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
};

/** The model of one market: tasks, credits, what contracts received, TFuel forced in. */
export class MarketModel {
  readonly tasks: ModelTask[] = [];
  readonly credits = new Map<string, bigint>();
  readonly credited = new Map<string, bigint>();
  readonly withdrawn = new Map<string, bigint>();
  /** Wei each contract actor received from TaskMarket. */
  readonly received = new Map<string, bigint>();
  forced = 0n;

  constructor(
    readonly chainId: bigint,
    readonly market: string,
    readonly minWindow: bigint,
  ) {}

  task(id: number | bigint): ModelTask | undefined {
    return this.tasks[Number(id) - 1];
  }

  open(id: number | bigint): ModelTask | undefined {
    const t = this.task(id);
    return t?.state === 'open' ? t : undefined;
  }

  credit(account: string, amount: bigint): void {
    this.credits.set(account, (this.credits.get(account) ?? 0n) + amount);
    this.credited.set(account, (this.credited.get(account) ?? 0n) + amount);
  }

  receive(actor: Actor, amount: bigint): void {
    if (actor.mode !== undefined)
      this.received.set(actor.address, (this.received.get(actor.address) ?? 0n) + amount);
  }

  /** Whether `actor` accepts a payment with all gas (withdraw) or with a 2300 stipend (bond). */
  static accepts(actor: Actor, stipendOnly: boolean): boolean {
    if (actor.mode === undefined || actor.mode === 0) return true;
    return actor.mode === 2 && !stipendOnly;
  }

  /** Bounties and unforfeited bonds of open tasks plus unwithdrawn credits. */
  tracked(): bigint {
    let sum = 0n;
    for (const t of this.tasks) {
      if (t.state !== 'open') continue;
      sum += t.bounty + t.bond * BigInt(t.subs.filter((s) => !s.revealed).length);
    }
    for (const c of this.credits.values()) sum += c;
    return sum;
  }

  commitmentOf(task: bigint, solver: Actor, resultCid: CID, salt: string): string {
    return computeCommitment({
      chainId: this.chainId,
      contract: this.market,
      taskId: task,
      solver: solver.address,
      resultCid,
      salt,
    });
  }

  foldReveal(task: ModelTask, id: bigint): void {
    const sub = task.subs[Number(id) - 1]!;
    sub.revealed = true;
    task.digest = foldRevealsDigest(task.digest, id, sub.resultCid);
  }

  domain(taskId: bigint) {
    return { chainId: this.chainId, contract: this.market, taskId };
  }

  async seedSignature(taskId: bigint, digest: string, signer: AnvilSigner): Promise<string> {
    return signTestSeed(signer, { ...this.domain(taskId), revealsDigest: digest });
  }

  async contribution(taskId: bigint, digest: string, verifier: AnvilSigner): Promise<string> {
    return deriveSeedContribution(verifier, { ...this.domain(taskId), revealsDigest: digest });
  }

  async seedCommitment(
    taskId: bigint,
    digest: string,
    contribution: string,
    signer: AnvilSigner,
  ): Promise<{ commitment: string; signature: string }> {
    const commitment = seedContributionCommitment(contribution);
    const signature = await signSeedCommitment(signer, {
      ...this.domain(taskId),
      revealsDigest: digest,
      commitment,
    });
    return { commitment, signature };
  }

  fixSeedFromSignature(task: ModelTask, signature: string): void {
    task.seed = testSeedFromSignature(signature);
  }

  fixSeedFromContributions(task: ModelTask): void {
    const revealed = new Map<number, string>();
    for (const [i, c] of task.contributions) if (task.seedRevealed & (1 << i)) revealed.set(i, c);
    task.seed = testSeedFromContributions(task.digest, revealed);
  }

  async scoreSignature(
    taskId: bigint,
    sub: ModelSubmission | undefined,
    id: bigint,
    score: bigint,
    seed: string,
    signer: AnvilSigner,
  ) {
    return signScore(signer, {
      ...this.domain(taskId),
      submissionId: id,
      resultCidHash: sub ? keccak256(sub.resultCid.bytes) : ZeroHash,
      score,
      testSeed: seed,
    });
  }

  static salt(n: number): string {
    return toBeHex(n, 32);
  }
}
