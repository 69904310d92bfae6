import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, StateStore, TaskRecordError } from './index.js';

const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SALT = `0x${'01'.repeat(32)}`;
const COMMITMENT = `0x${'c0'.repeat(32)}`;
const taken = { specCid: 'bafyspec', workDir: '/state/tasks/366-7' };
const training = { phase: 'training', ...taken, seed: 1 } as const;

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'tem-state-'));
}

describe('runner state store', () => {
  it('persists every update and reopens with it', async () => {
    const dir = await tempDir();
    const store = await StateStore.open(dir, 366, market);
    await store.update('7', {
      phase: 'committing',
      ...taken,
      salt: SALT,
      commitment: COMMITMENT,
      resultCid: 'bafy',
    });
    await store.update('7', { phase: 'committed', submissionId: '1', txs: { commit: '0xaa' } });
    await store.update('3', { phase: 'skipped', reason: 'bounty too small' });

    const reopened = await StateStore.open(dir, 366, market);
    expect(reopened.list().map((r) => r.taskId)).toEqual(['3', '7']);
    expect(reopened.get('7')).toMatchObject({
      phase: 'committed',
      salt: SALT,
      resultCid: 'bafy',
      txs: { commit: '0xaa' },
    });
  });

  it('keeps separate files per chain and contract', async () => {
    const dir = await tempDir();
    await (await StateStore.open(dir, 366, market)).update('1', training);
    const other = await StateStore.open(dir, 365, market);
    expect(other.list()).toEqual([]);
  });

  it('returns copies, so callers cannot change the stored record by accident', async () => {
    const store = await StateStore.open(await tempDir(), 366, market);
    const record = await store.update('1', training);
    record.txs.commit = '0xaa';
    expect(store.get('1')?.txs).toEqual({});
  });

  it('rejects a corrupt state file naming it, and leaves it in place', async () => {
    const dir = await tempDir();
    const store = await StateStore.open(dir, 366, market);
    await writeFile(store.path, '{"version": 1, "tasks": ');
    await expect(StateStore.open(dir, 366, market)).rejects.toThrow(StateFileError);
    await expect(StateStore.open(dir, 366, market)).rejects.toThrow(/not JSON/);
    expect(await readFile(store.path, 'utf8')).toBe('{"version": 1, "tasks": ');
  });

  it('rejects a record with an unknown phase', async () => {
    const dir = await tempDir();
    const store = await StateStore.open(dir, 366, market);
    await writeFile(
      store.path,
      JSON.stringify({
        version: 1,
        chainId: 366,
        market,
        tasks: { 1: { taskId: '1', phase: 'x' } },
      }),
    );
    await expect(StateStore.open(dir, 366, market)).rejects.toThrow(/task 1 has no valid phase/);
  });

  it('keeps the transaction in flight, and rejects a malformed one naming the task', async () => {
    const dir = await tempDir();
    const store = await StateStore.open(dir, 366, market);
    const sent = {
      step: 'reveal' as const,
      hash: `0x${'5e'.repeat(32)}`,
      nonce: 3,
      raw: '0xf86b03',
      gasPrice: '4000000000000',
      signedAt: '2026-01-01T00:00:00.000Z',
    };
    await store.update('4', {
      phase: 'revealing',
      ...taken,
      resultCid: 'bafy',
      salt: SALT,
      commitment: COMMITMENT,
      submissionId: '1',
      sent,
    });
    expect((await StateStore.open(dir, 366, market)).get('4')?.sent).toEqual(sent);
    await store.update('4', { sent: undefined, txs: { reveal: sent.hash } });
    expect((await StateStore.open(dir, 366, market)).get('4')).not.toHaveProperty('sent');

    const state = JSON.parse(await readFile(store.path, 'utf8'));
    state.tasks['4'].sent = { ...sent, nonce: -1 };
    await writeFile(store.path, JSON.stringify(state));
    await expect(StateStore.open(dir, 366, market)).rejects.toThrow(
      /task 4 has a malformed transaction in flight/,
    );
  });

  it('refuses an update that does not fit the phase, naming the task and field, and keeps the record', async () => {
    const dir = await tempDir();
    const store = await StateStore.open(dir, 366, market);
    await store.update('5', training);
    await expect(store.update('5', { phase: 'committed', submissionId: '2' })).rejects.toThrow(
      new TaskRecordError('5', 'resultCid', 'missing (phase committed)'),
    );
    await expect(store.update('5', { phase: 'committed', submissionId: '2' })).rejects.toThrow(
      'task 5: resultCid: missing (phase committed)',
    );
    expect(store.get('5')).toMatchObject(training);
    expect((await StateStore.open(dir, 366, market)).get('5')).toMatchObject(training);
  });

  it('never leaves a torn file when the writer is killed with SIGKILL mid-stream', async () => {
    const dir = await tempDir();
    const script = `
      import { StateStore } from ${JSON.stringify(new URL('./state-store.ts', import.meta.url).pathname)};
      const store = await StateStore.open(${JSON.stringify(dir)}, 366, ${JSON.stringify(market)});
      for (let i = 0; ; i++) {
        await store.update(String(i % 50), {
          phase: 'training',
          specCid: 'bafyspec',
          workDir: '/state/' + 'x'.repeat(2000),
          seed: i,
        });
        if (i === 20) process.stdout.write('running\\n');
      }`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const store = await StateStore.open(dir, 366, market);
    expect(store.list().length).toBeGreaterThan(0);
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('runner-state.json'))).toHaveLength(1);
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('runner state store under concurrent updates', () => {
  it('keeps every one of many concurrent updates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tem-state-'));
    const store = await StateStore.open(dir, 366, market);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.update(String(i), training)));
    const reopened = await StateStore.open(dir, 366, market);
    expect(reopened.list()).toHaveLength(40);
  });
});
