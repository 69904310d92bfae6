/** A local-stack step failed; `step` names it so `npm start -- --once` can exit with it. */
export class DevnetError extends Error {
  override name = 'DevnetError';
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`${step}: ${message}`);
  }
}

/** A port the stack needs is taken by another process. */
export class PortInUseError extends DevnetError {
  override name = 'PortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    envVar: string,
  ) {
    super(
      'ports',
      `port ${port} for ${service} is already in use; stop what uses it or set ${envVar} to another port`,
    );
  }
}
