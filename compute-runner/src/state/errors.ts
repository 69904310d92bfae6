/** The runner's state file exists but cannot be read as runner state; names the file and why. */
export class StateFileError extends Error {
  override name = 'StateFileError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`runner state ${path} is unreadable: ${reason}`);
  }
}
