import type * as z from 'zod';
import { TaskDocumentError, type FieldProblem } from './errors.js';

/** Parses `value` with `schema`, or throws a TaskDocumentError naming every bad field. */
export function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  document: TaskDocumentError['document'],
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new TaskDocumentError(document, problems);
}

/** Parses JSON text, turning a syntax error into a TaskDocumentError too. */
export function parseJsonText(text: string, document: TaskDocumentError['document']): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TaskDocumentError(document, [{ path: '', message: `not JSON: ${reason}` }]);
  }
}
