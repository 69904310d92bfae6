/** Structured log sink; fields must never carry secrets (keys, passwords, tokens). */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

/** Logs one JSON line per event to stderr (what Netlify's function logs collect). */
export const consoleLogger: Logger = (event, fields = {}) => {
  console.error(JSON.stringify({ level: 'error', event, ...fields }));
};

/** Discards everything (for benchmarks). */
export const silentLogger: Logger = () => undefined;

/**
 * The loggable part of an unexpected error: its name and a bounded message, never a stack. URLs
 * keep only their origin: ethers quotes the RPC URL in its messages, and hosted RPCs and
 * gateways put API keys in the path or query.
 */
export function describeError(error: unknown): { name: string; message: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { name, message: redactUrls(message).slice(0, 500) };
}

function redactUrls(text: string): string {
  return text.replace(/\b(https?:\/\/[^\s"'/?#]+)[/?#][^\s"']*/gi, '$1/…');
}
