import type { TrainingProgress } from '@tem/core/bisuna/training';

/** Where progress goes: a terminal gets one rewritten status line, anything else JSON lines. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const fmt = (v: number | null, digits = 0) => (v === null ? '-' : v.toFixed(digits));

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * Reports training progress: generation, generations/s, best A&B, best Eve, ETA. On a TTY one
 * line rewritten at most every `intervalMs`; otherwise one JSON object per A&B generation.
 */
export class ProgressReporter {
  private lastDraw = 0;
  private readonly startGeneration: number;
  private readonly startMs: number;

  constructor(
    private readonly out: ProgressStream,
    startGeneration: number,
    startElapsedMs: number,
    private readonly intervalMs = 200,
  ) {
    this.startGeneration = startGeneration;
    this.startMs = startElapsedMs;
  }

  /** Generations per second over this session, from the training clock. */
  rate(p: TrainingProgress): number {
    const secs = (p.elapsedMs - this.startMs) / 1000;
    return secs > 0 ? (p.abGeneration - this.startGeneration) / secs : 0;
  }

  report(p: TrainingProgress): void {
    const rate = this.rate(p);
    const etaMs =
      rate > 0 ? ((p.generations - p.abGeneration) / rate) * 1000 : Number.POSITIVE_INFINITY;
    if (this.out.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < this.intervalMs && p.abGeneration < p.generations) return;
      this.lastDraw = now;
      const line =
        `gen ${p.abGeneration}/${p.generations} ${p.phase.padEnd(13)} ${rate.toFixed(2)} gen/s ` +
        `best A&B ${fmt(p.bestAliceBob)} best Eve ${fmt(p.bestEve)} test ${p.testPerfect ?? '-'} ` +
        `ETA ${duration(etaMs)}`;
      this.out.write(`\r\x1b[2K${line}`);
      return;
    }
    if (p.phase !== 'ab') return;
    this.out.write(
      `${JSON.stringify({
        generation: p.abGeneration,
        generations: p.generations,
        tick: p.tick,
        eveGenerations: p.eveGeneration,
        generationsPerSecond: Number(rate.toFixed(4)),
        bestAliceBob: p.bestAliceBob,
        bestEve: p.bestEve,
        testPerfect: p.testPerfect,
        elapsedSeconds: Number((p.elapsedMs / 1000).toFixed(3)),
        etaSeconds: Number.isFinite(etaMs) ? Math.round(etaMs / 1000) : null,
      })}\n`,
    );
  }

  /** Ends the TTY status line. */
  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
