/**
 * The runner relays its verifiers' parts of the test seed (docs/test-seed.md): it asks their seed
 * endpoints and sends one part per step, each checked against the chain first (a `TestSeed` or
 * `SeedCommitment` signature must recover to that verifier over the task's reveals digest on
 * chain; a contribution must match the commitment on chain). Verifiers that do not answer are
 * waited for until their window closes; the seed needs m of them.
 */
import {
  callMarketView,
  recoverSeedCommitmentSigner,
  recoverTestSeedSigner,
  seedContributionCommitment,
  type MarketTask,
} from '@tem/core/market';
import { formatChainTime } from '../format/human.js';
import type { MarketCall } from './market-tx.js';
import type { SeedStep } from './next-action.js';
import type { RunnerContext } from './runner-context.js';
import { VerifierError, requestSeed } from './verifier-client.js';
import { verifierUrls, type SpecEndpoints } from './verifier-quorum.js';

/** A seed part to relay, or why there is none yet. */
export type SeedRelay =
  | { kind: 'relay'; call: MarketCall; verifierIndex?: number }
  | { kind: 'wait'; why: string; until?: bigint };

/** One verifier's usable answer, or why it gave none. */
type Part<T> = { index: number; verifier: string } & (
  { ok: true; value: T } | { ok: false; reason: string }
);

/**
 * The next seed transaction for `task` in seed step `step`: `fixTestSeed` with the verifier's
 * signature (n = 1), the first usable `commitSeed` of a verifier not yet committed, or the first
 * usable `revealSeed` of a committed verifier not yet revealed (n > 1).
 */
export async function relaySeedPart(
  ctx: RunnerContext,
  task: MarketTask,
  step: SeedStep,
  spec: SpecEndpoints,
): Promise<SeedRelay> {
  const urls = verifierUrls(spec, task);
  const domain = {
    chainId: ctx.chainId,
    contract: ctx.market.address,
    taskId: task.id,
    revealsDigest: task.revealsDigest,
  };
  const bit = (i: number) => 1 << i;
  const indices =
    step === 'fixTestSeed'
      ? [0]
      : task.verifiers
          .map((_, i) => i)
          .filter((i) =>
            step === 'commitSeed'
              ? (task.seedCommitted & bit(i)) === 0
              : (task.seedCommitted & bit(i)) !== 0 && (task.seedRevealed & bit(i)) === 0,
          );
  const parts = await Promise.all(
    indices.map(async (index): Promise<Part<MarketCall>> => {
      const verifier = task.verifiers[index]!;
      const url = urls[index];
      if (!url) return { index, verifier, ok: false, reason: 'the spec names no endpoint for it' };
      try {
        const answer = await requestSeed(url, task.id.toString(), task.revealsDigest, ctx.signal);
        return { index, verifier, ...(await check(ctx, task, step, index, answer, domain)) };
      } catch (error) {
        if (error instanceof VerifierError)
          return { index, verifier, ok: false, reason: error.message };
        throw error;
      }
    }),
  );
  const usable = parts.find((p) => p.ok);
  if (usable?.ok) {
    return step === 'fixTestSeed'
      ? { kind: 'relay', call: usable.value }
      : { kind: 'relay', call: usable.value, verifierIndex: usable.index };
  }
  const missing = parts.map((p) => `${p.verifier}: ${p.ok ? 'ok' : p.reason}`).join('; ');
  const now = await ctx.chainNow();
  if (step === 'commitSeed') {
    return {
      kind: 'wait',
      why: `no seed commitment to relay from ${parts.length} verifier(s) (${missing}); commitments close at ${formatChainTime(task.seedCommitDeadline, now)}`,
      until: task.seedCommitDeadline,
    };
  }
  if (step === 'revealSeed') {
    return {
      kind: 'wait',
      why: `no seed contribution to relay (${missing}); contributions close at ${formatChainTime(task.seedRevealDeadline, now)}`,
      until: task.seedRevealDeadline,
    };
  }
  return { kind: 'wait', why: `the verifier gave no test seed signature (${missing})` };
}

type Checked = { ok: true; value: MarketCall } | { ok: false; reason: string };

/** The relay call of a verifier's answer once it checks out against the chain. */
async function check(
  ctx: RunnerContext,
  task: MarketTask,
  step: SeedStep,
  index: number,
  answer: Awaited<ReturnType<typeof requestSeed>>,
  domain: { chainId: number; contract: string; taskId: bigint; revealsDigest: string },
): Promise<Checked> {
  const verifier = task.verifiers[index]!;
  const recovers = (recover: () => string) => {
    try {
      return recover().toLowerCase() === verifier.toLowerCase();
    } catch {
      return false;
    }
  };
  if (step === 'fixTestSeed') {
    const signature = answer.testSeedSignature;
    if (answer.kind !== 'test-seed' || !signature) return wrongKind(answer.kind, 'test-seed');
    if (!recovers(() => recoverTestSeedSigner(domain, signature)))
      return { ok: false, reason: 'its TestSeed signature is not over the digest on chain' };
    return {
      ok: true,
      value: { functionName: 'fixTestSeed', args: [task.id, task.verifiers, signature] },
    };
  }
  if (step === 'commitSeed') {
    const { commitment, commitmentSignature: signature } = answer;
    if (answer.kind !== 'seed-commitment' || !commitment || !signature)
      return wrongKind(answer.kind, 'seed-commitment');
    if (!recovers(() => recoverSeedCommitmentSigner({ ...domain, commitment }, signature)))
      return { ok: false, reason: 'its SeedCommitment signature is not over the digest on chain' };
    return {
      ok: true,
      value: {
        functionName: 'commitSeed',
        args: [task.id, task.verifiers, index, commitment, signature],
      },
    };
  }
  const contribution = answer.contribution;
  if (answer.kind !== 'seed-contribution' || !contribution)
    return wrongKind(answer.kind, 'seed-contribution');
  const onChain = await callMarketView<string>(ctx.market, 'seedCommitmentOf', [task.id, index]);
  let matches = false;
  try {
    matches = seedContributionCommitment(contribution) === onChain;
  } catch {
    matches = false;
  }
  if (!matches)
    return { ok: false, reason: 'its contribution does not match its commitment on chain' };
  return { ok: true, value: { functionName: 'revealSeed', args: [task.id, index, contribution] } };
}

function wrongKind(kind: string, expected: string): Checked {
  return { ok: false, reason: `answered a ${kind}, not a ${expected}` };
}
