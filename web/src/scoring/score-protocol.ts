/** Messages between the page and the scoring worker. */
export interface ScoreRequest {
  type: 'score';
  gateways: string[];
  /** The task spec as validated JSON (re-validated in the worker). */
  spec: unknown;
  resultCid: string;
  testSeed: string;
}

export type ScoreResponse =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'result'; score: string; terms: Record<string, number>; formulaVersion: number }
  | { type: 'error'; message: string };
