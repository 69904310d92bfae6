/**
 * A countdown such as "2d 3h", "4h 05m", "3m 07s", or "ended 5m ago" for a deadline in seconds.
 *
 * @example
 * formatCountdown(1_000 + 3_725, 1_000); // "1h 02m"
 */
export function formatCountdown(deadline: number, now: number): string {
  const delta = deadline - now;
  const text = formatSpan(Math.abs(delta));
  return delta > 0 ? `in ${text}` : `ended ${text} ago`;
}

/** A span of seconds in its two largest units: "2d 3h", "4h 05m", "3m 07s", "12s". */
export function formatSpan(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const secs = s % 60;
  const two = (n: number) => n.toString().padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(secs)}s`;
  return `${secs}s`;
}

/** A UTC timestamp for a deadline in seconds, e.g. "2026-11-28 10:50 UTC". */
export function formatDeadline(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 253_402_300_799) return 'invalid date';
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Shortens a hex string for display: 0x1234…abcd. */
export function shortHex(value: string, keep = 4): string {
  return value.length <= 2 + keep * 2 + 1
    ? value
    : `${value.slice(0, 2 + keep)}…${value.slice(-keep)}`;
}

/** Below this difference between chain time and the device clock, deadlines show one time only. */
export const CLOCK_SKEW_SHOWN_SECONDS = 60;

/** A deadline as people read it: when it falls by their clock, and by the chain's when they differ. */
export interface DeadlineText {
  /** The deadline on this device's clock (chain deadline minus the chain's lead), in UTC. */
  local: string;
  /** The deadline as chain time, when the chain's clock differs from this device's by a minute or more. */
  chain: string | null;
  /** "runs 6m 00s ahead of this device" or "behind", when `chain` is set. */
  skew: string | null;
}

/**
 * Deadlines are judged by chain time (the latest block's timestamp), countdowns count in it, so
 * the time shown must be the moment the countdown reaches zero on the visitor's clock:
 * `deadline − clockSkew`. When the chain runs ahead or behind (a local chain after
 * `evm_increaseTime`, a wrong device clock) the chain's own time is shown beside it.
 *
 * @example
 * describeDeadline(1_000_420, 360); // { local: '…00:04 UTC' (deadline − 6 min), chain: '…00:10 UTC', skew: 'runs 6m 00s ahead of this device' }
 */
export function describeDeadline(deadline: number, clockSkew: number): DeadlineText {
  const local = formatDeadline(Math.floor(deadline - clockSkew));
  if (Math.abs(clockSkew) < CLOCK_SKEW_SHOWN_SECONDS) return { local, chain: null, skew: null };
  return {
    local,
    chain: formatDeadline(deadline),
    skew: `runs ${formatSpan(Math.abs(clockSkew))} ${clockSkew > 0 ? 'ahead of' : 'behind'} this device`,
  };
}
