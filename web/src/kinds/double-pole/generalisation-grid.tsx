import { useEffect, useRef } from 'preact/hooks';

const SIDE = 25;
const CELL = 12;

/**
 * The 625 starts of the generalisation test (core's `generalisationStart`: i = 125a + 25b + 5c
 * + d), as a 25 × 25 grid: rows the cart's position and velocity levels (a, b), columns the long
 * pole's angle and angular velocity levels (c, d); filled where the network balanced 1,000 steps.
 */
export function GeneralisationGrid({
  generalised,
  count,
}: {
  generalised: Uint8Array;
  count: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, c.width, c.height);
    for (let i = 0; i < SIDE * SIDE; i++) {
      g.fillStyle = generalised[i] ? '#2e7d32' : '#e0e0e0';
      g.fillRect((i % SIDE) * CELL, Math.floor(i / SIDE) * CELL, CELL - 1, CELL - 1);
    }
  }, [generalised]);
  return (
    <figure class="generalisation">
      <canvas
        ref={canvas}
        width={SIDE * CELL}
        height={SIDE * CELL}
        role="img"
        data-testid="generalisation-grid"
        aria-label={`Generalisation: ${count} of 625 starts balanced`}
      />
      <figcaption data-testid="generalisation-count">
        Generalisation: {count} of 625 starts balanced 1,000 steps (green). Rows: the cart’s
        position and velocity, five levels each; columns: the long pole’s angle and angular
        velocity.
      </figcaption>
    </figure>
  );
}
