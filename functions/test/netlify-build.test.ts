/**
 * The deployment as Netlify builds it: `netlify build --offline` (netlify-cli from npm, installed
 * outside the workspaces by scripts/platform-tools.ts) on a copy of the tree, then every
 * function's zip unpacked and the module its entry point names imported in plain Node 22 (the
 * runtime netlify.toml asks for) and called with a `Request`, against a real anvil and gateway.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@tem/testkit/paths';
import { ROLES } from '@tem/testkit/roles';
import { netlifyCli, node22 } from '../../scripts/platform-tools.js';
import {
  startMarketFixture,
  type FixtureSubmission,
  type FixtureTask,
  type MarketFixture,
} from '../src/test-support/market-fixture.js';
import { copyRepository } from '../../scripts/repo-copy.js';

const run = promisify(execFile);

/** Zip size limits (issue 20): the read endpoints carry no scoring code. */
const MAX_ZIP_BYTES: Record<string, number> = {
  tasks: 500_000,
  task: 600_000,
  verify: 1_500_000,
  seed: 600_000,
  'not-found': 500_000,
};

/** What the site build reads (web/README.md); a testnet deployment with its own functions. */
const SITE_ENV = {
  TEM_SITE_CHAIN_ID: '365',
  TEM_SITE_MARKET_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  TEM_SITE_FUNCTIONS_URL: 'https://tem-functions.example',
  TEM_SITE_GATEWAYS: 'https://gw.example,https://ipfs.io',
};

interface ManifestFunction {
  name: string;
  path: string;
  runtimeVersion: string;
  buildData: { runtimeAPIVersion: number };
}

