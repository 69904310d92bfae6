export { main } from './cli.js';
export type { Command, CommandContext, CommandEntry } from './command.js';
export { CliError, UsageError } from './errors.js';
