/**
 * Which anvil dev account plays which part in every test (anvil's well-known keys: local chains
 * only). The layout follows `npm start` (devnet): the owner is 1, the solver 2, the verifiers 7, 8
 * and 9 in ascending address order.
 */
export const ROLES = {
  deployer: 0,
  owner: 1,
  /** The solver of one-solver tests (the runner's account). */
  solver: 2,
  /** A second solver competing with `solver`. */
  rival: 3,
  /** The verifier of one-verifier tasks: the first of {@link VERIFIERS}. */
  verifier: 7,
  /** Sends other accounts' signed messages (seed commitments, scores). */
  relayer: 14,
  /** An account with no part in the task. */
  stranger: 15,
} as const;

/** Solver accounts for tests with several solvers (`solver` first, then `rival`). */
export const SOLVERS = [2, 3, 4, 5, 6] as const;

/** Verifier accounts for tests with several verifiers (`verifier` first). */
export const VERIFIERS = [7, 8, 9, 10, 11, 12, 13] as const;

/** The three verifiers of a quorum task (threshold 2), as `npm start` runs them. */
export const QUORUM = [7, 8, 9] as const;

/** Dev accounts every test chain has (anvil's default is 10). */
export const ACCOUNT_COUNT = 16;
