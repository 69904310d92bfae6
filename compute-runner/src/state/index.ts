export { writeFileAtomic } from './atomic-file.js';
export { StateFileError, TaskRecordError } from './errors.js';
export { StateStore, STATE_FILE } from './state-store.js';
export { parseTaskRecord } from './parse-task-record.js';
export {
  PER_VERIFIER_STEPS,
  TASK_PHASES,
  TERMINAL_PHASES,
  TX_STEPS,
  isTerminal,
  txKey,
  type QuorumReport,
  type RecordChange,
  type RecordFields,
  type RecordIn,
  type SentTx,
  type TaskPhase,
  type TaskRecord,
  type TerminalPhase,
  type TxStep,
} from './task-record.js';
export { HEARTBEAT_FILE, readHeartbeat, writeHeartbeat, type Heartbeat } from './heartbeat.js';
