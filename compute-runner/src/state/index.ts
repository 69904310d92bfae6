export { writeFileAtomic } from './atomic-file.js';
export { StateFileError } from './errors.js';
export { StateStore, STATE_FILE } from './state-store.js';
export { TASK_PHASES, isTerminal, type TaskPhase, type TaskRecord } from './task-record.js';
export { HEARTBEAT_FILE, readHeartbeat, writeHeartbeat, type Heartbeat } from './heartbeat.js';
