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

function formatSpan(seconds: number): string {
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
