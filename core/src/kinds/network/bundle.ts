import { readPopulation } from '../../bisuna/format/dat-codec.js';
import type { Cell } from '../../bisuna/format/genome.js';
import { validateModule } from '../../bisuna/format/validate.js';
import { MAX_AGENT_CONNECTIONS, MAX_AGENT_NEURONS } from '../../scoring/bundle.js';
import { BundleError } from '../../scoring/errors.js';
import {
  NETWORK_BUNDLE_FILES,
  parseNetworkResultManifest,
  type NetworkResultManifest,
} from '../../task/manifest.js';
import { parseJsonText } from '../../task/validate.js';
import { bundleManifest } from '../bundle-files.js';
import type { BundleFile, BundleFiles } from '../kind.js';

/** The files of a single-network kind's bundle. */
export const NETWORK_BUNDLE: readonly BundleFile[] = [
  {
    name: NETWORK_BUNDLE_FILES.manifest,
    required: true,
    scored: true,
    what: 'the chosen network and how it was trained',
  },
  {
    name: NETWORK_BUNDLE_FILES.network,
    required: true,
    scored: true,
    what: "the networks (.dat population), the chosen one at the manifest's index",
  },
];

/** A single-network bundle's chosen network and manifest. */
export interface LoadedNetwork {
  manifest: NetworkResultManifest;
  cell: Cell;
}

/**
 * Reads and checks a single-network bundle: manifest and `network.dat` present and within
 * `maxBundleBytes`, the `.dat` well-formed, the chosen index in range, the network with
 * `inputs` inputs and `outputs` outputs, within the verifier's size limits. Throws a
 * {@link BundleError} naming the problem.
 */
export function loadNetwork(
  files: BundleFiles,
  maxBundleBytes: number,
  inputs: number,
  outputs: number,
): LoadedNetwork {
  const manifest = bundleManifest(
    files,
    (text) => parseNetworkResultManifest(parseJsonText(text, 'result manifest')),
    'network',
  );
  const name = NETWORK_BUNDLE_FILES.network;
  const bytes = files.get(name);
  if (!bytes || bytes.length === 0)
    throw new BundleError('missing-file', `${name} is missing or empty`);
  if (bytes.length > maxBundleBytes) {
    throw new BundleError(
      'oversized',
      `${name} has ${bytes.length} bytes; the spec allows ${maxBundleBytes} (scoring.maxBundleBytes)`,
    );
  }
  let cells: Cell[];
  try {
    cells = readPopulation(bytes).cells;
  } catch (error) {
    throw new BundleError(
      'corrupt-dat',
      `${name} is not a valid BiSUNA .dat: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const cell = cells[manifest.network];
  if (!cell) {
    throw new BundleError(
      'pair-out-of-range',
      `manifest network = ${manifest.network} but ${name} holds ${cells.length} networks`,
    );
  }
  const { nInputs, nOutputs } = cell.module.params;
  if (nInputs !== inputs || nOutputs !== outputs) {
    throw new BundleError(
      'wrong-shape',
      `${name} network ${manifest.network} has ${nInputs} inputs and ${nOutputs} outputs; the task's networks have ${inputs} and ${outputs}`,
    );
  }
  const neurons = cell.module.neurons.length;
  const conns = cell.module.conns.length;
  if (neurons > MAX_AGENT_NEURONS || conns > MAX_AGENT_CONNECTIONS) {
    throw new BundleError(
      'oversized',
      `${name} network ${manifest.network} has ${neurons} neurons and ${conns} connections; the verifier runs at most ${MAX_AGENT_NEURONS} and ${MAX_AGENT_CONNECTIONS}`,
    );
  }
  try {
    validateModule(cell.module);
  } catch (error) {
    throw new BundleError(
      'corrupt-dat',
      `${name} network ${manifest.network}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return { manifest, cell };
}
