import { PHASE_LABELS } from '../market/phase.js';
import type { TaskPhase } from '../market/types.js';

/** The phase of a task as a coloured badge. */
export function PhaseBadge({ phase }: { phase: TaskPhase }) {
  return <span class={`badge phase-${phase}`}>{PHASE_LABELS[phase]}</span>;
}
