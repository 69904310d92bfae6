/** One event of the daemon: what happened to which task. Printed as a line or as JSON. */
export interface RunnerEvent {
  event: string;
  taskId?: string;
  message: string;
  [field: string]: unknown;
}

export interface RunnerLog {
  info(event: RunnerEvent): void;
  warn(event: RunnerEvent): void;
}

/** JSON lines when `json` (pipes, containers), readable lines otherwise (a terminal). */
export function createRunnerLog(stream: NodeJS.WritableStream, json: boolean): RunnerLog {
  const write = (level: 'info' | 'warn', raw: RunnerEvent) => {
    // ethers quotes the RPC URL in its errors; hosted RPCs put API keys in the path or query.
    const event = { ...raw, message: withUrlOriginsOnly(raw.message) };
    if (json) {
      stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, ...event })}\n`);
    } else {
      const task = event.taskId === undefined ? '' : `task ${event.taskId}: `;
      stream.write(`${level === 'warn' ? 'warning: ' : ''}${task}${event.message}\n`);
    }
  };
  return { info: (e) => write('info', e), warn: (e) => write('warn', e) };
}

/** `text` with every http(s) URL cut to its origin (`https://host/…`). */
export function withUrlOriginsOnly(text: string): string {
  return text.replace(/\b(https?:\/\/[^\s"'/?#]+)[/?#][^\s"']*/gi, '$1/…');
}
