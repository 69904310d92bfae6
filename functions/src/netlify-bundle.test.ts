import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './testing/market-fixture.js';

// What Netlify's `node_bundler = "esbuild"` does with each entry: one self-contained ESM bundle.
let outdir: string;
let entries: string[];

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'tem-netlify-bundle-'));
  const dir = path.join(REPO_ROOT, 'functions/netlify');
  entries = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  await build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: false,
    logLevel: 'silent',
    outExtension: { '.js': '.mjs' },
    // CommonJS dependencies inside an ESM bundle need `require`.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}, 120_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('Netlify bundles', () => {
  it('bundles every entry into one self-contained module', async () => {
    const outputs = (await readdir(outdir)).sort();
    expect(outputs).toEqual(['not-found.mjs', 'task.mjs', 'tasks.mjs', 'verify.mjs']);
  });

  it('serves from the bundle: a problem+json 404 for unknown /api paths', async () => {
    const mod = (await import(pathToFileURL(path.join(outdir, 'not-found.mjs')).href)) as {
      default: (req: Request, context: unknown) => Promise<Response>;
    };
    const response = await mod.default(new Request('https://site.example/api/nope'), {
      params: {},
      ip: '1.2.3.4',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.skipIf(process.env.THETA_RPC_URL !== undefined)(
    'answers 503 naming the variable when deployed without configuration',
    async () => {
      const mod = (await import(pathToFileURL(path.join(outdir, 'verify.mjs')).href)) as {
        default: (req: Request, context: unknown) => Promise<Response>;
      };
      const response = await mod.default(
        new Request('https://site.example/api/verify', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"taskId":"1","submissionId":"1"}',
        }),
        { params: {}, ip: '1.2.3.4' },
      );
      expect(response.status).toBe(503);
      expect((await response.json()).detail).toContain('THETA_RPC_URL');
    },
  );
});
