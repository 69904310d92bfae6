import { formatCountdown, formatDeadline } from '../format/index.js';

/** A deadline as a countdown, with the exact UTC time on hover and for screen readers. */
export function Countdown({ deadline: at, now }: { deadline: bigint | number; now: number }) {
  const deadline = Number(at);
  const exact = formatDeadline(deadline);
  return (
    <time
      dateTime={new Date(deadline * 1000).toISOString()}
      title={exact}
      class={deadline > now ? 'countdown' : 'countdown ended'}
    >
      {formatCountdown(deadline, now)}
    </time>
  );
}
