import {
  badGateway,
  contentTooLarge,
  gatewayTimeout,
  unprocessable,
  type HttpProblem,
} from './problem.js';

/**
 * Maps a failure of the verified fetch client to the problem the client sees. Content that does
 * not match its CID is a 502 of its own type; a size limit is 413; missing content is 502 (the
 * CID came from the chain, so its absence is the gateways' fault, not the caller's).
 */
export function ipfsProblem(error: unknown, what: string, limit?: number): HttpProblem | undefined {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'BlockVerificationError':
      return badGateway(
        'content-verification-failed',
        `the ${what} served by the IPFS gateways did not match its CID; nothing was signed`,
      );
    case 'ContentTooLargeError':
      return contentTooLarge(
        'content-too-large',
        `the ${what} exceeds the size limit${limit === undefined ? '' : ` of ${limit} bytes`}`,
        limit,
      );
    case 'FetchTimeoutError':
      return gatewayTimeout('ipfs-timeout', `fetching the ${what} from IPFS timed out`);
    case 'PathNotFoundError':
    case 'WrongContentTypeError':
    case 'InvalidPathError':
      return unprocessable(
        'invalid-content',
        `the ${what} does not have the expected layout: ${(error as Error).message.slice(0, 300)}`,
      );
    case 'InvalidCidError':
    case 'UnsupportedHashError':
      return unprocessable(
        'invalid-cid',
        `the ${what} CID is not usable: ${(error as Error).message.slice(0, 200)}`,
      );
    case 'AllGatewaysFailedError':
    case 'GatewayResponseError':
    case 'BlockNotFoundError':
    case 'CarFormatError':
      return badGateway('ipfs-unavailable', `no IPFS gateway could provide the ${what}`);
    default:
      return undefined;
  }
}
