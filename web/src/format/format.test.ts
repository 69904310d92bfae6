import { describe, expect, it } from 'vitest';
import {
  describeDeadline,
  formatCountdown,
  formatDeadline,
  formatTfuel,
  gatewayUrl,
  parseTfuel,
  safeLinkUrl,
  shortHex,
} from './index.js';

describe('safeLinkUrl', () => {
  it('keeps https, http and ipfs links', () => {
    expect(safeLinkUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(safeLinkUrl('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    expect(safeLinkUrl('ipfs://bafy')).toBe('ipfs://bafy');
  });
  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<script>',
    'vbscript:x',
    'file:///etc/passwd',
    '/relative',
    '',
    42,
    null,
  ])('drops %s', (value) => {
    expect(safeLinkUrl(value)).toBeNull();
  });
  it('builds gateway links only for CID-shaped values', () => {
    expect(gatewayUrl('https://ipfs.io/', 'bafkqaaa1234567', 'a b/c')).toBe(
      'https://ipfs.io/ipfs/bafkqaaa1234567/a%20b/c',
    );
    expect(gatewayUrl('https://ipfs.io', '../../evil')).toBeNull();
  });
});

describe('TFuel amounts', () => {
  it('formats wei exactly', () => {
    expect(formatTfuel(0n)).toBe('0');
    expect(formatTfuel(1_500_000_000_000_000_000n)).toBe('1.5');
    expect(formatTfuel(1234567n * 10n ** 18n)).toBe('1,234,567');
    expect(formatTfuel(1n)).toBe('0');
    expect(formatTfuel(1n, 18)).toBe('0.000000000000000001');
  });
  it('parses decimal text without floating point', () => {
    expect(parseTfuel('2.5')).toEqual({ ok: true, wei: 2_500_000_000_000_000_000n });
    expect(parseTfuel('0.000000000000000001')).toEqual({ ok: true, wei: 1n });
    expect(parseTfuel('0').ok).toBe(false);
    expect(parseTfuel('0', { allowZero: true })).toEqual({ ok: true, wei: 0n });
    for (const bad of ['', 'abc', '1e18', '-1', '0', '1.0000000000000000001', '1,5']) {
      expect(parseTfuel(bad).ok).toBe(false);
    }
  });
});

describe('time', () => {
  it('counts down and up', () => {
    expect(formatCountdown(1_000 + 3_725, 1_000)).toBe('in 1h 02m');
    expect(formatCountdown(1_000 + 2 * 86_400 + 3 * 3_600, 1_000)).toBe('in 2d 3h');
    expect(formatCountdown(1_000 + 187, 1_000)).toBe('in 3m 07s');
    expect(formatCountdown(1_000, 1_300)).toBe('ended 5m 00s ago');
  });
  it('formats deadlines in UTC and refuses absurd ones', () => {
    expect(formatDeadline(0)).toBe('1970-01-01 00:00 UTC');
    expect(formatDeadline(2 ** 64)).toBe('invalid date');
  });
  it('shows a deadline at the moment its countdown ends on this device, and chain time beside it', () => {
    // Issue 21: at 14:01 by the wall clock, with the chain 4m 19s ahead, the countdown said
    // "in 1m 41s" while the time said 14:07.
    const deadline = Date.UTC(2026, 11, 5, 14, 7) / 1000;
    const skew = 259;
    const wall = Date.UTC(2026, 11, 5, 14, 1) / 1000;
    expect(formatCountdown(deadline, wall + skew)).toBe('in 1m 41s');
    expect(describeDeadline(deadline, skew)).toEqual({
      local: '2026-12-05 14:02 UTC',
      chain: '2026-12-05 14:07 UTC',
      skew: 'runs 4m 19s ahead of this device',
    });
    expect(describeDeadline(deadline, -7200).skew).toBe('runs 2h 00m behind this device');
    // A few seconds of block lag is not worth a second time.
    expect(describeDeadline(deadline, -3)).toEqual({
      local: '2026-12-05 14:07 UTC',
      chain: null,
      skew: null,
    });
  });
  it('shortens hex', () => {
    expect(shortHex('0x1234567890abcdef1234')).toBe('0x1234…1234');
    expect(shortHex('0x12')).toBe('0x12');
  });
});
