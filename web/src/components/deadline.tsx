import { useServices } from '../app-context.js';
import { describeDeadline, formatSpan } from '../format/index.js';
import { CLOCK_SKEW_SHOWN_SECONDS } from '../format/time.js';
import { Countdown } from './countdown.js';

/**
 * A deadline written out: the time it falls on this device's clock and its countdown, which
 * always agree; when the chain's clock runs ahead or behind, the chain's own time too.
 */
export function DeadlineTime({ deadline, now }: { deadline: bigint; now: number }) {
  const { clockSkew } = useServices();
  const text = describeDeadline(Number(deadline), clockSkew);
  return (
    <>
      <span data-testid="deadline-local">{text.local}</span> (
      <Countdown deadline={deadline} now={now} />)
      {text.chain ? (
        <span class="muted" data-testid="deadline-chain">
          {' '}
          · chain time {text.chain}
        </span>
      ) : null}
    </>
  );
}

/** One line saying that the chain's clock differs from this device's, when it does. */
export function ClockNote() {
  const { clockSkew } = useServices();
  if (Math.abs(clockSkew) < CLOCK_SKEW_SHOWN_SECONDS) return null;
  return (
    <p class="muted" data-testid="clock-note">
      The chain’s clock runs {formatSpan(Math.abs(clockSkew))}{' '}
      {clockSkew > 0 ? 'ahead of' : 'behind'} this device’s. Deadlines follow the chain; the times
      above say when they fall on your clock, with the chain’s own time beside them.
    </p>
  );
}
