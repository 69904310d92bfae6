import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Content, DirectoryEntryInput } from '@tem/core/ipfs';

/** A path that cannot be imported (missing, a symlink, a socket...). */
export class UnreadablePathError extends Error {
  override name = 'UnreadablePathError';
}

export interface ContentFromPathOptions {
  /** Include dot-files and dot-directories (`ipfs add -r` skips them unless `--hidden`). */
  hidden?: boolean;
}

/**
 * Describes a file or a directory on disk as {@link Content} for `@tem/core/ipfs` (files are read
 * lazily, as streams). Directories follow `ipfs add -r`: hidden entries skipped by default, empty
 * subdirectories kept; symlinks are refused.
 *
 * @example const cid = await addContent(await contentFromPath('web/dist'), store)
 */
export async function contentFromPath(
  path: string,
  options: ContentFromPathOptions = {},
): Promise<Content> {
  const info = await statOrThrow(path);
  if (info.isFile()) return { kind: 'file', content: readLazily(path) };
  if (info.isDirectory())
    return { kind: 'directory', entries: await directoryEntries(path, options) };
  throw new UnreadablePathError(`${path} is neither a file nor a directory`);
}

async function directoryEntries(
  root: string,
  options: ContentFromPathOptions,
): Promise<DirectoryEntryInput[]> {
  const entries: DirectoryEntryInput[] = [];
  async function visit(dir: string): Promise<void> {
    const names = (await readdir(dir)).filter((name) => options.hidden || !name.startsWith('.'));
    if (names.length === 0 && dir !== root) entries.push({ path: toPosix(relative(root, dir)) });
    for (const name of names) {
      const full = join(dir, name);
      const info = await statOrThrow(full);
      if (info.isDirectory()) await visit(full);
      else if (info.isFile())
        entries.push({ path: toPosix(relative(root, full)), content: readLazily(full) });
      else if (info.isSymbolicLink())
        throw new UnreadablePathError(`${full} is a symlink; symlinks are not supported`);
      else throw new UnreadablePathError(`${full} is neither a file nor a directory`);
    }
  }
  await visit(root);
  return entries;
}

async function statOrThrow(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadablePathError(
      code === 'ENOENT' ? `no such file or directory: ${path}` : `cannot read ${path}: ${code}`,
    );
  }
}

/** Opens the file only when the importer starts reading it, so big trees do not exhaust handles. */
async function* readLazily(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
