import * as z from 'zod';
import { cidText } from './primitives.js';
import { parseJsonText, parseWith } from './validate.js';

export const RESULT_MANIFEST_SCHEMA = 'tem/result-bundle';
export const RESULT_MANIFEST_VERSION = 1;

/** File names inside a result bundle directory (agents in the reference `.dat` format). */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  alice: 'alice.dat',
  bob: 'bob.dat',
  eve: 'eve.dat',
} as const;

const historyEntry = z.strictObject({
  generation: z.int().min(0),
  bestAliceBob: z.number(),
  bestEve: z.number().nullable(),
});

/** Decimal string: task ids are uint256 on chain. */
const taskId = z.string().regex(/^(0|[1-9][0-9]{0,77})$/, 'must be a decimal integer string');

/** How the bundle's networks were trained (informative: scoring does not read it). */
const trainingSummary = z.strictObject({
  seed: z.string().max(200),
  generations: z.int().min(0),
  seconds: z.number().min(0),
  bestFitness: z.number(),
  runner: z.string().max(200),
});

/** `manifest.json` of a cipher result bundle (DESIGN.md "Task spec and result bundle"). */
export const resultManifest = z.strictObject({
  schema: z.literal(RESULT_MANIFEST_SCHEMA),
  version: z.literal(RESULT_MANIFEST_VERSION),
  taskId,
  specCid: cidText,
  /** Index of the chosen Alice and Bob inside alice.dat and bob.dat. */
  pair: z.strictObject({ alice: z.int().min(0), bob: z.int().min(0) }),
  training: trainingSummary,
  history: z.array(historyEntry).max(100_000),
});

export type ResultManifest = z.infer<typeof resultManifest>;

/** File names inside the result bundle of a single-network kind (multiplexer, double pole). */
export const NETWORK_BUNDLE_FILES = {
  manifest: 'manifest.json',
  network: 'network.dat',
} as const;

/**
 * `manifest.json` of a single-network kind's bundle: the chosen network is cell `network` of
 * `network.dat`; the history has each generation's best fitness.
 */
export const networkResultManifest = z.strictObject({
  schema: z.literal(RESULT_MANIFEST_SCHEMA),
  version: z.literal(RESULT_MANIFEST_VERSION),
  taskId,
  specCid: cidText,
  network: z.int().min(0),
  training: trainingSummary,
  history: z
    .array(z.strictObject({ generation: z.int().min(0), bestFitness: z.number() }))
    .max(100_000),
});

export type NetworkResultManifest = z.infer<typeof networkResultManifest>;

/** Validates a single-network kind's manifest; throws TaskDocumentError naming every bad field. */
export function parseNetworkResultManifest(value: unknown): NetworkResultManifest {
  return parseWith(networkResultManifest, value, 'result manifest');
}

/** Validates a parsed value as a result manifest; throws TaskDocumentError naming every bad field. */
export function parseResultManifest(value: unknown): ResultManifest {
  return parseWith(resultManifest, value, 'result manifest');
}

/** Parses and validates result manifest JSON text. */
export function parseResultManifestJson(text: string): ResultManifest {
  return parseResultManifest(parseJsonText(text, 'result manifest'));
}
