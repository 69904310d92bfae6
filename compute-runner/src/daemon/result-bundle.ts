import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cidOfDirectory, type Content } from '@tem/core/ipfs';
import {
  MANIFEST_FILE,
  TASK_KINDS,
  manifestBytes,
  type AnyTaskKind,
  type AnyTaskSpec,
} from '@tem/core/kinds';
import { writeFileAtomic } from '../state/atomic-file.js';

export const RUNNER_VERSION = 'tem 0.1.0';

/** Every file name a bundle of any kind holds, manifest first (what a bundle folder publishes). */
const BUNDLE_NAMES = [
  MANIFEST_FILE,
  ...new Set(
    TASK_KINDS.flatMap((k) => k.bundleFiles.map((f) => f.name)).filter((n) => n !== MANIFEST_FILE),
  ),
];

/**
 * Writes the bundle folder of a training state of `kind` (its manifest, bound to the task, and
 * its network files: the cipher's `alice.dat`, `bob.dat`, `eve.dat`, the others' `network.dat`),
 * checks it as the verifiers will (BundleError when the kind would reject it), and returns it as
 * content ready to upload.
 */
export async function writeKindBundle(
  bundleDir: string,
  kind: AnyTaskKind,
  spec: AnyTaskSpec,
  state: unknown,
  binding: { taskId: string; specCid: string },
): Promise<Content> {
  const manifest = kind.training.manifest(state, { ...binding, runner: RUNNER_VERSION });
  const files = new Map<string, Uint8Array>([
    [MANIFEST_FILE, manifestBytes(manifest)],
    ...kind.training.networkFiles(state),
  ]);
  kind.checkBundle(spec, files);
  await mkdir(bundleDir, { recursive: true });
  for (const [name, data] of files) await writeFileAtomic(join(bundleDir, name), data);
  return bundleContent(bundleDir);
}

/**
 * Reads a bundle folder as directory content: its manifest and whichever other files of a
 * bundle (of any kind) it holds, nothing else (no training.json or checkpoint).
 */
export async function bundleContent(bundleDir: string): Promise<Content> {
  const entries = [];
  for (const name of BUNDLE_NAMES) {
    try {
      entries.push({ path: name, content: new Uint8Array(await readFile(join(bundleDir, name))) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && name !== MANIFEST_FILE) continue;
      throw error;
    }
  }
  return { kind: 'directory', entries };
}

/**
 * The CID of a bundle folder, computed locally (as every store computes it on upload): what the
 * commitment binds, while the bundle itself stays private until the commit deadline.
 */
export async function bundleCid(bundleDir: string): Promise<string> {
  const content = await bundleContent(bundleDir);
  if (content.kind !== 'directory') throw new Error(`${bundleDir} is not a bundle folder`);
  return (await cidOfDirectory(content.entries)).toString();
}
