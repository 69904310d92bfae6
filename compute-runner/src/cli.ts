import type { Command, CommandContext, CommandEntry } from './command.js';
import { parseCommandArgs, closestName } from './command-args.js';
import { commands as registered } from './commands/index.js';
import { withUrlOriginsOnly } from './daemon/log.js';
import { CliError, UsageError } from './errors.js';

export interface MainOptions {
  /** The commands to dispatch to (default: every `tem` command, each loaded when it runs). */
  commands?: (Command | CommandEntry)[];
  stdout?: CommandContext['stdout'];
  stderr?: CommandContext['stderr'];
  env?: NodeJS.ProcessEnv;
}

/** The `tem` entry point: dispatches to one command; the only place that turns errors into exit codes. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const commands = (options.commands ?? registered).map(entryOf);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const [name, ...rest] = argv;

  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? rest[0] : undefined;
    const entry = target ? commands.find((c) => c.name === target) : undefined;
    stdout.write(entry ? commandHelp(await entry.load()) : overview(commands));
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    const closest = closestName(
      name,
      commands.map((c) => c.name),
    );
    stderr.write(
      `tem: unknown command '${name}'${closest ? `; did you mean '${closest}'?` : ''}. Run 'tem --help' for the list.\n`,
    );
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(commandHelp(command));
    return 0;
  }

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const parsed = parseCommandArgs(command, rest);
    return await command.run({ ...parsed, stdout, stderr, env, signal: controller.signal });
  } catch (error) {
    if (error instanceof CliError) {
      stderr.write(`tem ${command.name}: ${error.message}\n`);
      if (error instanceof UsageError) stderr.write(`usage: ${command.usage}\n`);
      return error.exitCode;
    }
    // Unexpected errors may quote URLs with API keys in them (ethers does): origins only.
    const message = withUrlOriginsOnly(error instanceof Error ? error.message : String(error));
    stderr.write(`tem ${command.name}: ${message}\n`);
    if (env.TEM_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function entryOf(command: Command | CommandEntry): CommandEntry {
  if ('load' in command) return command;
  return { name: command.name, summary: command.summary, load: async () => command };
}

function overview(commands: CommandEntry[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'tem: the Theta Edge Marketplace command line',
    '',
    'usage: tem <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    "Run 'tem <command> --help' for a command's options and an example.",
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const flag = `--${name}${spec.type === 'string' ? ' <value>' : ''}`;
    const help = command.optionHelp?.[name] ?? '';
    return `  ${flag.padEnd(28)} ${help}`.trimEnd();
  });
  return [
    `tem ${command.name}: ${command.summary}`,
    '',
    `usage: ${command.usage}`,
    ...(options.length ? ['', 'options:', ...options] : []),
    '',
    'examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
