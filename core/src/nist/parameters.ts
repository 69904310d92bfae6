import { NistParameterError } from './errors.js';

/** Checks that a test parameter is an integer in [min, max]; throws NistParameterError naming it otherwise. */
export function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new NistParameterError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}
