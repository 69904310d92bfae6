import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContentTooLargeError } from '@tem/core/ipfs';
import type { BundleSource } from '@tem/core/scoring-inputs';

/**
 * A result bundle in a local folder, read with the limits core's `fetchScoringInputs` applies
 * to a bundle by CID: entries are the folder's regular files with their sizes, and a file over
 * the bytes asked for is refused (ContentTooLargeError) before it is read.
 */
export function folderBundle(dir: string): BundleSource {
  return {
    where: dir,
    async list() {
      const names = await readdir(dir);
      const entries = await Promise.all(
        names.map(async (name) => {
          const s = await stat(path.join(dir, name)).catch(() => undefined);
          return s?.isFile() ? [{ name, size: s.size }] : [];
        }),
      );
      return entries.flat();
    },
    async read(name, maxBytes) {
      const file = path.join(dir, name);
      if ((await stat(file)).size > maxBytes) throw new ContentTooLargeError(maxBytes);
      const bytes = new Uint8Array(await readFile(file));
      // The file may have grown since: what was read counts.
      if (bytes.byteLength > maxBytes) throw new ContentTooLargeError(maxBytes);
      return bytes;
    },
  };
}
