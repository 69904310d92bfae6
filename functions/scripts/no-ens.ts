/**
 * Stands in for `@adraffy/ens-normalize` in the function bundles (see build.ts): Theta has no ENS,
 * and the functions only ever pass 0x addresses to ethers, which never normalises those.
 */
export function ens_normalize(name: string): string {
  throw new Error(`ENS names are not supported on Theta: ${JSON.stringify(name)}`);
}