interface Invocation {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let copy: string;
let node: string;
let functionsOut: string;
let manifest: ManifestFunction[];
/** Unpacked zip folder and the module file its entry point names, per function. */
const unpacked = new Map<string, { dir: string; module: string; zipBytes: number }>();
let buildLog = '';
let fx: MarketFixture;
let task: FixtureTask;
let revealed: FixtureSubmission;

/** Calls the handler of `module` in a plain Node 22 process, as Netlify's runtime would. */
async function invoke(
  module: string,
  request: { url: string; method?: string; body?: string; headers?: Record<string, string> },
  env: Readonly<Record<string, string | undefined>>,
): Promise<Invocation> {
  const script = `
    import { pathToFileURL } from 'node:url';
    const [file, spec] = process.argv.slice(1);
    const { url, ...init } = JSON.parse(spec);
    const mod = await import(pathToFileURL(file).href);
    const response = await mod.default(new Request(url, init), { params: {}, ip: '203.0.113.7' });
    const body = await response.text();
    console.log(JSON.stringify({ status: response.status, headers: Object.fromEntries(response.headers), body }));
    process.exit(0);
  `;
  const { stdout } = await run(
    node,
    ['--input-type=module', '-e', script, module, JSON.stringify(request)],
    {
      // Only what the function is configured with: no repository, no tsx, no vitest.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', ...env },
      cwd: path.dirname(module),
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Invocation;
}

beforeAll(async () => {
  const [cli, nodeBinary] = await Promise.all([netlifyCli(), node22()]);
  node = nodeBinary;
  copy = await copyRepository(REPO_ROOT, 'tem-netlify-');
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(TEM_SITE_|NETLIFY|THETA_)/.test(k)),
    ),
    ...SITE_ENV,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
    NETLIFY_TELEMETRY_DISABLED: '1',
  };
  const { stdout, stderr } = await run(node, [cli, 'build', '--offline', '--filter', '@tem/web'], {
    cwd: copy,
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  buildLog = `${stdout}\n${stderr}`;
  functionsOut = path.join(copy, 'web/.netlify/functions');
  manifest = (
    JSON.parse(await readFile(path.join(functionsOut, 'manifest.json'), 'utf8')) as {
      functions: ManifestFunction[];
    }
  ).functions;
  for (const fn of manifest) {
    const dir = path.join(copy, 'unzipped', fn.name);
    await mkdir(dir, { recursive: true });
    await run('unzip', ['-q', fn.path, '-d', dir]);
    const entry = await readFile(path.join(dir, '___netlify-entry-point.mjs'), 'utf8');
    const named = /getLambdaHandler\('([^']+)'\)/.exec(entry)?.[1];
    if (!named) throw new Error(`${fn.name}: the entry point names no module:\n${entry}`);
    unpacked.set(fn.name, {
      dir,
      module: path.join(dir, named),
      zipBytes: (await stat(fn.path)).size,
    });
  }

  fx = await startMarketFixture();
  task = await fx.createTask({ title: 'Deployed by Netlify' });
  revealed = await fx.commit(task, await fx.uploadBundle(task));
  await fx.openReveal(task);
  await fx.reveal(revealed);
}, 900_000);

afterAll(async () => {
  await fx?.close();
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe('netlify build --offline', () => {
  it('packages the five functions for Node 22 as Functions 2.0', () => {
    expect(manifest.map((f) => f.name).sort(), buildLog).toEqual([
      'not-found',
      'seed',
      'task',
      'tasks',
      'verify',
    ]);
    for (const fn of manifest) {
      expect(fn.runtimeVersion).toBe('nodejs22.x');
      expect(fn.buildData.runtimeAPIVersion).toBe(2);
    }
  });

  it('zips each function small: one self-contained module, no scoring code in the read endpoints', async () => {
    for (const [name, { dir, module, zipBytes }] of unpacked) {
      expect(zipBytes, `${name}.zip`).toBeLessThanOrEqual(MAX_ZIP_BYTES[name]!);
      const files = (await readdir(dir, { recursive: true })).filter((f) => !f.startsWith('___'));
      expect(files, name).toEqual([path.basename(module)]);
      const code = await readFile(module, 'utf8');
      expect(code.includes('scoreSubmission'), `${name} carries the scorer`).toBe(
        name === 'verify',
      );
      // Self-contained: it imports Node's built-ins and nothing else.
      const imported = [
        ...code.matchAll(/^import [^;\n]*from "([^"]+)";$/gm),
        ...code.matchAll(/^import "([^"]+)";$/gm),
        ...code.matchAll(/(?<![.\w$])import\("([^"]+)"\)/g),
      ].map((m) => m[1]!);
      expect(imported.length, name).toBeGreaterThan(0);
      expect(
        imported.filter((s) => !isBuiltin(s)),
        name,
      ).toEqual([]);
    }
  });

  it('writes the site with config.json from the environment and the CSP it implies', async () => {
    const dist = path.join(copy, 'web/dist');
    const config = JSON.parse(await readFile(path.join(dist, 'config.json'), 'utf8'));
    expect(config).toEqual({
      chainId: 365,
      rpcUrl: 'https://eth-rpc-api-testnet.thetatoken.org/rpc',
      marketAddress: SITE_ENV.TEM_SITE_MARKET_ADDRESS,
      deployBlock: 0,
      gateways: ['https://gw.example', 'https://ipfs.io'],
      linkGateway: 'https://gw.example',
      uploadUrl: null,
      functionsUrl: 'https://tem-functions.example',
      verifiers: [],
    });
    const connect = (policy: string) => /connect-src ([^;]*)/.exec(policy)?.[1]?.split(' ') ?? [];
    const reached = [
      "'self'",
      'https://eth-rpc-api-testnet.thetatoken.org',
      'https://gw.example',
      'https://ipfs.io',
      'https://tem-functions.example',
    ];
    const headers = await readFile(path.join(dist, '_headers'), 'utf8');
    expect(connect(/Content-Security-Policy: (.*)/.exec(headers)?.[1] ?? '')).toEqual(reached);
    expect(headers).toContain("frame-ancestors 'none'");
    const html = await readFile(path.join(dist, 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(connect(meta)).toEqual(reached);
  });
});

describe('each function from its zip, in plain Node 22', () => {
  it('tasks: lists the chain tasks', async () => {
    const response = await invoke(
      unpacked.get('tasks')!.module,
      { url: 'https://tem.example/api/tasks?status=all' },
      fx.env(),
    );
    expect(response.status, response.body).toBe(200);
    const body = JSON.parse(response.body) as { items: { id: string }[] };
    expect(body.items.map((t) => t.id)).toContain(task.taskId.toString());
  });

  it('task: reads the task with its spec from IPFS', async () => {
    const response = await invoke(
      unpacked.get('task')!.module,
      { url: `https://tem.example/.netlify/functions/task?id=${task.taskId}` },
      fx.env(),
    );
    expect(response.status, response.body).toBe(200);
    expect(response.body).toContain('Deployed by Netlify');
  });

  it('seed: signs the test seed once the reveal window has closed, and its relay fixes it', async () => {
    const request = {
      url: 'https://tem.example/api/seed',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ taskId: task.taskId.toString() }),
    };
    const early = await invoke(unpacked.get('seed')!.module, request, fx.env());
    expect(early.status, early.body).toBe(409);
    await fx.closeReveal(task);
    const response = await invoke(unpacked.get('seed')!.module, request, fx.env());
    expect(response.status, response.body).toBe(200);
    const body = JSON.parse(response.body) as { kind: string; relay: { data: string } };
    expect(body.kind).toBe('test-seed');
    const sent = await fx.chain
      .wallet(ROLES.relayer)
      .sendTransaction({ to: fx.market, data: body.relay.data });
    expect((await sent.wait())?.status).toBe(1);
  });

  it('verify: scores and signs a revealed submission', async () => {
    const response = await invoke(
      unpacked.get('verify')!.module,
      {
        url: 'https://tem.example/api/verify',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          taskId: task.taskId.toString(),
          submissionId: revealed.submissionId.toString(),
        }),
      },
      fx.env(),
    );
    expect(response.status, response.body).toBe(200);
    const body = JSON.parse(response.body) as { signature: string; resultCid: string };
    expect(body.resultCid).toBe(revealed.resultCid);
    expect(body.signature).toMatch(/^0x[0-9a-f]{130}$/);
  });

  it('every function answers a clean 503 naming the variable when deployed unconfigured', async () => {
    for (const name of ['tasks', 'task', 'verify', 'seed']) {
      const post = name === 'verify' || name === 'seed';
      const response = await invoke(
        unpacked.get(name)!.module,
        {
          url: `https://tem.example/api/${name}`,
          method: post ? 'POST' : 'GET',
          headers: { 'content-type': 'application/json' },
          ...(post ? { body: '{"taskId":"1","submissionId":"1"}' } : {}),
        },
        {},
      );
      expect(response.status, `${name}: ${response.body}`).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.body).detail).toContain('THETA_RPC_URL');
    }
  });

  it('not-found: a problem+json 404 for any other /api path', async () => {
    const response = await invoke(
      unpacked.get('not-found')!.module,
      { url: 'https://tem.example/api/nope' },
      {},
    );
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
