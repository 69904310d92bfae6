export { RunnerConfigError } from './errors.js';
export {
  CONFIG_ENV,
  CONFIG_FILE,
  parseStorageEnv,
  resolveRunnerConfig,
  runnerConfig,
  type ConfigSources,
  type RunnerConfig,
} from './runner-config.js';
