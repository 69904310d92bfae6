/**
 * Test support: `tem watch` in this process (`runWatch`) with its JSON-line events collected,
 * for tests that read the runner's state and events as they happen.
 */
import { PassThrough } from 'node:stream';
import type { RunnerConfig } from '../config/index.js';
import { createRunnerLog, type RunnerEvent } from '../daemon/log.js';
import { createRunnerContext, type RunnerContext } from '../daemon/runner-context.js';
import { runWatch } from '../daemon/watch-loop.js';
import type { LocalMarket } from './local-market.js';

export interface InProcessRunner {
  ctx: RunnerContext;
  events: RunnerEvent[];
  done: ReturnType<typeof runWatch>;
  /** Aborts the loop, waits for it and disconnects. */
  close(): Promise<void>;
}

/** Starts `runWatch` as dev account `account` of `local` with `config`. */
export async function startInProcessRunner(
  local: LocalMarket,
  account: number,
  config: RunnerConfig,
): Promise<InProcessRunner> {
  const events: RunnerEvent[] = [];
  const sink = new PassThrough();
  sink.on('data', (line: Buffer) => {
    for (const text of line.toString().split('\n').filter(Boolean)) events.push(JSON.parse(text));
  });
  const controller = new AbortController();
  const ctx = await createRunnerContext(
    config,
    local.chain.wallet(account),
    createRunnerLog(sink, true),
    {},
    controller.signal,
  );
  const done = runWatch(ctx);
  return {
    ctx,
    events,
    done,
    async close() {
      controller.abort();
      await done.catch(() => {});
      ctx.provider.destroy();
    },
  };
}
