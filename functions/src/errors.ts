/** Typed failures of the functions package. Match on `error.name`, never on message text. */

/** An environment variable that is missing or malformed; the message names it (never its value if secret). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/** The verifier key could not be loaded (bad key, unreadable keystore, wrong password). */
export class VerifierKeyError extends Error {
  override name = 'VerifierKeyError';
}
