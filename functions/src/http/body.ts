import { findDuplicateKey } from './json-duplicates.js';
import { badRequest, payloadTooLarge, unsupportedMediaType, type HttpProblem } from './problem.js';

/** Reads a request body of at most `maxBytes`, rejecting larger ones (413) without buffering them. */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    throw bodyTooLarge(maxBytes);
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw badRequest('the request body could not be read to its end', {}, 'unreadable-body');
    }
    if (result.done) break;
    total += result.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(result.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Reads a JSON object body: checks the content type (415), the size (413), the encoding and the
 * syntax (400), and that the top level is an object (400).
 */
export async function readJsonObject(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type');
  const mediaType = type?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw unsupportedMediaType(
      `the body must be application/json, got ${type === null ? 'no content-type' : JSON.stringify(type.slice(0, 100))}`,
    );
  }
  const bytes = await readBodyLimited(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('the body is not valid UTF-8', {}, 'malformed-json');
  }
  if (text.trim() === '')
    throw badRequest('the body is empty; expected a JSON object', {}, 'malformed-json');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'syntax error';
    throw badRequest(`the body is not valid JSON: ${reason}`, {}, 'malformed-json');
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw badRequest(
      `the body gives the key ${JSON.stringify(duplicate.key.slice(0, 100))} more than once (in ${duplicate.at.slice(0, 100)}); each key may appear once`,
      { field: duplicate.key.slice(0, 100) },
      'duplicate-key',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw badRequest(`the body must be a JSON object, got ${kind}`, {}, 'wrong-type');
  }
  return value as Record<string, unknown>;
}

function bodyTooLarge(maxBytes: number): HttpProblem {
  return payloadTooLarge(`the request body exceeds ${maxBytes} bytes`, maxBytes);
}

/**
 * Reads a JSON object body (see {@link readJsonObject}) that may hold only `fields`, each of
 * `required` present: an unknown field or a missing one is a 400 naming it.
 */
export async function readJsonFields(
  request: Request,
  maxBytes: number,
  fields: readonly string[],
  required: readonly string[],
): Promise<Record<string, unknown>> {
  const body = await readJsonObject(request, maxBytes);
  for (const key of Object.keys(body)) {
    if (!fields.includes(key)) {
      throw badRequest(
        `unknown field ${JSON.stringify(key.slice(0, 50))}; the body takes ${fields.join(' and ')}`,
        { field: key.slice(0, 50) },
        'unknown-field',
      );
    }
  }
  for (const key of required) {
    if (!(key in body))
      throw badRequest(`field ${key} is missing`, { field: key }, 'missing-field');
  }
  return body;
}
