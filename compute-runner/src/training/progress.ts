import type { TrainingProgress } from '@tem/core/bisuna/training';
import { cipherProgress, type KindProgress } from '@tem/core/kinds';

/** Where progress goes: a terminal gets one rewritten status line, anything else JSON lines. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * Reports training progress: generation, generations/s, the kind's figures (best A&B and Eve for
 * the cipher), ETA. On a TTY one line rewritten at most every `intervalMs`; otherwise one JSON
 * object per main generation (the cipher's A&B generations).
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
  rate(p: Pick<KindProgress, 'generation' | 'elapsedMs'>): number {
    const secs = (p.elapsedMs - this.startMs) / 1000;
    return secs > 0 ? (p.generation - this.startGeneration) / secs : 0;
  }

  /** Reports a cipher run's progress (what the daemon's training reports). */
  report(p: TrainingProgress): void {
    this.reportStatus(cipherProgress(p));
  }

  /** Reports the progress of a run of any kind. */
  reportStatus(p: KindProgress): void {
    const rate = this.rate(p);
    const etaMs =
      rate > 0 ? ((p.generations - p.generation) / rate) * 1000 : Number.POSITIVE_INFINITY;
    if (this.out.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < this.intervalMs && p.generation < p.generations) return;
      this.lastDraw = now;
      const label = p.label ? `${p.label} ` : '';
      const line =
        `gen ${p.generation}/${p.generations} ${label}${rate.toFixed(2)} gen/s ${p.summary} ` +
        `ETA ${duration(etaMs)}`;
      this.out.write(`\r\x1b[2K${line}`);
      return;
    }
    if (!p.main) return;
    this.out.write(
      `${JSON.stringify({
        generation: p.generation,
        generations: p.generations,
        ...p.fields,
        generationsPerSecond: Number(rate.toFixed(4)),
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
