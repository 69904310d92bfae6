import type { MarketSubmission } from '../market/types.js';

/** Ranks submissions: scored first by score (ties: earlier commit), then revealed, then committed. */
export function rankSubmissions(submissions: MarketSubmission[]): MarketSubmission[] {
  const weight = (s: MarketSubmission) => (s.scored ? 2 : s.revealed ? 1 : 0);
  return [...submissions].sort((a, b) => {
    if (weight(a) !== weight(b)) return weight(b) - weight(a);
    if (a.score !== b.score) return a.score > b.score ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
