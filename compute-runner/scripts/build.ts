// Bundles the CLI and its worker scripts into ES modules in dist/, so `tem` starts without a
// TypeScript loader and the container needs Node and nothing else (no node_modules). Each command
// is its own chunk, loaded when that command runs. dist/build-info.json lists the source files
// that went in, so bin/tem.js can tell when the build is older than the sources.
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** Chunks no longer in the build are removed only when this old: a running `tem` may still load them. */
const STALE_CHUNK_MS = 60 * 60 * 1000;

async function workerEntries(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await workerEntries(path)));
    else if (/\.worker\.ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Writes through a temporary file and a rename, so a `tem` starting meanwhile never reads half a file. */
async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

const startedAt = Date.now();
const workers = await workerEntries(join(root, 'src'));
const entryNames = [
  'tem',
  ...workers.map((w) => relative(join(root, 'src'), w).replace(/\.ts$/, '')),
];
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    tem: join(root, 'src/main.ts'),
    ...Object.fromEntries(
      workers.map((w) => [relative(join(root, 'src'), w).replace(/\.ts$/, ''), w]),
    ),
  },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  metafile: true,
  write: false,
  logLevel: 'warning',
  // Some dependencies still call require(); give each ESM output one.
  banner: {
    js: "import { createRequire as __temCreateRequire } from 'node:module'; const require = __temCreateRequire(import.meta.url);",
  },
});

// Chunks first and entry points last: an entry never names a chunk that is not there yet.
const isEntry = (path: string) =>
  entryNames.some(
    (name) => path === join(dist, `${name}.mjs`) || path === join(dist, `${name}.mjs.map`),
  );
const files = [...result.outputFiles].sort(
  (a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)),
);
for (const file of files) await writeAtomically(file.path, file.contents);

const inputs = Object.keys(result.metafile.inputs)
  .filter((input) => !input.split('/').includes('node_modules'))
  .concat('../package-lock.json', 'package.json', 'scripts/build.ts')
  .sort();
await writeAtomically(
  join(dist, 'build-info.json'),
  `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`,
);

const written = new Set(files.map((f) => f.path));
for (const name of await readdir(dist)) {
  const path = join(dist, name);
  if (!/-[A-Z0-9]{8}\.mjs(\.map)?$/.test(name) || written.has(path)) continue;
  const info = await stat(path).catch(() => undefined);
  if (info && startedAt - info.mtimeMs > STALE_CHUNK_MS) await rm(path, { force: true });
}

const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.mjs') && isEntry(join(root, file)))
  .map(
    ([file, info]) => `${relative(root, join(root, file))} ${(info.bytes / 1024).toFixed(0)} KiB`,
  );
const chunks = Object.keys(result.metafile.outputs).filter(
  (f) => f.endsWith('.mjs') && !isEntry(join(root, f)),
).length;
console.log(`built ${outputs.join(', ')} and ${chunks} chunks`);
