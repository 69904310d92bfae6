import { badRequest } from './problem.js';

const UINT256_MAX = (1n << 256n) - 1n;

/**
 * Parses a uint256 id given as a canonical decimal string (no sign, no leading zeros) or, in JSON
 * bodies, as a non-negative safe integer; anything else is a 400 naming `field`.
 */
export function parseUintId(value: unknown, field: string): bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
    throw badRequest(
      `${field} must be a non-negative integer, got ${String(value)}`,
      { field },
      'invalid-id',
    );
  }
  if (typeof value !== 'string') {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw badRequest(
      `${field} must be a decimal integer string or number, got ${kind}`,
      { field },
      'wrong-type',
    );
  }
  if (!/^(0|[1-9][0-9]{0,77})$/.test(value) || BigInt(value) > UINT256_MAX) {
    throw badRequest(
      `${field} must be a decimal uint256 without sign or leading zeros, got ${JSON.stringify(value.slice(0, 80))}`,
      { field },
      'invalid-id',
    );
  }
  return BigInt(value);
}
