/**
 * @tem/functions: the Netlify Functions 2.0 of the marketplace (task list, task detail, signed
 * verification, the verifier's part of test seeds) and a plain Node server that serves the same handlers locally.
 *
 * @example
 * import { startFunctionsServer } from '@tem/functions';
 * const server = await startFunctionsServer({ env: { THETA_RPC_URL, TASK_MARKET_ADDRESS, IPFS_GATEWAYS, VERIFIER_PRIVATE_KEY } });
 * await fetch(`${server.url}/api/tasks?status=open`);
 * await server.close();
 */
export {
  startFunctionsServer,
  type FunctionsServer,
  type FunctionsServerOptions,
} from './server.js';
export { createServices, type Services, type ServiceOverrides } from './services.js';
export { createTasksHandler, type TasksDeps, type TaskListJson } from './tasks.js';
export { createTaskHandler, type TaskDeps, type TaskDetailJson } from './task.js';
export { createVerifyHandler, type VerifyDeps } from './verify.js';
export type { VerifyResultJson } from './verify/pipeline.js';
export { createSeedHandler, type SeedDeps } from './seed.js';
export type { SeedResultJson, SeedRelayJson } from './seed/seed-answer.js';
export type { TaskJson, SubmissionJson, ScoreJson, SeedJson } from './chain/json.js';
export type { Scorer, ScoreInput, ScoreReport } from './verify/scorer.js';
export { loadConfig, type FunctionsConfig, type FunctionsEnv } from './lib/config.js';
export { ConfigError, VerifierKeyError } from './errors.js';
export type { FunctionHandler, FunctionContext } from './http/handler.js';
