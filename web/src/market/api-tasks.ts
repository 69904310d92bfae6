import { getAddress } from 'ethers';
import type { MarketTask } from './types.js';

/** The answer of the functions' `GET /api/tasks` that the site relies on (checked field by field). */
interface TaskListPage {
  chainId: number;
  market: string;
  totalPages: number;
  items: unknown[];
}

const uint = (v: unknown, field: string): bigint => {
  if (typeof v !== 'string' || !/^\d{1,78}$/.test(v)) throw new Error(`/api/tasks: bad ${field}`);
  return BigInt(v);
};
const seconds = (v: unknown, field: string): bigint => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`/api/tasks: bad ${field}`);
  return BigInt(v as number);
};
const text = (v: unknown, field: string, pattern: RegExp): string => {
  if (typeof v !== 'string' || !pattern.test(v)) throw new Error(`/api/tasks: bad ${field}`);
  return v;
};

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The task's verifier set: `verifiers` (TaskMarket v2), or the single `verifier` of older answers. */
function verifiersOf(t: Record<string, unknown>): string[] {
  if (t.verifiers === undefined) return [getAddress(text(t.verifier, 'verifiers', ADDRESS))];
  if (!Array.isArray(t.verifiers) || t.verifiers.length < 1 || t.verifiers.length > 7) {
    throw new Error('/api/tasks: bad verifiers');
  }
  return t.verifiers.map((v) => getAddress(text(v, 'verifiers', ADDRESS)));
}

/** Bit i set for verifier i among `verifiers` named in `seed[field]` (addresses), 0 when absent. */
function seedMask(
  t: Record<string, unknown>,
  field: 'committed' | 'revealed',
  verifiers: string[],
) {
  const seed = t.seed as Record<string, unknown> | undefined;
  if (seed === undefined) return 0;
  const named = seed?.[field];
  if (!Array.isArray(named)) throw new Error(`/api/tasks: bad seed.${field}`);
  return named.reduce<number>((mask, v) => {
    const i = verifiers.indexOf(getAddress(text(v, `seed.${field}`, ADDRESS)));
    if (i < 0) throw new Error(`/api/tasks: bad seed.${field}`);
    return mask | (1 << i);
  }, 0);
}

const small = (v: unknown, field: string, max: number): number => {
  if (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > max) {
    throw new Error(`/api/tasks: bad ${field}`);
  }
  return v as number;
};

/**
 * Converts one `TaskJson` item into the chain reader's shape; throws on anything malformed. The
 * quorum fields (`verifiers`, `threshold`, `commitBondWei`, `seedWindow`, `seed.committed`,
 * `seed.revealed`) are read when the answer has them; an answer without them describes a task
 * with one verifier and no bond. The task page reads the chain itself; the list needs none of them.
 */
export function taskFromApi(item: unknown): MarketTask {
  const t = item as Record<string, unknown>;
  const state = text(t.state, 'state', /^(open|finalized|cancelled)$/) as MarketTask['state'];
  const verifiers = verifiersOf(t);
  const threshold = t.threshold === undefined ? 1 : small(t.threshold, 'threshold', 7);
  if (threshold < 1 || threshold > verifiers.length) throw new Error('/api/tasks: bad threshold');
  const revealDeadline = seconds(t.revealDeadline, 'revealDeadline');
  const seedWindow = t.seedWindow === undefined ? 0n : seconds(t.seedWindow, 'seedWindow');
  return {
    id: uint(t.id, 'id'),
    owner: getAddress(text(t.owner, 'owner', ADDRESS)),
    verifier: verifiers[0]!,
    verifiers,
    threshold,
    verifierCount: verifiers.length,
    state,
    bounty: uint(t.bountyWei, 'bountyWei'),
    commitBond: t.commitBondWei === undefined ? 0n : uint(t.commitBondWei, 'commitBondWei'),
    commitDeadline: seconds(t.commitDeadline, 'commitDeadline'),
    revealDeadline,
    scoringDeadline: seconds(t.scoringDeadline, 'scoringDeadline'),
    seedWindow,
    seedCommitDeadline: revealDeadline + seedWindow,
    seedRevealDeadline: revealDeadline + 2n * seedWindow,
    minScore: uint(t.minScore, 'minScore'),
    bestScore: t.bestScore === null ? 0n : uint(t.bestScore, 'bestScore'),
    bestSubmissionId:
      t.bestSubmissionId === null ? 0n : uint(t.bestSubmissionId, 'bestSubmissionId'),
    submissionCount: seconds(t.submissionCount, 'submissionCount'),
    revealCount: seconds(t.revealCount, 'revealCount'),
    testSeed:
      t.testSeed === null
        ? `0x${'0'.repeat(64)}`
        : text(t.testSeed, 'testSeed', /^0x[0-9a-fA-F]{64}$/),
    seedCommitted: seedMask(t, 'committed', verifiers),
    seedRevealed: seedMask(t, 'revealed', verifiers),
    specCid: t.specCid === null ? null : text(t.specCid, 'specCid', /^[a-zA-Z0-9]{10,200}$/),
    specCidHex: '0x',
    // Not in the answer and not needed by the list.
    verifierSetHash: `0x${'0'.repeat(64)}`,
    createdBlock: 0,
    bestSolver: `0x${'0'.repeat(40)}`,
    revealsDigest: `0x${'0'.repeat(64)}`,
  };
}

/**
 * Every task from the functions' cached `/api/tasks` (an accelerator only), after checking the
 * answer is for our chain and market. Throws on any failure so the caller falls back to the RPC.
 */
export async function listTasksFromApi(
  functionsUrl: string,
  chainId: number,
  market: string,
  timeoutMs = 4000,
): Promise<MarketTask[]> {
  const tasks: MarketTask[] = [];
  for (let page = 1; page <= 20; page++) {
    const response = await fetch(
      `${functionsUrl}/api/tasks?status=all&sort=id&order=desc&pageSize=100&page=${page}`,
      {
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    if (!response.ok) throw new Error(`/api/tasks answered ${response.status}`);
    const body = (await response.json()) as TaskListPage;
    if (
      body.chainId !== chainId ||
      typeof body.market !== 'string' ||
      body.market.toLowerCase() !== market.toLowerCase()
    ) {
      throw new Error('/api/tasks serves another chain or market');
    }
    if (!Array.isArray(body.items)) throw new Error('/api/tasks: no items');
    tasks.push(...body.items.map(taskFromApi));
    if (page >= body.totalPages) break;
  }
  return tasks;
}
