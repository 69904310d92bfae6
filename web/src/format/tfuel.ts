const WEI_PER_TFUEL = 10n ** 18n;

/**
 * Formats wei as TFuel with up to `decimals` fraction digits, trailing zeros trimmed.
 *
 * @example
 * formatTfuel(1_500_000_000_000_000_000n); // "1.5"
 */
export function formatTfuel(wei: bigint, decimals = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const whole = abs / WEI_PER_TFUEL;
  const fraction = (abs % WEI_PER_TFUEL).toString().padStart(18, '0').slice(0, decimals);
  const trimmed = fraction.replace(/0+$/, '');
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${wholeText}${trimmed ? `.${trimmed}` : ''}`;
}

/** A TFuel amount the user typed, or why it is not one. */
export type ParsedTfuel = { ok: true; wei: bigint } | { ok: false; message: string };

/**
 * Parses a decimal TFuel amount ("12.5") into wei, exactly (no floating point). 0 is refused (a
 * bounty must be more) unless `allowZero` (a commit bond may be 0).
 */
export function parseTfuel(text: string, options: { allowZero?: boolean } = {}): ParsedTfuel {
  const value = text.trim();
  const match = /^(\d{1,12})(?:\.(\d{1,18}))?$/.exec(value);
  if (!match) return { ok: false, message: 'enter an amount like 10 or 2.5 (up to 18 decimals)' };
  const wei = BigInt(match[1] ?? '0') * WEI_PER_TFUEL + BigInt((match[2] ?? '').padEnd(18, '0'));
  if (wei === 0n && !options.allowZero)
    return { ok: false, message: 'the bounty must be more than 0' };
  return { ok: true, wei };
}
