import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a command receives: parsed flags, positionals and the streams it may write to. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** One `tem` command; each lives in `commands/<name>.ts`. */
export interface Command {
  name: string;
  summary: string;
  /** e.g. `tem cid <file-or-dir> [--cid-version 0|1]` */
  usage: string;
  examples: string[];
  options: OptionSpec;
  /** Option descriptions for --help, keyed by option name. */
  optionHelp?: Record<string, string>;
  allowPositionals?: boolean;
  /** Returns the exit code (0 on success). Throw a CliError for a user-facing failure. */
  run(ctx: CommandContext): Promise<number>;
}

/** A command as `tem --help` lists it; its module is loaded only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
