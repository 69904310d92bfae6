/** Structured log sink; fields must never carry secrets (keys, passwords, tokens). */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** Logs one JSON line per event to stderr (what Netlify's function logs collect). */
export const consoleLogger: Logger = (event, fields = {}) => {
  console.error(JSON.stringify({ level: 'error', event, ...fields }));
};

/** Discards everything (for benchmarks). */
export const silentLogger: Logger = () => undefined;

/** The loggable part of an unexpected error: its name and a bounded message, never a stack. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 500) };
  return { name: typeof error, message: String(error).slice(0, 500) };
}
