/** The runner's configuration is missing a value or has a bad one; names the setting and its source. */
export class RunnerConfigError extends Error {
  override name = 'RunnerConfigError';
}
