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
