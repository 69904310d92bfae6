/** The problem of a spec that failed validation, as `/api/verify` and `/api/tasks/:id` report it. */
export interface SpecProblem {
  /** `unknown-kind` when its `kind` is none this deployment registers, else `invalid-spec`. */
  slug: 'unknown-kind' | 'invalid-spec';
  detail: string;
}

/**
 * The problem of a `TaskDocumentError` from reading a spec; undefined for any other error. An
 * issue at path `kind` can only be an unknown kind: a known one picks the schema that checks it.
 */
export function specProblem(error: unknown): SpecProblem | undefined {
  if (!(error instanceof Error) || error.name !== 'TaskDocumentError') return undefined;
  const problems = (error as Error & { problems?: { path: string; message: string }[] }).problems;
  const kind = problems?.find((p) => p.path === 'kind');
  if (kind) {
    return {
      slug: 'unknown-kind',
      detail: `the task's spec is of kind ${kind.message.slice(0, 500)}: no verifier here scores it`,
    };
  }
  return {
    slug: 'invalid-spec',
    detail: `the task's spec is invalid: ${error.message.slice(0, 500)}`,
  };
}
