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

/** The client closed the connection while the answer was being sent: nothing to answer or log. */
export class ClientGoneError extends Error {
  override name = 'ClientGoneError';
  constructor() {
    super('the client went away');
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
    case 'InconsistentFileSizeError':
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

/**
 * Writes `{ "error": <name>, "message": <text> }` with the status (unless headers are already out).
 * A failure of the gateway itself (a 5xx other than an HttpError: a file system error, a bug) is
 * answered with a generic message and written to `log` in full, so no answer reveals a path or an
 * internal detail.
 */
export function sendError(
  res: ServerResponse,
  error: unknown,
  log: (line: string) => void = (line) => console.error(line),
): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const status = statusOf(err);
  const internal = status >= 500 && !(err instanceof HttpError);
  if (internal && !(err instanceof ClientGoneError))
    log(`gateway: ${res.req.method} ${res.req.url}: ${err.stack ?? err.message}`);
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const name =
    err instanceof HttpError ? httpErrorName(status) : internal ? 'InternalError' : err.name;
  const message = internal
    ? 'the gateway failed to answer this request; its log has the details'
    : err.message;
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
    {
      400: 'BadRequest',
      403: 'Forbidden',
      404: 'NotFound',
      405: 'MethodNotAllowed',
      413: 'PayloadTooLarge',
      415: 'UnsupportedMediaType',
      503: 'ServiceUnavailable',
    }[status] ?? 'HttpError'
  );
}
