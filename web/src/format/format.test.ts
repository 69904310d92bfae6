import { describe, expect, it } from 'vitest';
import {
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
  it('shortens hex', () => {
    expect(shortHex('0x1234567890abcdef1234')).toBe('0x1234…1234');
    expect(shortHex('0x12')).toBe('0x12');
  });
});
