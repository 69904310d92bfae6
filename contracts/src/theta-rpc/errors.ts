/**
 * A JSON-RPC error as the adaptor's server (go-ethereum's `rpc` package, v1.9.23) answers it:
 * a code and a message, never a `data` field, so no revert data ever reaches a client.
 */
export class RpcError extends Error {
  override name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What go-ethereum answers for a method the adaptor does not register. */
export const methodNotFound = (method: string) =>
  new RpcError(-32601, `the method ${method} does not exist/is not available`);

/** A parameter that does not fit the method's Go signature. */
export const invalidParams = (message: string) => new RpcError(-32602, message);

/** An error a method returned: go-ethereum's default code. */
export const methodError = (message: string) => new RpcError(-32000, message);

/** The error anvil answered; `data` (revert data) is what the adaptor never passes on. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
