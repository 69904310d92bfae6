import { describe, expect, it } from 'vitest';
import type { ScoreGroup } from '../market/signed-scores.js';
import type { MarketSubmission } from '../market/types.js';
import { rankStandings, standingOf } from './rank.js';

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

const group = (score: bigint, signers: number[], quorum: boolean): ScoreGroup => ({
  score,
  signers,
  signatures: new Map(),
  quorum,
  recorded: null,
});

describe('rankStandings', () => {
  it('puts scored first by score, ties to the earlier commit, then revealed, then committed', () => {
    const ranked = rankStandings(
      [
        sub(1n, false, false, 0n),
        sub(2n, true, true, 500n),
        sub(3n, true, false, 0n),
        sub(4n, true, true, 900n),
        sub(5n, true, true, 500n),
      ].map((s) => standingOf(s, [])),
    );
    expect(ranked.map((s) => s.submission.id)).toEqual([4n, 2n, 5n, 3n, 1n]);
  });

  it('ranks a quorum-signed score nobody relayed with the recorded ones, a lone signature after them', () => {
    const ranked = rankStandings([
      standingOf(sub(1n, true, true, 700n), []),
      standingOf(sub(2n, true, false, 0n), [group(800n, [0, 1], true)]),
      standingOf(sub(3n, true, false, 0n), [group(990n, [2], false)]),
      standingOf(sub(4n, true, false, 0n), []),
    ]);
    expect(ranked.map((s) => [s.submission.id, s.basis])).toEqual([
      [2n, 'quorum'],
      [1n, 'chain'],
      [3n, 'unconfirmed'],
      [4n, null],
    ]);
  });
});
