import type { SiteVerifier } from '../config/index.js';

/** One verifier of a task and where the site may ask it (null: no endpoint known to this site). */
export interface TaskVerifierEndpoint {
  /** Position in the task's (ascending) verifier set: bit `index` of signer masks. */
  index: number;
  address: string;
  /** Its `…/api/verify` URL, when this deployment lists the address. */
  url: string | null;
}

/**
 * Pairs a task's verifiers with the endpoints this deployment lists (`config.json` `verifiers`),
 * by address. The site asks only those: its Content-Security-Policy allows exactly the origins
 * the configuration names, so a URL that only the task spec gives is shown, never fetched.
 *
 * @example
 * taskVerifierEndpoints(task.verifiers, config.verifiers); // [{ index: 0, address, url }, …]
 */
export function taskVerifierEndpoints(
  verifiers: readonly string[],
  known: readonly SiteVerifier[],
): TaskVerifierEndpoint[] {
  return verifiers.map((address, index) => ({
    index,
    address,
    url: known.find((k) => k.address.toLowerCase() === address.toLowerCase())?.url ?? null,
  }));
}
