/** A compiled `config.path` pattern such as `/api/tasks/:id`. */
export interface PathPattern {
  pattern: string;
  /** The named params of `pathname`, or undefined if it does not match. */
  match(pathname: string): Record<string, string> | undefined;
}

/**
 * Compiles a Netlify-style path (`/literal/:param`) into a matcher; params match one non-empty
 * segment and arrive percent-decoded (an undecodable segment does not match).
 */
export function compilePath(pattern: string): PathPattern {
  const segments = pattern.split('/').slice(1);
  return {
    pattern,
    match(pathname) {
      const parts = pathname.split('/').slice(1);
      if (!pathname.startsWith('/') || parts.length !== segments.length) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i] as string;
        const part = parts[i] as string;
        if (segment.startsWith(':')) {
          if (part === '') return undefined;
          try {
            params[segment.slice(1)] = decodeURIComponent(part);
          } catch {
            return undefined;
          }
        } else if (segment !== part) return undefined;
      }
      return params;
    },
  };
}
