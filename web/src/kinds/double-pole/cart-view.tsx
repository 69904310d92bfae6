import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DoublePoleReplay } from '@tem/core/kinds';
import { ReplayHeader } from '../replay-header.js';
import { useReplay } from '../use-replay.js';
import type { SubmissionViewProps } from '../views.js';
import { CART_CANVAS, drawCart } from './draw-cart.js';
import { GeneralisationGrid } from './generalisation-grid.js';

const LONG_RUN = 100_000;
const MAX_FORCE = 10;
const SPEEDS = [1, 4, 16] as const;
const degrees = (radians: number) => ((radians * 180) / Math.PI).toFixed(1);

/**
 * The cart and poles animated from the submission's run (the kind's replay, in the browser):
 * its first minute from the standard start, in real time or faster, with the standard test's
 * figures and the generalisation starts it balanced.
 */
export function CartView(props: SubmissionViewProps) {
  const state = useReplay<DoublePoleReplay>(props);
  const data = state.status === 'done' ? state.data : null;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(true);
  // Read by the animation loop: a pause or a scrub stops it at once, not after the next render.
  const playingNow = useRef(true);
  const play = (on: boolean) => {
    playingNow.current = on;
    setPlaying(on);
  };
  const [speed, setSpeed] = useState<number>(1);
  const last = data ? data.steps : 0;

  // Steps advance with real time: one per dt seconds at 1×.
  useEffect(() => {
    if (!data || !playing) return;
    let id = 0;
    let before: number | null = null;
    let carry = 0;
    const tick = (now: number) => {
      if (!playingNow.current) return;
      if (before !== null) {
        carry += ((now - before) / 1000 / data.dt) * speed;
        const advance = Math.floor(carry);
        carry -= advance;
        if (advance > 0) setFrame((f) => (f + advance > last ? 0 : f + advance));
      }
      before = now;
      id = requestAnimationFrame(tick);
    };
    id = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(id);
  }, [data, playing, speed, last]);

  const shown = Math.min(frame, last);
  const at = data ? data.trajectory.subarray(6 * shown, 6 * shown + 6) : null;
  // Drawn as the step is rendered (a layout effect, not a deferred one), and marked on the canvas,
  // so what it shows and what it says it shows never disagree.
  useLayoutEffect(() => {
    if (!data || !at || !canvas.current) return;
    drawCart(canvas.current, {
      state: at,
      force: data.forces[Math.min(shown, data.forces.length - 1)] ?? 0,
      maxForce: MAX_FORCE,
      trackLimit: data.trackLimit,
      poleHalfLengths: data.poleHalfLengths,
    });
    canvas.current.dataset.drawnStep = String(shown);
  }, [data, shown]);

  const velocities =
    props.spec.kind === 'bisuna-double-pole' ? props.spec.environment.velocities : false;
  return (
    <section aria-labelledby="preview-heading">
      <ReplayHeader {...props} heading="Cart and poles" state={state}>
        The submission’s network pushes the cart to keep both poles (1 m and 10 cm) upright, seeing{' '}
        {velocities
          ? 'positions, angles and their velocities'
          : 'only the cart position and the two angles'}
        . It runs in your browser from the standard start, exactly as the verifiers score it; the
        animation shows its first minute.
      </ReplayHeader>
      {data && at ? (
        <>
          <p role="status" data-testid="pole-summary">
            Balanced {data.longSteps.toLocaleString('en')} of {LONG_RUN.toLocaleString('en')} steps
            from the standard start
            {data.longSteps === LONG_RUN ? ' (balanced: the whole test)' : ''}; generalised to{' '}
            {data.generalisation} of 625 starts.
          </p>
          <div class="cart-stage">
            <canvas
              ref={canvas}
              width={CART_CANVAS.width}
              height={CART_CANVAS.height}
              role="img"
              data-testid="cart-canvas"
              data-step={shown}
              aria-label={`Cart and poles at step ${shown}`}
            />
          </div>
          <p class="cart-state" data-testid="cart-step">
            Step {shown.toLocaleString('en')} of {last.toLocaleString('en')} (
            {(shown * data.dt).toFixed(2)} s): cart {at[0]!.toFixed(3)} m, long pole{' '}
            {degrees(at[2]!)}°, short pole {degrees(at[4]!)}°
            {shown < data.forces.length ? `, force ${data.forces[shown]!.toFixed(2)} N` : ''}
          </p>
          {data.longSteps < last ? (
            <p class="muted" data-testid="cart-fell">
              After step {data.longSteps.toLocaleString('en')} a pole fell past 36° or the cart left
              the track: the animation ends there and starts again.
            </p>
          ) : null}
          <div class="cart-controls">
            <button type="button" onClick={() => play(!playing)}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <label for="cart-speed">Speed</label>
            <select
              id="cart-speed"
              value={String(speed)}
              onChange={(e) => setSpeed(Number(e.currentTarget.value))}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={String(s)}>
                  {s}×
                </option>
              ))}
            </select>
            <label for="cart-frame">Step</label>
            <input
              id="cart-frame"
              type="range"
              min={0}
              max={last}
              value={shown}
              onInput={(e) => {
                play(false);
                setFrame(Number(e.currentTarget.value));
              }}
            />
          </div>
          <GeneralisationGrid generalised={data.generalised} count={data.generalisation} />
        </>
      ) : null}
    </section>
  );
}
