import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import type { Command } from './command.js';
import { CliError } from './errors.js';

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
