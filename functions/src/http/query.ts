import { badRequest } from './problem.js';

/**
 * The query parameters of `url` as single values, refusing unknown names and repeated names
 * (400 naming the parameter), so that every accepted URL has one meaning and one cache key.
 */
export function singleQueryParams(url: URL, allowed: readonly string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    if (!allowed.includes(name)) {
      throw badRequest(
        `unknown query parameter ${JSON.stringify(name.slice(0, 50))}; allowed: ${allowed.join(', ')}`,
        { parameter: name.slice(0, 50) },
        'unknown-parameter',
      );
    }
    if (params.has(name)) {
      throw badRequest(
        `query parameter ${name} is given more than once`,
        { parameter: name },
        'repeated-parameter',
      );
    }
    params.set(name, value);
  }
  return params;
}

/** A query value from a fixed set, or 400 naming the parameter and the choices. */
export function enumParam<T extends string>(
  params: Map<string, string>,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = params.get(name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw badRequest(
      `query parameter ${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value.slice(0, 50))}`,
      { parameter: name },
      'invalid-parameter',
    );
  }
  return value as T;
}

/** A non-negative integer query value within [min, max] (at most a safe integer), or 400 naming the parameter. */
export function intParam(
  params: Map<string, string>,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = params.get(name);
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,16}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw badRequest(
      `query parameter ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value.slice(0, 50))}`,
      { parameter: name },
      'invalid-parameter',
    );
  }
  return Number(value);
}
