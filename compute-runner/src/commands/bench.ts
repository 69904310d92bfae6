import { benchSuites } from '../bench/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

export const bench: Command = {
  name: 'bench',
  summary: 'measure performance and print the figures',
  usage: 'tem bench <suite|all> [--json] [--quick]',
  examples: ['tem bench nist --json', 'tem bench all'],
  options: { json: { type: 'boolean' }, quick: { type: 'boolean' } },
  optionHelp: {
    json: 'print one JSON object (suite name -> figures) on stdout',
    quick: 'smaller inputs, for a smoke run',
  },
  allowPositionals: true,
  async run({ values, positionals, stdout, stderr }) {
    const name = positionals[0];
    const names = benchSuites.map((s) => s.name);
    if (!name) throw new UsageError(`name a suite: ${[...names, 'all'].join(', ')}`);
    const suites = name === 'all' ? benchSuites : benchSuites.filter((s) => s.name === name);
    if (name !== 'all' && suites.length === 0) {
      throw new UsageError(`unknown suite '${name}'; known: ${[...names, 'all'].join(', ')}`);
    }
    const results: Record<string, unknown> = {};
    for (const suite of suites) {
      const log = (line: string) => stderr.write(`[${suite.name}] ${line}\n`);
      results[suite.name] = await suite.run({ quick: values.quick === true, log });
      if (!values.json)
        stdout.write(`${suite.name}: ${JSON.stringify(results[suite.name], null, 2)}\n`);
    }
    if (values.json) {
      stdout.write(`${JSON.stringify(suites.length === 1 ? results[suites[0]!.name] : results)}\n`);
    }
    return 0;
  },
};
