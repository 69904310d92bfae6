import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import type { Command, CommandEntry } from './command.js';
import { commands } from './commands/index.js';
import { CliError, UsageError } from './errors.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const echo: Command = {
  name: 'echo',
  summary: 'prints its argument',
  usage: 'tem echo <word> [--loud]',
  examples: ['tem echo hello --loud'],
  options: { loud: { type: 'boolean' } },
  optionHelp: { loud: 'print in capitals' },
  allowPositionals: true,
  async run({ values, positionals, stdout }) {
    const word = positionals[0];
    if (!word) throw new CliError('needs a word');
    stdout.write(`${values.loud ? word.toUpperCase() : word}\n`);
    return 0;
  },
};

async function run(argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(argv, { commands: [echo], stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

describe('tem command dispatch', () => {
  it('lists every command with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('echo');
    expect(out).toContain('prints its argument');
  });

  it('shows a command help with its usage, options and example', async () => {
    const { code, out } = await run(['echo', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: tem echo <word> [--loud]');
    expect(out).toContain('--loud');
    expect(out).toContain('tem echo hello --loud');
  });

  it('runs a command with its parsed options', async () => {
    const { code, out } = await run(['echo', 'hi', '--loud']);
    expect(code).toBe(0);
    expect(out).toBe('HI\n');
  });

  it('rejects an unknown command with exit code 2', async () => {
    const { code, err } = await run(['nope']);
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'nope'");
  });

  it('rejects an unknown flag as a usage error naming the flag', async () => {
    const { code, err } = await run(['echo', 'hi', '--bogus']);
    expect(code).toBe(2);
    expect(err).toContain('--bogus');
    expect(err).toContain('usage: tem echo');
  });

  it('prints a CliError as one line without a stack trace', async () => {
    const { code, err } = await run(['echo']);
    expect(code).toBe(1);
    expect(err).toBe('tem echo: needs a word\n');
  });
});

const count: Command = {
  name: 'count',
  summary: 'prints a number',
  usage: 'tem count --generations N [--threads K]',
  examples: ['tem count --generations 5'],
  options: { generations: { type: 'string' }, threads: { type: 'string' } },
  async run({ values, stdout }) {
    const n = Number(values.generations);
    if (!Number.isInteger(n) || n < 0) {
      throw new UsageError(`--generations must be a whole number, not '${values.generations}'`);
    }
    stdout.write(`${n}\n`);
    return 0;
  },
};

async function runWith(commands: (Command | CommandEntry)[], argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(argv, { commands, stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

describe('tem option parsing', () => {
  it('hands a negative number to the command, whose check names the range', async () => {
    const { code, err } = await runWith([count], ['count', '--generations', '-5']);
    expect(code).toBe(2);
    expect(err).toContain("--generations must be a whole number, not '-5'");
    expect(err).not.toContain('ambiguous');
  });

  it('suggests the closest option for a mistyped one', async () => {
    const { code, err } = await runWith([count], ['count', '--thread', '2']);
    expect(code).toBe(2);
    expect(err).toContain('unknown option --thread; did you mean --threads?');
    const swapped = await runWith([count], ['count', '--genreations=3']);
    expect(swapped.err).toContain('did you mean --generations?');
  });

  it('suggests nothing when no option is close', async () => {
    const { err } = await runWith([count], ['count', '--colour', 'red']);
    expect(err).toContain('unknown option --colour');
    expect(err).not.toContain('did you mean');
  });

  it('suggests the closest command for a mistyped one', async () => {
    const { code, err } = await runWith([count, echo], ['cuont']);
    expect(code).toBe(2);
    expect(err).toContain("did you mean 'count'?");
  });
});

describe('tem command loading', () => {
  it('lists commands without loading any, and loads only the one that runs', async () => {
    const loaded: string[] = [];
    const lazy = (command: Command): CommandEntry => ({
      name: command.name,
      summary: command.summary,
      load: async () => (loaded.push(command.name), command),
    });
    const entries = [lazy(echo), lazy(count)];
    expect((await runWith(entries, ['--help'])).out).toContain('prints a number');
    expect(loaded).toEqual([]);
    expect((await runWith(entries, ['count', '--generations', '2'])).out).toBe('2\n');
    expect(loaded).toEqual(['count']);
  });

  it("lists each registered command with its module's own name and summary", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
    }
  });
});
