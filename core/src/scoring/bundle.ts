import { readPopulation, validateModule, type Cell, type Population } from '../bisuna/index.js';
import { cipherInterfaceMismatch } from '../bisuna/training/key-layout.js';
import type { ResultManifest, TaskSpec } from '../task/index.js';
import { BundleError } from './errors.js';

/** Largest agent the verifier runs (neurons, connections): bigger ones are rejected as oversized. */
export const MAX_AGENT_NEURONS = 10_000;
export const MAX_AGENT_CONNECTIONS = 20_000;

/** The chosen Alice and Bob of a bundle, checked against the spec. */
export interface LoadedPair {
  alice: Cell;
  bob: Cell;
}

/**
 * Reads and checks a result bundle's agents: both `.dat` files present, within the spec's
 * `maxBundleBytes`, well-formed, the manifest's pair indices in range, each chosen network with
 * the key regime's inputs (payloadWords under `otp`, payloadWords + keyWords under `short-key`)
 * and payloadWords outputs, ids consistent, size within the verifier's limits.
 * Throws a {@link BundleError} naming the problem.
 *
 * @example
 * const { alice, bob } = loadPair(spec, manifest, aliceBytes, bobBytes);
 */
export function loadPair(
  spec: TaskSpec,
  manifest: ResultManifest,
  aliceBytes: Uint8Array | undefined,
  bobBytes: Uint8Array | undefined,
): LoadedPair {
  const max = spec.scoring.maxBundleBytes;
  const alicePop = readAgents('alice.dat', aliceBytes, max);
  const bobPop = readAgents('bob.dat', bobBytes, max);
  const total = aliceBytes!.length + bobBytes!.length;
  if (total > max) {
    throw new BundleError(
      'oversized',
      `alice.dat and bob.dat hold ${total} bytes together; the spec allows ${max} (scoring.maxBundleBytes)`,
    );
  }
  const alice = pick('alice.dat', alicePop, manifest.pair.alice, 'pair.alice');
  const bob = pick('bob.dat', bobPop, manifest.pair.bob, 'pair.bob');
  checkShape('alice.dat', manifest.pair.alice, alice, spec);
  checkShape('bob.dat', manifest.pair.bob, bob, spec);
  return { alice, bob };
}

function readAgents(file: string, bytes: Uint8Array | undefined, max: number): Population {
  if (!bytes || bytes.length === 0) {
    throw new BundleError('missing-file', `${file} is missing or empty`);
  }
  if (bytes.length > max) {
    throw new BundleError(
      'oversized',
      `${file} has ${bytes.length} bytes; the spec allows ${max} (scoring.maxBundleBytes)`,
    );
  }
  try {
    return readPopulation(bytes);
  } catch (err) {
    throw new BundleError(
      'corrupt-dat',
      `${file} is not a valid BiSUNA .dat: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

function pick(file: string, pop: Population, index: number, field: string): Cell {
  const cell = pop.cells[index];
  if (!cell) {
    throw new BundleError(
      'pair-out-of-range',
      `manifest ${field} = ${index} but ${file} holds ${pop.cells.length} agents`,
    );
  }
  return cell;
}

function checkShape(file: string, index: number, cell: Cell, spec: TaskSpec): void {
  const { nInputs, nOutputs } = cell.module.params;
  const { keyRegime, payloadWords, keyWords } = spec.training;
  const problem = cipherInterfaceMismatch(
    `${file} agent ${index}`,
    nInputs,
    nOutputs,
    keyRegime,
    payloadWords,
    keyWords,
  );
  if (problem) throw new BundleError('wrong-shape', `${problem} (the spec's training parameters)`);
  const neurons = cell.module.neurons.length;
  const conns = cell.module.conns.length;
  if (neurons > MAX_AGENT_NEURONS || conns > MAX_AGENT_CONNECTIONS) {
    throw new BundleError(
      'oversized',
      `${file} agent ${index} has ${neurons} neurons and ${conns} connections; the verifier runs at most ${MAX_AGENT_NEURONS} and ${MAX_AGENT_CONNECTIONS}`,
    );
  }
  try {
    validateModule(cell.module);
  } catch (err) {
    throw new BundleError('corrupt-dat', `${file} agent ${index}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
