import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, StateStore, TASK_PHASES, type TaskPhase } from './index.js';

const market = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const at = '2026-01-01T00:00:00.000Z';
const hash = (byte: string) => `0x${byte.repeat(32)}`;
const sent = (step: string, nonce: number, extra: Record<string, unknown> = {}) => ({
  step,
  ...extra,
  hash: hash('5e'),
  nonce,
  raw: '0xf86b03',
  gasPrice: '4000000000000',
  signedAt: at,
});
const quorum = {
  score: '900',
  agreed: ['0x0000000000000000000000000000000000000007'],
  disagreed: [],
  missing: [],
  at,
};

/** What the previous runner wrote into its state file, as flat JSON, one record per phase. */
const taken = { specCid: 'bafyspec', workDir: '/state/tasks/366-x', seed: 42 };
const secret = { resultCid: 'bafyresult', salt: hash('11'), commitment: hash('22') };
const submitted = { ...taken, ...secret, submissionId: '2' };
const OLD_RECORDS: Record<TaskPhase, Record<string, unknown>> = {
  accepted: { phase: 'accepted', specCid: 'bafyspec', workDir: '/state/tasks/366-x' },
  training: { phase: 'training', ...taken },
  trained: { phase: 'trained', ...taken },
  committing: { phase: 'committing', ...taken, ...secret, sent: sent('commit', 0) },
  committed: { phase: 'committed', ...submitted, txs: { commit: hash('aa') }, gasWei: '21000' },
  uploaded: { phase: 'uploaded', ...submitted },
  revealing: { phase: 'revealing', ...submitted, sent: sent('reveal', 1) },
  revealed: { phase: 'revealed', ...submitted, txs: { reveal: hash('bb') } },
  seeding: {
    phase: 'seeding',
    ...submitted,
    quorum: { ...quorum, score: undefined, agreed: [] },
    sent: sent('commitSeed', 2, { verifierIndex: 1 }),
  },
  scoring: { phase: 'scoring', ...submitted, score: '900', quorum, sent: sent('recordScore', 3) },
  scored: { phase: 'scored', ...submitted, reason: 'the scoring window closed' },
  finalizing: { phase: 'finalizing', ...submitted, score: '900', sent: sent('finalize', 4) },
  finalized: { phase: 'finalized', ...submitted, score: '900', txs: { finalize: hash('cc') } },
  withdrawn: { phase: 'withdrawn', ...submitted, paid: '1000000000000000000' },
  lost: { phase: 'lost', ...submitted, score: '10', reason: 'submission 3 won with score 950' },
  skipped: { phase: 'skipped', reason: 'bounty too small' },
  failed: { phase: 'failed', ...taken, salt: hash('11'), reason: 'the reveal window closed' },
};

/** Records of runners before the commit-then-upload order, and how today's runner reads them. */
const OLDER_RUNNER = {
  // Uploaded before committing: a trained record whose CID is known.
  uploadedFirst: { phase: 'uploaded', ...taken, resultCid: 'bafyresult' },
  // Uploaded, then its salt kept for the commit: a committing one.
  uploadedWithSalt: { phase: 'uploaded', ...taken, ...secret },
  // Scoring with the one verifier's score and no quorum report.
  scoringAlone: { phase: 'scoring', ...submitted, score: '900' },
};

/** Writes a state file as the previous runner did: every record flat, keyed by task id. */
async function oldStateFile(records: Record<string, unknown>[]): Promise<{
  dir: string;
  path: string;
  text: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'tem-old-state-'));
  const tasks = Object.fromEntries(
    records.map((record, i) => {
      const taskId = String(i + 1);
      return [taskId, { taskId, txs: {}, updatedAt: at, ...record }];
    }),
  );
  const path = join(dir, `366-${market.toLowerCase()}-runner-state.json`);
  const text = `${JSON.stringify({ version: 1, chainId: 366, market, tasks }, null, 2)}\n`;
  await writeFile(path, text);
  return { dir, path, text };
}

describe('records written by the previous runner', () => {
  it('load into their phase with every field kept, one record per phase', async () => {
    const { dir } = await oldStateFile(TASK_PHASES.map((phase) => OLD_RECORDS[phase]));
    const store = await StateStore.open(dir, 366, market);
    expect(store.list().map((r) => r.phase)).toEqual([...TASK_PHASES]);
    for (const [i, phase] of TASK_PHASES.entries()) {
      const old = JSON.parse(JSON.stringify(OLD_RECORDS[phase]));
      expect(store.get(String(i + 1)), phase).toEqual({
        taskId: String(i + 1),
        txs: {},
        updatedAt: at,
        ...old,
      });
    }
  });

  it('are rewritten unchanged when another task is updated', async () => {
    const { dir, path } = await oldStateFile(TASK_PHASES.map((phase) => OLD_RECORDS[phase]));
    const before = JSON.parse(await readFile(path, 'utf8')).tasks;
    const store = await StateStore.open(dir, 366, market);
    await store.update('1', { phase: 'training', seed: 7 });
    const after = JSON.parse(await readFile(path, 'utf8')).tasks;
    expect(after['1']).toMatchObject({ phase: 'training', seed: 7 });
    for (const id of Object.keys(before).filter((id) => id !== '1')) {
      expect(after[id], `task ${id}`).toEqual(before[id]);
    }
  });

  it("of runners that uploaded before committing read as today's runner would have written them", async () => {
    const { dir } = await oldStateFile(Object.values(OLDER_RUNNER));
    const store = await StateStore.open(dir, 366, market);
    expect(store.get('1')).toMatchObject({ phase: 'trained', resultCid: 'bafyresult' });
    expect(store.get('1')).not.toHaveProperty('salt');
    expect(store.get('2')).toMatchObject({ phase: 'committing', salt: hash('11') });
    expect(store.get('3')).toMatchObject({ phase: 'scoring', score: '900' });
    expect(store.get('3')).not.toHaveProperty('quorum');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a committed task without its salt', { ...OLD_RECORDS.committed, salt: undefined }, 'salt'],
    [
      'a trained task without its work folder',
      { ...OLD_RECORDS.trained, workDir: undefined },
      'workDir',
    ],
    ['a withdrawn task without the amount', { ...OLD_RECORDS.withdrawn, paid: undefined }, 'paid'],
    ['a salt that is not 32 bytes', { ...OLD_RECORDS.revealed, salt: '0x01' }, 'salt'],
  ])(
    'refuse %s, naming the task and field, and leave the file as it was',
    async (_, bad, field) => {
      const { dir, path, text } = await oldStateFile([OLD_RECORDS.accepted, bad]);
      const opened = StateStore.open(dir, 366, market);
      await expect(opened).rejects.toThrow(StateFileError);
      await expect(StateStore.open(dir, 366, market)).rejects.toThrow(
        new RegExp(`task 2: ${field}: .*\\(phase ${String(bad.phase)}\\)`),
      );
      expect(await readFile(path, 'utf8')).toBe(text);
    },
  );
});
