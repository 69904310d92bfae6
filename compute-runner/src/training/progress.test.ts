import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '@tem/core/bisuna/training';
import { ProgressReporter } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (c: string) => chunks.push(c) };
}

const at = (
  abGeneration: number,
  elapsedMs: number,
  phase: TrainingProgress['phase'] = 'ab',
): TrainingProgress => ({
  phase,
  tick: abGeneration + 5,
  abGeneration,
  eveGeneration: 7,
  ms: 10,
  generations: 100,
  bestAliceBob: 1234.4,
  bestEve: 560,
  testPerfect: 3,
  elapsedMs,
});

describe('ProgressReporter', () => {
  it('writes one JSON line per A&B generation when not on a TTY', () => {
    const out = sink(false);
    const p = new ProgressReporter(out, 0, 0);
    p.report(at(10, 5000));
    p.report(at(10, 5100, 'eve-block'));
    expect(out.chunks).toHaveLength(1);
    expect(JSON.parse(out.chunks[0]!)).toEqual({
      generation: 10,
      generations: 100,
      tick: 15,
      eveGenerations: 7,
      generationsPerSecond: 2,
      bestAliceBob: 1234.4,
      bestEve: 560,
      testPerfect: 3,
      elapsedSeconds: 5,
      etaSeconds: 45,
    });
  });

  it('rewrites one status line on a TTY with rate, best scores and ETA, counting from the resume point', () => {
    const out = sink(true);
    const p = new ProgressReporter(out, 40, 60_000, 0);
    p.report(at(50, 65_000));
    p.finish();
    expect(out.chunks[0]!.startsWith('\r\x1b[2K')).toBe(true);
    expect(out.chunks[0]!.slice(5)).toMatch(
      /^gen 50\/100 ab\s+2\.00 gen\/s best A&B 1234 best Eve 560 test 3 ETA 0m25s$/,
    );
    expect(out.chunks[1]).toBe('\n');
  });
});
