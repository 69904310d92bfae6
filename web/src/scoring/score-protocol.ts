/** Messages between the page and the scoring worker. */
export interface ScoreRequest {
  type: 'score';
  gateways: string[];
  /** The task spec as validated JSON (re-validated in the worker by its kind's schema). */
  spec: unknown;
  resultCid: string;
  testSeed: string;
}

/** Runs a submission for its kind's view (the kind's `replay`) instead of scoring it. */
export interface ReplayRequest {
  type: 'replay';
  gateways: string[];
  spec: unknown;
  resultCid: string;
  /** The task's test seed, or a preview seed before it is fixed. */
  testSeed: string;
}

export type ScoreResponse =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'result'; score: string; terms: Record<string, number>; formulaVersion: number }
  | { type: 'replay'; data: unknown }
  | { type: 'error'; message: string };
