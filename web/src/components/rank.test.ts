import { describe, expect, it } from 'vitest';
import type { MarketSubmission } from '../market/types.js';
import { rankSubmissions } from './rank.js';

const sub = (id: bigint, revealed: boolean, scored: boolean, score: bigint): MarketSubmission => ({
  taskId: 1n,
  id,
  solver: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  commitment: '0x',
  revealed,
  scored,
  score,
  resultCid: null,
  resultCidHex: '0x',
  resultCidHash: null,
  scores: [],
  committedBlock: 0,
  revealedBlock: undefined,
});

describe('rankSubmissions', () => {
  it('puts scored first by score, ties to the earlier commit, then revealed, then committed', () => {
    const ranked = rankSubmissions([
      sub(1n, false, false, 0n),
      sub(2n, true, true, 500n),
      sub(3n, true, false, 0n),
      sub(4n, true, true, 900n),
      sub(5n, true, true, 500n),
    ]);
    expect(ranked.map((s) => s.id)).toEqual([4n, 2n, 5n, 3n, 1n]);
  });
});
