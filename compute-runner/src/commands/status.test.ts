import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { HEARTBEAT_FILE, StateStore, writeHeartbeat } from '../state/index.js';

const tem = (argv: string[]) => runCli(argv, { env: {} });

const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('tem status', () => {
  it('lists every task with its phase, across state files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const local = await StateStore.open(dir, 366, market);
    await local.update('2', { phase: 'committed', submissionId: '0', resultCid: 'bafyresult' });
    await local.update('1', { phase: 'skipped', reason: 'bounty below minimum' });
    await (await StateStore.open(dir, 365, market)).update('9', { phase: 'training' });
    await writeHeartbeat(dir, 'training task 2');

    const table = await tem(['status', '--state-dir', dir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('daemon: training task 2');
    expect(table.stdout).toMatch(/366\s+1\s+skipped\s+-\s+-\s+bounty below minimum/);
    expect(table.stdout).toMatch(/366\s+2\s+committed\s+0\s+-\s+bafyresult/);
    expect(table.stdout).toMatch(/365\s+9\s+training/);

    const json = JSON.parse((await tem(['status', '--state-dir', dir, '--json'])).stdout);
    expect(json.tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['9', '1', '2']);
  });

  it('--json hides a salt until its reveal, saying that one is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-status-'));
    const store = await StateStore.open(dir, 366, market);
    const secret = `0x${'ab'.repeat(32)}`;
    const revealed = `0x${'cd'.repeat(32)}`;
    await store.update('1', { phase: 'committed', salt: secret, resultCid: 'bafyone' });
    await store.update('2', { phase: 'scored', salt: revealed, txs: { reveal: '0x02' } });
    await store.update('3', { phase: 'failed', salt: secret, reason: 'the reveal window closed' });
    await store.update('4', { phase: 'training' });

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
      submissionId: '3',
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
      new RegExp(`366\\s+1\\s+revealing\\s+3\\s+-\\s+reveal ${hash} in flight \\(nonce 7\\)`),
    );
    const out = (await tem(['status', '--state-dir', dir, '--json'])).stdout;
    expect(out).not.toContain(raw);
    expect(JSON.parse(out).tasks[0].sent).toMatchObject({ step: 'reveal', hash, nonce: 7 });
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
