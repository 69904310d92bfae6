import type { VerifiedFetch } from '@tem/core/ipfs';
import type { AnyTaskSpec } from '@tem/core/kinds';
import {
  BundleTooLargeError,
  MissingBundleFileError,
  ScoringInputFetchError,
  fetchScoringInputs,
  type ScoringInputs,
} from '@tem/core/scoring-inputs';

/**
 * The submission's scoring inputs (the kind's scored bundle files and the spec's test files),
 * fetched by CID with every block verified and with the verifier's limits (core's
 * `fetchScoringInputs`): a bundle the verifier refuses is refused here, in words for the page.
 */
export async function fetchScoredFiles(
  ipfs: VerifiedFetch,
  spec: AnyTaskSpec,
  resultCid: string,
): Promise<ScoringInputs> {
  try {
    return await fetchScoringInputs(ipfs, { spec, bundle: resultCid });
  } catch (error) {
    throw new Error(inputsMessage(error), { cause: error });
  }
}

function inputsMessage(error: unknown): string {
  if (error instanceof MissingBundleFileError || error instanceof BundleTooLargeError) {
    return `the verifier refuses this bundle: ${error.message}`;
  }
  if (error instanceof ScoringInputFetchError) {
    const what =
      error.part === 'bundle' ? 'the result bundle' : (error.file ?? 'a file of the bundle');
    return `${what}: ${error.cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
