/** One problem found in a document, with the dotted path of the field it concerns. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A task spec or result manifest that does not match its schema; names every bad field. */
export class TaskDocumentError extends Error {
  override name = 'TaskDocumentError';
  constructor(
    readonly document: 'task spec' | 'result manifest',
    readonly problems: FieldProblem[],
  ) {
    super(
      `invalid ${document}: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`,
    );
  }
}
