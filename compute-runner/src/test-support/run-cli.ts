import { PassThrough } from 'node:stream';
import { main } from '../cli.js';
import type { Command, CommandEntry } from '../command.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tem <argv>` in-process with captured output (all commands, or the given ones). */
export async function runCli(
  argv: string[],
  options: { commands?: (Command | CommandEntry)[]; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await main(argv, {
    stdout: out,
    stderr: err,
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return { code, stdout, stderr };
}
