// Bundles the CLI and its worker scripts into self-contained ES modules in dist/, so the container
// needs Node and nothing else: no node_modules, no TypeScript loader.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

async function workerEntries(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await workerEntries(path)));
    else if (/\.worker\.ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

const workers = await workerEntries(join(root, 'src'));
const result = await build({
  entryPoints: {
    tem: join(root, 'src/main.ts'),
    ...Object.fromEntries(
      workers.map((w) => [relative(join(root, 'src'), w).replace(/\.ts$/, ''), w]),
    ),
  },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // Some dependencies still call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __temCreateRequire } from 'node:module'; const require = __temCreateRequire(import.meta.url);",
  },
});
const outputs = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.mjs'))
  .map(([file, info]) => `${relative(root, file)} ${(info.bytes / 1024).toFixed(0)} KiB`);
console.log(`built ${outputs.join(', ')}`);
