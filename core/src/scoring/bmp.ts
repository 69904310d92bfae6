import { bytesToWordsBE, readBmp } from '../bisuna/index.js';
import { ScoringInputError } from './errors.js';

/**
 * The pixel bytes of a 24- or 32-bit BMP as u16 words, read by the engine's port of the
 * reference's BMP handler (spec §11.4: row padding skipped, pixel bytes paired big-endian,
 * `hi << 8 | lo`). A file the handler refuses raises a ScoringInputError naming it.
 */
export function bmpPixelWords(bytes: Uint8Array, name = 'BMP'): Uint16Array {
  try {
    return bytesToWordsBE(readBmp(bytes).data);
  } catch (err) {
    throw new ScoringInputError(`${name}: ${(err as Error).message}`, { cause: err });
  }
}
