/** The runner's state file exists but cannot be read as runner state; names the file and why. */
export class StateFileError extends Error {
  override name = 'StateFileError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`runner state ${path} is unreadable: ${reason}`);
  }
}

/** A task record that does not fit its phase: names the task, the field and what is wrong. */
export class TaskRecordError extends Error {
  override name = 'TaskRecordError';
  constructor(
    readonly taskId: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`task ${taskId}${field === 'phase' ? ` ${problem}` : `: ${field}: ${problem}`}`);
  }
}
