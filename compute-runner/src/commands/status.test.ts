import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { TEM_BIN } from '../test-support/runner-process.js';
import { HEARTBEAT_FILE, StateStore, writeHeartbeat } from '../state/index.js';

const tem = (argv: string[]) => runCli(argv, { env: {} });
const execFileP = promisify(execFile);

const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const taken = { specCid: 'bafyspec', workDir: '/state/tasks/366-1' };
const training = { phase: 'training', ...taken, seed: 1 } as const;
/** The fields of a record whose commit landed. */
const submitted = (submissionId: string) => ({
  ...taken,
  resultCid: 'bafyresult',
  salt: `0x${'ef'.repeat(32)}`,
  commitment: `0x${'c0'.repeat(32)}`,
  submissionId,
});

describe('tem status', () => {
  it('lists every task with its phase, across state files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const local = await StateStore.open(dir, 366, market);
    await local.update('2', { phase: 'committed', ...submitted('0') });
    await local.update('1', { phase: 'skipped', reason: 'bounty below minimum' });
    await (await StateStore.open(dir, 365, market)).update('9', training);
    await writeHeartbeat(dir, 'training task 2');

    const table = await tem(['status', '--state-dir', dir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('daemon: training task 2');
    expect(table.stdout).toMatch(/366\s+1\s+skipped\s+-\s+-\s+-\s+bounty below minimum/);
    expect(table.stdout).toMatch(/366\s+2\s+committed\s+0\s+-\s+-\s+bafyresult/);
    expect(table.stdout).toContain('3 tasks:');
    expect(table.stdout).toMatch(/365\s+9\s+training/);

    const json = JSON.parse((await tem(['status', '--state-dir', dir, '--json'])).stdout);
    expect(json.tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['9', '1', '2']);
  });

  it('shows amounts in TFuel, scores with their scale, and the heartbeat as a time ago', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    await store.update('1', {
      phase: 'withdrawn',
      ...submitted('0'),
      score: '1349473',
      paid: '1500000000000000000',
    });
    await store.update('2', {
      phase: 'lost',
      ...submitted('3'),
      score: '349473',
      reason: 'submission 4 won with score 900000',
    });
    const beat = {
      at: new Date(Date.now() - 125_000).toISOString(),
      pid: process.pid,
      activity: 'polling',
    };
    await writeFile(join(dir, HEARTBEAT_FILE), JSON.stringify(beat));

    const { stdout } = await tem(['status', '--state-dir', dir]);
    expect(stdout).toContain(`daemon: polling (pid ${process.pid}, 2m 5s ago)`);
    expect(stdout).toContain('2 tasks:');
    expect(stdout).toMatch(/366\s+1\s+withdrawn\s+0\s+1,349,473 \(perfect\)\s+1\.5 TFuel/);
    expect(stdout).toMatch(/366\s+2\s+lost\s+3\s+349,473 \(imperfect\)\s+-/);
    expect(stdout).not.toMatch(/wei|0{9}/);

    const one = await mkdtemp(join(tmpdir(), 'tem-status-'));
    await (await StateStore.open(one, 366, market)).update('5', training);
    expect((await tem(['status', '--state-dir', one])).stdout).toContain('1 task:');
  });

  it('names the verifiers that disagreed with the quorum or did not answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    const [a, b, c] = ['0xA0', '0xB0', '0xC0'].map((p) => p.padEnd(42, '1'));
    await store.update('4', {
      phase: 'scored',
      ...submitted('1'),
      score: '812345',
      reason: 'score 812345 does not beat the best, 900000 of submission 2: not relayed',
      quorum: {
        score: '812345',
        agreed: [a!],
        disagreed: [{ verifier: b!, score: '812346' }],
        missing: [
          {
            verifier: c!,
            reason: 'verifier http://127.0.0.1:9/api/verify unreachable: ECONNREFUSED',
          },
        ],
        at: '2026-01-01T00:00:00.000Z',
      },
    });
    const { stdout } = await tem(['status', '--state-dir', dir]);
    expect(stdout).toMatch(
      /366\s+4\s+scored\s+1\s+812,345 \(imperfect\)\s+-\s+score 812345 does not beat/,
    );
    expect(stdout).toContain(
      `verifiers:\n  task 4 (chain 366): 1 of 3 signed score 812,345; ${b} signed 812,346 (disagrees); ${c}: verifier http://127.0.0.1:9/api/verify unreachable: ECONNREFUSED`,
    );
  });

  it('says when the daemon that last beat is no longer running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(gone.stdout.toString());
    const beat = {
      at: new Date(Date.now() - 3 * 3600_000).toISOString(),
      pid,
      activity: 'polling',
    };
    await writeFile(join(dir, HEARTBEAT_FILE), JSON.stringify(beat));
    const { stdout } = await tem(['status', '--state-dir', dir]);
    expect(stdout).toContain(
      `daemon: not running (pid ${pid} is gone); last heard 3h ago: polling`,
    );
  });

  it("finds npm start's runner state from the repository or a folder in it", async () => {
    const repo = await mkdtemp(join(tmpdir(), 'tem-status-repo-'));
    const state = join(repo, '.devnet/runner');
    await (
      await StateStore.open(state, 366, market)
    ).update('1', {
      phase: 'committed',
      ...submitted('0'),
    });
    await writeHeartbeat(state, 'waiting for task 1');
    await mkdir(join(repo, 'compute-runner'));
    for (const cwd of [repo, join(repo, 'compute-runner')]) {
      const { stdout } = await execFileP(process.execPath, [TEM_BIN, 'status'], {
        cwd,
        env: { PATH: process.env.PATH },
      });
      expect(stdout).toContain(`state: ${relative(cwd, state)} (npm start's runner)`);
      expect(stdout).toMatch(/daemon: waiting for task 1 \(pid \d+, \d+s ago\)/);
      expect(stdout).toMatch(/366\s+1\s+committed/);
    }
  });

  it("hints at where a runner's state may be when there is none here", async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tem-status-empty-'));
    const { stdout } = await execFileP(process.execPath, [TEM_BIN, 'status'], {
      cwd: empty,
      env: { PATH: process.env.PATH },
    });
    expect(stdout).toContain('daemon: never ran with state in .tem');
    expect(stdout).toContain("npm start's runner keeps it in .devnet/runner");
  });

  it('--json hides a salt until its reveal, saying that one is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    const secret = `0x${'ab'.repeat(32)}`;
    const revealed = `0x${'cd'.repeat(32)}`;
    await store.update('1', {
      phase: 'committed',
      ...submitted('1'),
      salt: secret,
      resultCid: 'bafyone',
    });
    await store.update('2', {
      phase: 'scored',
      ...submitted('2'),
      salt: revealed,
      txs: { reveal: '0x02' },
    });
    await store.update('3', { phase: 'failed', salt: secret, reason: 'the reveal window closed' });
    await store.update('4', training);

    const out = (await tem(['status', '--state-dir', dir, '--json'])).stdout;
    expect(out).not.toContain(secret);
    const tasks = Object.fromEntries(
      JSON.parse(out).tasks.map((t: { taskId: string }) => [t.taskId, t]),
    );
    expect(tasks['1']).toMatchObject({ phase: 'committed', saltKept: true, resultCid: 'bafyone' });
    expect(tasks['1']).not.toHaveProperty('salt');
    expect(tasks['2']).toMatchObject({ salt: revealed });
    expect(tasks['3']).toMatchObject({ saltKept: true });
    expect(tasks['4']).not.toHaveProperty('saltKept');
  });

  it('shows the transaction in flight, without its signed bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    const hash = `0x${'5e'.repeat(32)}`;
    const raw = `0x${'f8'.repeat(100)}`;
    await store.update('1', {
      phase: 'revealing',
      ...submitted('3'),
      sent: {
        step: 'reveal',
        hash,
        nonce: 7,
        raw,
        gasPrice: '1',
        signedAt: '2026-01-01T00:00:00Z',
      },
    });
    const table = (await tem(['status', '--state-dir', dir])).stdout;
    expect(table).toMatch(
      new RegExp(`366\\s+1\\s+revealing\\s+3\\s+-\\s+-\\s+reveal ${hash} in flight \\(nonce 7\\)`),
    );
    const out = (await tem(['status', '--state-dir', dir, '--json'])).stdout;
    expect(out).not.toContain(raw);
    expect(JSON.parse(out).tasks[0].sent).toMatchObject({ step: 'reveal', hash, nonce: 7 });
  });

  it('names the task and field of a stored record that does not fit its phase, and keeps the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    await store.update('6', { phase: 'committed', ...submitted('1') });
    const state = JSON.parse(await readFile(store.path, 'utf8'));
    delete state.tasks['6'].salt;
    const text = JSON.stringify(state);
    await writeFile(store.path, text);
    const result = await tem(['status', '--state-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `tem status: runner state ${store.path} is unreadable: task 6: salt: missing (phase committed)`,
    );
    expect(await readFile(store.path, 'utf8')).toBe(text);
  });

  it('says so when nothing ran yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const result = await tem(['status', '--state-dir', join(dir, 'absent')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('never ran');
    expect(result.stdout).toContain('no tasks');
  });

  it('is healthy after a recent heartbeat and unhealthy after silence', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    expect((await tem(['status', '--health', '--state-dir', dir])).stderr).toContain(
      'unhealthy: no heartbeat',
    );
    await writeHeartbeat(dir, 'polling');
    expect((await tem(['status', '--health', '--state-dir', dir])).code).toBe(0);
    const old = { at: new Date(Date.now() - 600_000).toISOString(), pid: 1, activity: 'polling' };
    await writeFile(join(dir, HEARTBEAT_FILE), JSON.stringify(old));
    const stale = await tem(['status', '--health', '--state-dir', dir]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/unhealthy: no heartbeat for 60\d s \(last: polling\)/);
    expect(
      (await tem(['status', '--health', '--state-dir', dir, '--max-silence', 'soon'])).code,
    ).toBe(1);
  });

  it('reports a corrupt state file by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    await writeFile(join(dir, `366-x-runner-state.json`), 'garbage');
    const result = await tem(['status', '--state-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/366-x-runner-state\.json is unreadable: not JSON/);
  });
});
