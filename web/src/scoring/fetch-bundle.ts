import type { VerifiedFetch } from '@tem/core/ipfs';
import type { AnyTaskKind, AnyTaskSpec, BundleFiles } from '@tem/core/kinds';

/**
 * The bundle files scoring reads (the kind's `scored` files) and the spec's test files, fetched by
 * CID with every block verified; a file that cannot be fetched is named in the error.
 */
export async function fetchScoredFiles(
  ipfs: VerifiedFetch,
  kind: AnyTaskKind,
  spec: AnyTaskSpec,
  resultCid: string,
): Promise<{ files: BundleFiles; testFiles: Map<string, Uint8Array> }> {
  const maxBytes = spec.scoring.maxBundleBytes;
  const named = async (what: string, load: () => Promise<Uint8Array>) => {
    try {
      return await load();
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
    }
  };
  const scored = kind.bundleFiles.filter((f) => f.scored);
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    scored.map(async (f) => {
      const path = `${resultCid}/${f.name}`;
      files.set(f.name, await named(f.name, () => ipfs.bytes(path, { maxBytes })));
    }),
  );
  const testFiles = new Map<string, Uint8Array>();
  for (const file of kind.testFiles(spec)) {
    testFiles.set(
      file.name,
      await named(file.name, () => ipfs.bytes(file.cid, { maxBytes: file.maxBytes })),
    );
  }
  return { files, testFiles };
}
