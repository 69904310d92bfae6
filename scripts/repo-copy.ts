import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Copies the repository's working tree (tracked and untracked files that git does not ignore:
 * no build outputs, no `.devnet`, no `.env`) into a temporary folder, so a platform's build can
 * write its outputs there without racing the tests that use `web/dist`. `node_modules` is a
 * folder of links to the repository's installed packages, except the workspaces (`@tem/*`),
 * which link to the copy's own.
 */
export async function copyRepository(repoRoot: string, prefix = 'tem-repo-'): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), prefix));
  const { stdout } = await run('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = stdout.split('\0').filter(Boolean);
  const dirs = new Set(files.map((f) => path.dirname(f)));
  for (const dir of dirs) await mkdir(path.join(copy, dir), { recursive: true });
  // A few at a time: thousands of small copies.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(
      files.slice(i, i + 64).map((f) =>
        cp(path.join(repoRoot, f), path.join(copy, f)).catch((error: NodeJS.ErrnoException) => {
          // A file git lists but that was deleted in the working tree.
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
    );
  }
  const modules = path.join(copy, 'node_modules');
  await mkdir(modules);
  for (const entry of await readdir(path.join(repoRoot, 'node_modules'))) {
    if (entry === '@tem') continue;
    await symlink(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry));
  }
  await mkdir(path.join(modules, '@tem'));
  for (const workspace of await readdir(path.join(repoRoot, 'node_modules/@tem'))) {
    await symlink(path.join('../..', workspace), path.join(modules, '@tem', workspace));
  }
  return copy;
}
