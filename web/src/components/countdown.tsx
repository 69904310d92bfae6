import { useServices } from '../app-context.js';
import { describeDeadline, formatCountdown } from '../format/index.js';

/** An ISO timestamp for `<time dateTime>`, or nothing for a deadline no date can hold (2^64 − 1). */
const isoTime = (seconds: number): string | undefined => {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/**
 * A deadline as a countdown in chain time, with the moment it ends on this device's clock on
 * hover (and the chain's own time when the two clocks differ).
 */
export function Countdown({ deadline: at, now }: { deadline: bigint | number; now: number }) {
  const { clockSkew } = useServices();
  const deadline = Number(at);
  const text = describeDeadline(deadline, clockSkew);
  return (
    <time
      dateTime={isoTime(deadline - clockSkew)}
      title={text.chain ? `${text.local} (chain time ${text.chain})` : text.local}
      class={deadline > now ? 'countdown' : 'countdown ended'}
    >
      {formatCountdown(deadline, now)}
    </time>
  );
}
