import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localGatewayStore } from '@tem/core/ipfs';
import { FORMULA_VERSION } from '@tem/core/scoring';
import { defaultTaskSpec } from '@tem/core/task';
import { startGateway } from '@tem/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { fetchError, score } from './score.js';

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const U1 = path.resolve(repoRoot, '../shared/data/bisuna/U1');
const SEED = `0x${'42'.repeat(32)}`;

const run = (argv: string[]) => runCli(argv, { commands: [score] });

describe('tem score', () => {
  let dir: string;
  let specFile: string;
  let bundle: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tem-score-'));
    const spec = defaultTaskSpec({
      verifierUrl: 'http://127.0.0.1:1/verify',
      verifierAddress: `0x${'11'.repeat(20)}`,
      training: { keyRegime: 'otp' },
    });
    spec.scoring.streams = { count: 2, words: 600 };
    spec.scoring.eve = { generations: 1, population: 6, trials: 64 };
    specFile = path.join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify(spec));
    bundle = path.join(dir, 'bundle');
    await mkdir(bundle);
    await copyFile(path.join(U1, 'alicesCPAbisuna.dat'), path.join(bundle, 'alice.dat'));
    await copyFile(path.join(U1, 'bobsCPAbisuna.dat'), path.join(bundle, 'bob.dat'));
    await writeFile(
      path.join(bundle, 'manifest.json'),
      JSON.stringify({
        schema: 'tem/result-bundle',
        version: 1,
        taskId: '3',
        specCid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
        pair: { alice: 0, bob: 0 },
        training: { seed: '1', generations: 1, seconds: 1, bestFitness: 0, runner: 'test' },
        history: [],
      }),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the score and every term as JSON, the same on every run', async () => {
    const args = ['score', '--spec', specFile, '--result', bundle, '--seed', SEED, '--json'];
    const a = await run(args);
    expect(a.code).toBe(0);
    const json = JSON.parse(a.stdout) as {
      score: string;
      formulaVersion: number;
      terms: Record<string, number>;
    };
    expect(json.formulaVersion).toBe(FORMULA_VERSION);
    expect(json.terms.perfect).toBe(1); // U1 agent 0: enc = NOT(plain XOR key), dec = plain
    expect(BigInt(json.score)).toBeGreaterThanOrEqual(1_000_000n);
    for (const k of [
      'accuracy',
      'nist',
      'correlation',
      'keySensitivity',
      'eve',
      'pearson',
      'ncc',
    ]) {
      expect(json.terms[k]).toBeTypeOf('number');
    }
    expect((await run(args)).stdout).toBe(a.stdout);
  });

  it('prints a table naming each term', async () => {
    const { code, stdout } = await run([
      'score',
      '--spec',
      specFile,
      '--result',
      bundle,
      '--seed',
      SEED,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^score \\d+ \\(formula v${FORMULA_VERSION}; perfect decryption, passes the key gate\\)`,
      ),
    );
    for (const k of [
      'accuracy',
      'nistPass',
      'pearson',
      'ncc',
      'keySensitivity',
      'eveAdvantage',
      'quality',
    ]) {
      expect(stdout).toContain(k);
    }
  });

  it('rejects a bundle without bob.dat with a reason and exit code 1', async () => {
    const partial = path.join(dir, 'partial');
    await mkdir(partial);
    await copyFile(path.join(bundle, 'manifest.json'), path.join(partial, 'manifest.json'));
    await copyFile(path.join(bundle, 'alice.dat'), path.join(partial, 'alice.dat'));
    const { code, stderr } = await run([
      'score',
      '--spec',
      specFile,
      '--result',
      partial,
      '--seed',
      SEED,
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/rejected bundle \(missing-file\): bob\.dat/);
  });

  it('refuses a folder whose scored files exceed the spec limit together, as the verifier does', async () => {
    const spec = JSON.parse(await readFile(specFile, 'utf8')) as {
      scoring: { maxBundleBytes: number };
    };
    const sizes = await Promise.all(
      ['manifest.json', 'alice.dat', 'bob.dat'].map(
        async (name) => (await readFile(path.join(bundle, name))).byteLength,
      ),
    );
    // Every file fits on its own; together they do not.
    spec.scoring.maxBundleBytes = Math.max(...sizes) + 1;
    const small = path.join(dir, 'small-limit.json');
    await writeFile(small, JSON.stringify(spec));
    const { code, stderr } = await run([
      ...['score', '--spec', small, '--result', bundle, '--seed', SEED],
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `rejected bundle \\(oversized\\): the result bundle .*exceeds the task's limit of ${spec.scoring.maxBundleBytes} bytes`,
      ),
    );
  });

  it('fetches the spec and the bundle by CID through a gateway, with the same score', async () => {
    const gateway = await startGateway({ dataDir: path.join(dir, 'gateway'), port: 0 });
    try {
      const store = localGatewayStore({ url: gateway.url });
      const specCid = await store.put({ kind: 'file', content: await readFile(specFile) });
      const entries = await Promise.all(
        ['manifest.json', 'alice.dat', 'bob.dat'].map(async (name) => ({
          path: name,
          content: new Uint8Array(await readFile(path.join(bundle, name))),
        })),
      );
      const bundleCid = await store.put({ kind: 'directory', entries });
      const local = await run([
        'score',
        '--spec',
        specFile,
        '--result',
        bundle,
        '--seed',
        SEED,
        '--json',
      ]);
      const remote = await run([
        'score',
        '--spec',
        specCid.toString(),
        '--result',
        bundleCid.toString(),
        '--seed',
        SEED,
        '--gateway',
        gateway.url,
        '--json',
      ]);
      expect(remote.code).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
    } finally {
      await gateway.close();
    }
  });

  it('names the gateway it tried, and where it came from, when a CID cannot be fetched', async () => {
    const closed = await closedPort();
    const cid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
    const viaFlag = await run([
      ...['score', '--spec', cid, '--result', bundle, '--seed', SEED],
      ...['--gateway', `http://127.0.0.1:${closed}`],
    ]);
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.stderr).toBe(
      `tem score: cannot fetch the task spec ${cid} from http://127.0.0.1:${closed}: fetch failed (ECONNREFUSED)\n`,
    );
    const viaEnv = await runCli(['score', '--spec', specFile, '--result', cid, '--seed', SEED], {
      commands: [score],
      env: { TEM_GATEWAYS: `http://127.0.0.1:${closed}` },
    });
    expect(viaEnv.stderr).toContain(
      `cannot fetch the result bundle ${cid} from http://127.0.0.1:${closed}: fetch failed (ECONNREFUSED) (from TEM_GATEWAYS)`,
    );
  });

  it('says when the gateway it tried is the default one, and how to name another', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(
      fetchError(
        'the task spec bafy',
        { urls: ['http://127.0.0.1:8080'], source: 'default' },
        refused,
      ).message,
    ).toBe(
      "cannot fetch the task spec bafy from http://127.0.0.1:8080: fetch failed (ECONNREFUSED) (the default gateway, npm start's; pass --gateway URL or set TEM_GATEWAYS)",
    );
  });

  it('rejects bad flags with usage errors', async () => {
    expect(
      (await run(['score', '--spec', specFile, '--result', bundle, '--seed', '0x12'])).code,
    ).toBe(2);
    expect((await run(['score', '--result', bundle, '--seed', SEED])).stderr).toMatch(
      /--spec is required/,
    );
    const missing = await run([
      'score',
      '--spec',
      path.join(dir, 'nope.json'),
      '--result',
      bundle,
      '--seed',
      SEED,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file, and not a CID/);
  });
});
