import type { SiteVerifier } from '../config/index.js';

/** One verifier of a task and where the site may ask it (null: no endpoint known to this site). */
export interface TaskVerifierEndpoint {
  /** Position in the task's (ascending) verifier set: bit `index` of signer masks. */
  index: number;
  address: string;
  /** Its `…/api/verify` URL, when this deployment lists the address. */
  url: string | null;
}

const byAddress = (list: readonly SiteVerifier[], address: string) =>
  list.find((k) => k.address.toLowerCase() === address.toLowerCase());

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Pairs a task's verifiers (the chain's set) with endpoints, by address: those this deployment
 * lists (`config.json` `verifiers`), else the task spec's (`verifiers`, `verifier`) when the URL's
 * origin is one the site may reach. The Content-Security-Policy allows exactly the origins the
 * configuration names, so any other URL a spec gives is shown, never fetched.
 *
 * @example
 * taskVerifierEndpoints(task.verifiers, config.verifiers, specVerifiers(spec), connectOrigins(config));
 */
export function taskVerifierEndpoints(
  verifiers: readonly string[],
  known: readonly SiteVerifier[],
  specListed: readonly SiteVerifier[] = [],
  reachableOrigins: readonly string[] = [],
): TaskVerifierEndpoint[] {
  return verifiers.map((address, index) => {
    const listed = byAddress(known, address)?.url;
    const fromSpec = byAddress(specListed, address)?.url;
    const reachable = fromSpec && reachableOrigins.includes(originOf(fromSpec) ?? '');
    return { index, address, url: listed ?? (reachable ? fromSpec : null) };
  });
}
