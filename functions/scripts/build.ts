/**
 * Bundles each Netlify entry (`functions/netlify/<name>.ts`) into one self-contained ES module,
 * `functions/dist/netlify/<name>.mjs`, with `@tem/core` and every dependency inlined: Netlify's
 * own bundler then only wraps the file (it forces its NFT bundler for Functions 2.0, which cannot
 * load `@tem/core`'s TypeScript). Each bundle holds only what its handler imports: the read
 * endpoints carry no scoring code, no wallet and no keystore. Prints each bundle's size.
 *
 * @example
 * npm run build -w functions
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const functionsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundles go: the `[functions] directory` of netlify.toml. */
export const FUNCTIONS_DIST_DIR = path.join(functionsRoot, 'dist/netlify');

/** One bundled function. */
export interface FunctionBundle {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
}

/** The entry files: one per deployed function. */
export async function functionEntries(): Promise<string[]> {
  const dir = path.join(functionsRoot, 'netlify');
  return (await readdir(dir))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => path.join(dir, file));
}

/** Builds every entry into `outDir` (default {@link FUNCTIONS_DIST_DIR}), replacing what is there. */
export async function buildFunctions(outDir = FUNCTIONS_DIST_DIR): Promise<FunctionBundle[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const bundles: FunctionBundle[] = [];
  // One build per entry, no code splitting: a function's zip holds its own file and nothing else.
  for (const entry of await functionEntries()) {
    const name = path.basename(entry, '.ts');
    const file = path.join(outDir, `${name}.mjs`);
    const result = await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Netlify runs Node 22 (netlify.toml); the bundles also run on Node 20 here.
      target: 'node20',
      minify: true,
      keepNames: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
      // Theta has no ENS and the functions never resolve names: ethers' 36 KB name normaliser
      // is replaced by a module that refuses.
      alias: { '@adraffy/ens-normalize': path.join(functionsRoot, 'scripts/no-ens.ts') },
      // CommonJS dependencies inside an ESM bundle need `require`.
      banner: {
        js: "import { createRequire as __temRequire } from 'node:module'; const require = __temRequire(import.meta.url);",
      },
    });
    const gzip = gzipSync(await readFile(file), { level: 9 }).length;
    bundles.push({ name, file, bytes: outputBytes(result.metafile, file), gzip });
  }
  return bundles;
}

function outputBytes(metafile: Metafile, file: string): number {
  const out = Object.entries(metafile.outputs).find(([o]) => path.resolve(o) === file);
  return out?.[1].bytes ?? 0;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const bundles = await buildFunctions();
  for (const b of bundles) {
    console.log(
      `  ${path.relative(process.cwd(), b.file).padEnd(40)} ${kb(b.bytes).padStart(10)} ${kb(b.gzip).padStart(10)} gzip`,
    );
  }
  console.log(`built ${bundles.length} functions in ${Math.round(performance.now() - started)} ms`);
}
