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

/** Converts one `TaskJson` item into the chain reader's shape; throws on anything malformed. */
export function taskFromApi(item: unknown): MarketTask {
  const t = item as Record<string, unknown>;
  const state = text(t.state, 'state', /^(open|finalized|cancelled)$/) as MarketTask['state'];
  const verifier = getAddress(text(t.verifier, 'verifier', /^0x[0-9a-fA-F]{40}$/));
  const revealDeadline = seconds(t.revealDeadline, 'revealDeadline');
  return {
    id: uint(t.id, 'id'),
    owner: getAddress(text(t.owner, 'owner', /^0x[0-9a-fA-F]{40}$/)),
    verifier,
    state,
    bounty: uint(t.bountyWei, 'bountyWei'),
    commitDeadline: seconds(t.commitDeadline, 'commitDeadline'),
    revealDeadline,
    scoringDeadline: seconds(t.scoringDeadline, 'scoringDeadline'),
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
    specCid: t.specCid === null ? null : text(t.specCid, 'specCid', /^[a-zA-Z0-9]{10,200}$/),
    specCidHex: '0x',
    // /api/tasks does not carry the quorum contract's fields yet: one verifier, no bond.
    verifiers: [verifier],
    threshold: 1,
    verifierCount: 1,
    verifierSetHash: `0x${'0'.repeat(64)}`,
    commitBond: 0n,
    seedWindow: 0n,
    seedCommitDeadline: revealDeadline,
    seedRevealDeadline: revealDeadline,
    createdBlock: 0,
    bestSolver: `0x${'0'.repeat(40)}`,
    revealsDigest: `0x${'0'.repeat(64)}`,
    seedCommitted: 0,
    seedRevealed: 0,
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
