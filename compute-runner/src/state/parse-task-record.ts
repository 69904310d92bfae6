import { TaskRecordError } from './errors.js';
import { TASK_PHASES, taskRecordSchema, type TaskPhase, type TaskRecord } from './task-record.js';

/**
 * Reads the record of task `taskId` (as stored, or about to be) into its phase's shape, or throws
 * a {@link TaskRecordError} naming the task and the first field that does not fit. Records of
 * older runners are read as today's runner would have written them (see {@link fromOlderRunner}).
 */
export function parseTaskRecord(taskId: string, value: unknown): TaskRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TaskRecordError(taskId, 'phase', 'has no valid phase (the record is not an object)');
  }
  const record = value as Record<string, unknown>;
  if (!TASK_PHASES.includes(record.phase as TaskPhase)) {
    throw new TaskRecordError(
      taskId,
      'phase',
      `has no valid phase (${JSON.stringify(record.phase)})`,
    );
  }
  if (record.taskId !== taskId) {
    throw new TaskRecordError(taskId, 'taskId', `names task ${JSON.stringify(record.taskId)}`);
  }
  const result = taskRecordSchema.safeParse(fromOlderRunner(record));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'record';
  if (issue.path[0] === 'sent') {
    throw new TaskRecordError(
      taskId,
      'phase',
      `has a malformed transaction in flight (${field}: ${issue.message})`,
    );
  }
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const problem = missing ? 'missing' : issue.message;
  throw new TaskRecordError(taskId, field, `${problem} (phase ${String(record.phase)})`);
}

/**
 * Runners before the commit-then-upload order uploaded first: their `uploaded` record without a
 * submission is a trained one whose CID is known, or a committing one once it holds a salt.
 */
function fromOlderRunner(record: Record<string, unknown>): Record<string, unknown> {
  if (record.phase !== 'uploaded' || record.submissionId !== undefined) return record;
  const committing = record.salt !== undefined && record.commitment !== undefined;
  return { ...record, phase: committing ? 'committing' : 'trained' };
}
