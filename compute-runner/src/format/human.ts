/**
 * Human wording of amounts, times and counts in `tem`'s messages: TFuel rather than wei, chain times
 * as dates with how far away they are, counts with their noun in the right number. JSON output
 * keeps the raw values (wei, seconds) beside these.
 */

const WEI_PER_TFUEL = 10n ** 18n;

/**
 * An amount of wei in TFuel, exact, without trailing zeros.
 *
 * @example formatTfuel(1_500_000_000_000_000_000n) // '1.5 TFuel'
 */
export function formatTfuel(wei: bigint | string): string {
  const amount = BigInt(wei);
  const sign = amount < 0n ? '-' : '';
  const abs = amount < 0n ? -amount : amount;
  const whole = (abs / WEI_PER_TFUEL).toLocaleString('en-US');
  const fraction = (abs % WEI_PER_TFUEL).toString().padStart(18, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''} TFuel`;
}

/**
 * `count` and its noun, singular for exactly one.
 *
 * @example plural(1, 'generation') // '1 generation'
 * @example plural(3, 'generation') // '3 generations'
 */
export function plural(count: number | bigint, singular: string, pluralForm = `${singular}s`) {
  return `${count} ${count === 1 || count === 1n ? singular : pluralForm}`;
}

/**
 * A length of time in its largest unit and the next one (left out when zero).
 *
 * @example formatDuration(101) // '1m 41s'
 * @example formatDuration(90061) // '1d 1h'
 */
export function formatDuration(seconds: number | bigint): string {
  const total = Math.max(0, Math.round(Number(seconds)));
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const found = units.findIndex(([, size]) => total >= size);
  const largest = found === -1 ? units.length - 1 : found;
  const [unit, size] = units[largest]!;
  const next = units[largest + 1];
  const rest = next ? Math.floor((total % size) / next[1]) : 0;
  return `${Math.floor(total / size)}${unit}${rest > 0 ? ` ${rest}${next![0]}` : ''}`;
}

/** A unix time in seconds as `2026-12-07 14:07:35 UTC`. */
export function formatDate(unixSeconds: number | bigint): string {
  const date = new Date(Number(unixSeconds) * 1000);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A chain time (block timestamp, seconds) as a date and how far it is from `now`, which is chain
 * time too: on a local chain moved forward, chain time runs ahead of the wall clock.
 *
 * @example formatChainTime(1796652455n, 1796652354n) // '2026-12-07 14:07:35 UTC (in 1m 41s)'
 */
export function formatChainTime(at: number | bigint, now: number | bigint): string {
  const delta = Number(at) - Number(now);
  const relative =
    delta === 0
      ? 'now'
      : delta > 0
        ? `in ${formatDuration(delta)}`
        : `${formatDuration(-delta)} ago`;
  return `${formatDate(at)} (${relative})`;
}
