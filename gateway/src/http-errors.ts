import type { ServerResponse } from 'node:http';

/** An HTTP failure with the status to answer and a message that names the problem. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The HTTP status for an error of the IPFS layer (matched on `error.name`). */
export function statusOf(error: Error): number {
  if (error instanceof HttpError) return error.status;
  switch (error.name) {
    case 'InvalidCidError':
    case 'InvalidPathError':
    case 'CarFormatError':
    case 'BlockVerificationError':
    case 'UnsupportedHashError':
    case 'WrongContentTypeError':
      return 400;
    case 'PathNotFoundError':
    case 'BlockNotFoundError':
      return 404;
    case 'ContentTooLargeError':
      return 413;
    default:
      return 500;
  }
}

/** Writes `{ "error": <name>, "message": <text> }` with the status (unless headers are already out). */
export function sendError(res: ServerResponse, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const status = statusOf(err);
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const name = err instanceof HttpError ? httpErrorName(status) : err.name;
  const message = status === 500 ? `internal error: ${err.message}` : err.message;
  const body = JSON.stringify({ error: name, message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(err instanceof HttpError ? err.headers : {}),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function httpErrorName(status: number): string {
  return (
    { 400: 'BadRequest', 404: 'NotFound', 405: 'MethodNotAllowed', 413: 'PayloadTooLarge' }[
      status
    ] ?? 'HttpError'
  );
}
