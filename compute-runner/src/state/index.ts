export { writeFileAtomic } from './atomic-file.js';
export { StateFileError } from './errors.js';
export { StateStore, STATE_FILE } from './state-store.js';
export {
  PER_VERIFIER_STEPS,
  TASK_PHASES,
  TX_STEPS,
  isTerminal,
  txKey,
  type QuorumReport,
  type SentTx,
  type TaskPhase,
  type TaskRecord,
  type TxStep,
} from './task-record.js';
export { HEARTBEAT_FILE, readHeartbeat, writeHeartbeat, type Heartbeat } from './heartbeat.js';
