/** One problem found in a document, with the dotted path of the field it concerns. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Problems a TaskDocumentError's message lists (all of them are in `problems`). */
const MAX_PROBLEMS_SHOWN = 12;

/** A task spec or result manifest that does not match its schema; names every bad field. */
export class TaskDocumentError extends Error {
  override name = 'TaskDocumentError';
  constructor(
    readonly document: 'task spec' | 'result manifest',
    readonly problems: FieldProblem[],
  ) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    super(
      `invalid ${document}: ${shown.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    );
  }
}
