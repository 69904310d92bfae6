/** A `.dat` file that does not follow the reference layout (spec §13): names the byte offset and field. */
export class DatFormatError extends Error {
  override name = 'DatFormatError';
  constructor(
    message: string,
    readonly offset: number,
    readonly field: string,
  ) {
    super(`${message} (field ${field} at byte offset ${offset})`);
  }
}

/** A genome the engine cannot run: an id out of range, interface counts larger than the neuron list. */
export class GenomeError extends Error {
  override name = 'GenomeError';
}
