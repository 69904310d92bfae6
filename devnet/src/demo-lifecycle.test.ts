import { describe, expect, it } from 'vitest';
import { DemoLifecycle, parseRunnerLine, type RunnerLine } from './demo-lifecycle.js';
import type { DemoTask } from './demo-task.js';

const task: DemoTask = {
  taskId: 7n,
  specCid: 'bafk',
  bounty: 10n ** 18n,
  commitDeadline: 100n,
  revealDeadline: 200n,
  seedCommitDeadline: 230n,
  seedRevealDeadline: 260n,
  scoringDeadline: 350n,
};

function lifecycle() {
  const moves: bigint[] = [];
  const demo = new DemoLifecycle(task, { to: async (until) => void moves.push(until) });
  const feed = (event: string, extra: Partial<RunnerLine> = {}) =>
    demo.onRunnerEvent({ event, taskId: '7', message: event, ...extra });
  return { demo, moves, feed };
}

describe('the demo lifecycle, from the runner events', () => {
  it('moves chain time to each deadline the runner waits for, once, and ends with the withdrawal', async () => {
    const { demo, moves, feed } = lifecycle();
    for (const event of ['accepted', 'training', 'trained', 'committed']) feed(event);
    feed('waiting', { until: 100 });
    feed('waiting', { until: 100, message: 'waiting: the same deadline again' });
    demo.onRunnerEvent({ event: 'waiting', taskId: '8', message: 'another task', until: 150 });
    feed('waiting', { until: 123, message: 'not one of the task deadlines' });
    feed('waiting', { message: 'a transaction settles' });
    expect(moves).toEqual([100n]);
    for (const event of ['uploaded', 'revealed']) feed(event);
    feed('waiting', { until: 200 });
    demo.onChainEvent({ eventName: 'TestSeedFixed', args: { taskId: 7n } });
    for (const event of ['scored']) feed(event);
    feed('waiting', { until: 350 });
    feed('finalized');
    expect(moves).toEqual([100n, 200n, 350n]);
    expect(demo.nextStep()).toBe('withdrawn');
    feed('withdrawn', { amount: '999' });
    await expect(demo.done).resolves.toEqual({ taskId: 7n, paid: 999n });
  });

  it('fails naming the step the runner did not reach', async () => {
    const { demo, feed } = lifecycle();
    feed('accepted');
    feed('trained');
    feed('failed', { message: 'the commit deadline passed before the commit' });
    await expect(demo.done).rejects.toThrow(
      "demo: committed: the runner reports 'failed': the commit deadline passed before the commit",
    );
  });

  it('names the test seed as the step when it was never fixed', async () => {
    const { demo, feed } = lifecycle();
    for (const event of ['accepted', 'trained', 'committed', 'uploaded', 'revealed']) feed(event);
    demo.onChainEvent({ eventName: 'TestSeedFixed', args: { taskId: 8n } });
    demo.fail('no progress');
    await expect(demo.done).rejects.toThrow('demo: seed fixed: no progress');
  });

  it('reads JSON lines and ignores anything else', () => {
    expect(parseRunnerLine('{"event":"scored","message":"m","taskId":"1"}')).toMatchObject({
      event: 'scored',
    });
    expect(parseRunnerLine('plain text')).toBeUndefined();
    expect(parseRunnerLine('{"event":1}')).toBeUndefined();
    expect(parseRunnerLine('{broken')).toBeUndefined();
  });
});
