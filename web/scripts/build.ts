/**
 * Builds the site into `web/dist`: `index.html` plus content-hashed assets under `assets/`, every
 * reference relative, so the same folder works from `https://<gateway>/ipfs/<cid>/`, a subdomain
 * gateway or Fleek. Writes `config.json` from the `TEM_SITE_*` variables (Theta mainnet defaults
 * for what is not set) with the Content-Security-Policy it implies, in index.html and in
 * Netlify's `_headers` (see site-files.ts). Prints the gzipped size of the initial JavaScript
 * (what a first visit loads before any lazy chunk) and fails when it exceeds the budget.
 *
 * @example
 * npm run build -w web
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { siteConfigFromEnv } from '../src/config/env-config.js';
import type { SiteConfig } from '../src/config/site-config.js';
import { cspMeta, writeSiteFiles } from './site-files.js';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `npm start` builds into its own folder (TEM_WEB_DIST_DIR) so it never races `npm run build -w web`.
const distDir = process.env.TEM_WEB_DIST_DIR
  ? path.resolve(process.env.TEM_WEB_DIST_DIR)
  : path.join(webRoot, 'dist');
const assetsDir = path.join(distDir, 'assets');

/** Initial JavaScript budget, gzipped (issue 8). */
export const INITIAL_JS_BUDGET = 150 * 1024;

/** What a build produced; returned for tests and printed by the CLI entry. */
export interface BuildResult {
  distDir: string;
  /** What config.json says (and the CSP allows). */
  config: SiteConfig;
  /** Gzipped bytes of the entry script and its static imports. */
  initialJsGzip: number;
  /** Every emitted file (relative to dist) with raw and gzipped sizes. */
  files: { file: string; bytes: number; gzip: number; initial: boolean }[];
}

const common = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox114', 'safari16.4'] as string[],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': '"production"' } as Record<string, string>,
} satisfies BuildOptions;

/** Builds the Web Worker first (no splitting: a worker is one file) and returns its file name. */
async function buildWorkers(): Promise<Record<string, string>> {
  const result = await build({
    ...common,
    entryPoints: { 'score-worker': path.join(webRoot, 'src/scoring/score.worker.ts') },
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
  });
  const names: Record<string, string> = {};
  for (const [out, meta] of Object.entries(result.metafile!.outputs)) {
    if (meta.entryPoint) names['score-worker'] = path.basename(out);
  }
  return names;
}

/** Output files reachable from `entry` through static imports (what the browser loads first). */
function initialOutputs(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imported of metafile.outputs[out]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return seen;
}

function html(
  script: string,
  css: string | undefined,
  preloads: string[],
  config: SiteConfig,
): string {
  const links = [
    ...preloads.map((p) => `    <link rel="modulepreload" href="./${p}" />`),
    css ? `    <link rel="stylesheet" href="./${css}" />` : '',
  ]
    .filter(Boolean)
    .join('\n');
  // The CSP is defence in depth: chain and IPFS strings are rendered as text anyway.
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${cspMeta(config)}
    <meta name="referrer" content="no-referrer" />
    <title>Theta Edge Marketplace</title>
    <meta name="description" content="Decentralized compute marketplace on Theta: BiSUNA neural-encryption tasks with escrowed TFuel bounties." />
${links}
  </head>
  <body>
    <noscript>This site needs JavaScript: it reads tasks straight from the Theta blockchain.</noscript>
    <div id="app"></div>
    <script type="module" src="./${script}"></script>
  </body>
</html>
`;
}

/**
 * Cleans `dist`, bundles the site, writes `index.html` and the deployment's files for `config`
 * (default: from the `TEM_SITE_*` variables), and measures the initial JavaScript.
 */
export async function buildSite(
  config: SiteConfig = siteConfigFromEnv(process.env),
): Promise<BuildResult> {
  await rm(distDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });
  const workers = await buildWorkers();
  const workerFile = workers['score-worker'];
  if (!workerFile) throw new Error('the score worker was not emitted');

  const result = await build({
    ...common,
    entryPoints: { main: path.join(webRoot, 'src/main.tsx') },
    outdir: assetsDir,
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.bmp': 'file' },
    // Asset URLs are resolved against the importing chunk (import.meta.url), never the site root.
    publicPath: '.',
    define: { ...common.define, __SCORE_WORKER_FILE__: JSON.stringify(workerFile) },
  });
  const metafile = result.metafile!;
  const outputs = metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o]?.entryPoint && o.endsWith('.js'));
  if (!entryOut) throw new Error('the main entry was not emitted');
  const cssOut = outputs[entryOut]?.cssBundle;
  const initial = initialOutputs(metafile, entryOut);

  const rel = (out: string) => path.relative(distDir, path.resolve(process.cwd(), out));
  const absolute = (out: string) => path.resolve(process.cwd(), out);
  const preloads = [...initial].filter((o) => o !== entryOut).map(rel);
  await writeFile(
    path.join(distDir, 'index.html'),
    html(rel(entryOut), cssOut ? rel(cssOut) : undefined, preloads, config),
  );
  await writeSiteFiles(distDir, config);

  const files: BuildResult['files'] = [];
  const allOutputs = [
    ...Object.keys(outputs),
    path.join(path.relative(process.cwd(), assetsDir), workerFile),
  ];
  for (const out of new Set(allOutputs)) {
    if (out.endsWith('.map')) continue;
    const bytes = await readFile(absolute(out));
    files.push({
      file: rel(out),
      bytes: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      initial: initial.has(out),
    });
  }
  const initialJsGzip = files
    .filter((f) => f.initial && f.file.endsWith('.js'))
    .reduce((sum, f) => sum + f.gzip, 0);
  return { distDir, config, initialJsGzip, files };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  let config: SiteConfig;
  try {
    config = siteConfigFromEnv(process.env);
  } catch (error) {
    console.error(`web build: ${(error as Error).message}`);
    process.exit(2);
  }
  const report = await buildSite(config);
  for (const f of report.files.sort((a, b) => b.gzip - a.gzip)) {
    console.log(
      `${f.initial ? '*' : ' '} ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)} ${kb(f.gzip).padStart(10)} gzip`,
    );
  }
  console.log(
    `config.json: chain ${config.chainId}, RPC ${config.rpcUrl}, market ${config.marketAddress ?? 'none'}, functions ${config.functionsUrl ?? 'none'}, gateways ${config.gateways.join(' ')}`,
  );
  console.log(
    `initial JavaScript (*): ${kb(report.initialJsGzip)} gzipped (budget ${kb(INITIAL_JS_BUDGET)}); built in ${Math.round(performance.now() - started)} ms`,
  );
  if (report.initialJsGzip > INITIAL_JS_BUDGET) {
    console.error('initial JavaScript is over budget');
    process.exitCode = 1;
  }
}
