import { describe, expect, it } from 'vitest';
import { DemoLifecycle, parseRunnerLine, type RunnerLine } from './demo-lifecycle.js';
import type { DemoTask } from './demo-task.js';

const task: DemoTask = {
  taskId: 7n,
  specCid: 'bafk',
  bounty: 10n ** 18n,
  commitDeadline: 100n,
  revealDeadline: 200n,
  scoringDeadline: 300n,
};

function lifecycle() {
  const moves: string[] = [];
  const demo = new DemoLifecycle(task, {
    toRevealWindow: async () => void moves.push('reveal'),
    toFinalizeWindow: async () => void moves.push('finalize'),
  });
  const feed = (event: string, extra: Partial<RunnerLine> = {}) =>
    demo.onRunnerEvent({ event, taskId: '7', message: event, ...extra });
  return { demo, moves, feed };
}

describe('the demo lifecycle, from the runner events', () => {
  it('moves chain time when the runner waits for a deadline and ends with the withdrawal', async () => {
    const { demo, moves, feed } = lifecycle();
    for (const event of ['accepted', 'training', 'trained', 'uploaded', 'committed']) feed(event);
    demo.onRunnerEvent({ event: 'committed', taskId: '8', message: 'another task' });
    expect(moves).toEqual(['reveal']);
    for (const event of ['revealed', 'scored', 'finalized']) feed(event);
    expect(moves).toEqual(['reveal', 'finalize']);
    feed('withdrawn', { amount: '999' });
    await expect(demo.done).resolves.toEqual({ taskId: 7n, paid: 999n });
  });

  it('fails naming the step the runner did not reach', async () => {
    const { demo, feed } = lifecycle();
    feed('accepted');
    feed('trained');
    feed('failed', { message: 'the commit deadline passed before the commit' });
    await expect(demo.done).rejects.toThrow(
      "demo: uploaded: the runner reports 'failed': the commit deadline passed before the commit",
    );
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
