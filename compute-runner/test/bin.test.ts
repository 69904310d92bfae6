import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const RUNNER_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_NODE_MODULES = join(RUNNER_DIR, '../node_modules');

/**
 * A copy of bin/ in a temporary package whose dist/, sources and build script are small stand-ins:
 * each says which one ran, so the test sees which path `tem` took.
 */
let pkg: string;
beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'tem-bin-'));
  await symlink(REPO_NODE_MODULES, join(root, 'node_modules'));
  pkg = join(root, 'compute-runner');
  await cp(join(RUNNER_DIR, 'bin'), join(pkg, 'bin'), { recursive: true });
  await mkdir(join(pkg, 'src'), { recursive: true });
  await mkdir(join(pkg, 'scripts'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(pkg, 'src/cli.ts'), sourceCli);
  await writeFile(join(pkg, 'scripts/build.ts'), buildScript('fresh build'));
  await writeDist('old build', Date.now() + 60_000);
});
afterEach(async () => {
  await rm(join(pkg, '..'), { recursive: true, force: true });
});

const sourceCli = `export async function main(argv: string[]): Promise<number> {
  process.stdout.write('sources ' + argv.join(' ') + '\\n');
  return 0;
}
`;

function distEntry(label: string): string {
  return `process.stdout.write(${JSON.stringify(label)} + ' ' + process.argv.slice(2).join(' ') + '\\n');\n`;
}

function buildScript(label: string): string {
  return `import { mkdirSync, writeFileSync } from 'node:fs';
const builtAt = Date.now();
mkdirSync('dist', { recursive: true });
writeFileSync('dist/tem.mjs', ${JSON.stringify(distEntry(label))});
writeFileSync('dist/build-info.json', JSON.stringify({ builtAt, inputs: ['src/cli.ts'] }));
`;
}

async function writeDist(label: string, builtAt: number) {
  await mkdir(join(pkg, 'dist'), { recursive: true });
  await writeFile(join(pkg, 'dist/tem.mjs'), distEntry(label));
  await writeFile(
    join(pkg, 'dist/build-info.json'),
    JSON.stringify({ builtAt, inputs: ['src/cli.ts'] }),
  );
}

async function tem(...args: string[]) {
  const { stdout, stderr } = await run(process.execPath, [join(pkg, 'bin/tem.js'), ...args], {
    cwd: tmpdir(),
  });
  return { stdout, stderr };
}

describe('bin/tem.js', () => {
  it('runs the build when it is newer than every source', async () => {
    const { stdout, stderr } = await tem('status', '--json');
    expect(stdout).toBe('old build status --json\n');
    expect(stderr).toBe('');
  });

  it('rebuilds first when a source changed after the build', async () => {
    await writeDist('old build', Date.now() - 60_000);
    const { stdout } = await tem('nist', 'x.bin');
    expect(stdout).toBe('fresh build nist x.bin\n');
    expect(await readFile(join(pkg, 'dist/tem.mjs'), 'utf8')).toContain('fresh build');
  });

  it('rebuilds when the build is missing', async () => {
    await rm(join(pkg, 'dist'), { recursive: true });
    expect((await tem('--help')).stdout).toBe('fresh build --help\n');
  });

  it('runs the sources through tsx, saying why, when it cannot build', async () => {
    await rm(join(pkg, 'dist'), { recursive: true });
    await writeFile(join(pkg, 'scripts/build.ts'), "throw new Error('esbuild is missing');\n");
    const { stdout, stderr } = await tem('cid', 'a.txt');
    expect(stdout).toBe('sources cid a.txt\n');
    expect(stderr).toContain(
      'tem: cannot rebuild dist/ (missing); running the sources through tsx',
    );
    expect(stderr).toContain('esbuild is missing');
  });

  it('treats a source file that is gone as a stale build', async () => {
    await writeFile(
      join(pkg, 'dist/build-info.json'),
      JSON.stringify({ builtAt: Date.now() + 60_000, inputs: ['src/cli.ts', 'src/gone.ts'] }),
    );
    expect((await tem('keys')).stdout).toBe('fresh build keys\n');
  });

  it('waits for another tem that is rebuilding, then uses its build', async () => {
    await writeDist('old build', Date.now() - 60_000);
    const lock = join(pkg, 'dist/.rebuild.lock');
    await writeFile(lock, '');
    const waiting = tem('status');
    // The other tem finishes: a fresh build, then its lock goes.
    await new Promise((done) => setTimeout(done, 300));
    await writeDist('other build', Date.now() + 60_000);
    await rm(lock);
    expect((await waiting).stdout).toBe('other build status\n');
  });

  it('takes over a lock left by a build that died', async () => {
    await writeDist('old build', Date.now() - 60_000);
    const lock = join(pkg, 'dist/.rebuild.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    expect((await tem('status')).stdout).toBe('fresh build status\n');
  });
});
