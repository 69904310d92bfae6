/** Errors of the contracts package; match on `err.name`. */

/** The local chain (anvil) could not start, answer or stop as expected. */
export class LocalChainError extends Error {
  override name = 'LocalChainError';
}

/** A deployment failed or its parameters are wrong (network, key, keystore). */
export class DeployError extends Error {
  override name = 'DeployError';
}
