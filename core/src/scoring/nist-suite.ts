import { BitSequence, runNistSuite } from '../nist/index.js';
import type { PValueResult } from './randomness.js';

/** Runs the 15 SP 800-22 tests on `bits` bits packed MSB-first in `bytes`. */
export type NistSuite = (bytes: Uint8Array, bits: number) => readonly PValueResult[];

/** The engine's NIST SP 800-22 suite with sts-2.1.2's default parameters. */
export const defaultNistSuite: NistSuite = (bytes, bits) =>
  runNistSuite(new BitSequence(bytes, bits));
