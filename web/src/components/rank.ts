import type { ScoreGroup } from '../market/signed-scores.js';
import type { MarketSubmission } from '../market/types.js';

/** What a submission's place on the leaderboard rests on. */
export interface Standing {
  submission: MarketSubmission;
  /** The score it is ranked by, or null when it has none yet. */
  score: bigint | null;
  /**
   * `chain`: recorded on chain; `quorum`: signed by at least m verifiers, not relayed;
   * `unconfirmed`: signed by fewer than m; null: no score.
   */
  basis: 'chain' | 'quorum' | 'unconfirmed' | null;
  /** Its signed and recorded scores, highest first. */
  groups: ScoreGroup[];
}

/** The score a submission stands on: the chain's, else a quorum's, else a lone signature's. */
export function standingOf(submission: MarketSubmission, groups: ScoreGroup[]): Standing {
  if (submission.scored) return { submission, score: submission.score, basis: 'chain', groups };
  const quorum = groups.find((g) => g.quorum);
  if (quorum) return { submission, score: quorum.score, basis: 'quorum', groups };
  const lone = groups[0];
  if (lone) return { submission, score: lone.score, basis: 'unconfirmed', groups };
  return { submission, score: null, basis: null, groups };
}

const weight = (s: Standing) =>
  s.basis === 'chain' || s.basis === 'quorum'
    ? 3
    : s.basis === 'unconfirmed'
      ? 2
      : s.submission.revealed
        ? 1
        : 0;

/**
 * Ranks submissions: scores that count (recorded on chain, or signed by a quorum) first by score,
 * ties to the earlier commit as the contract breaks them; then scores fewer than m verifiers
 * signed; then revealed, then committed submissions.
 */
export function rankStandings(standings: readonly Standing[]): Standing[] {
  return [...standings].sort((a, b) => {
    if (weight(a) !== weight(b)) return weight(b) - weight(a);
    const sa = a.score ?? -1n;
    const sb = b.score ?? -1n;
    if (sa !== sb) return sa > sb ? -1 : 1;
    const ia = a.submission.id;
    const ib = b.submission.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}
