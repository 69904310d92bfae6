import { parseArgs } from 'node:util';
import type { Command, CommandContext } from './command.js';
import { UsageError } from './errors.js';

/** A value that is a number even though it starts with a dash: `-5`, `-0.5`, `-.5`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Parses a command's flags strictly, with messages a person can act on: an unknown option names the
 * closest known one ("did you mean --threads?"), and a negative number after an option is taken as
 * its value, so that the command's own check can say what range it accepts (Node's parser calls
 * `--generations -5` ambiguous).
 */
export function parseCommandArgs(
  command: Command,
  args: string[],
): Pick<CommandContext, 'values' | 'positionals'> {
  const known = Object.keys(command.options);
  const normalized: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      normalized.push(...args.slice(i));
      break;
    }
    if (arg.startsWith('-') && arg !== '-' && !NEGATIVE_NUMBER.test(arg)) {
      const name = arg.replace(/^--?/, '').split('=')[0]!;
      const spec = command.options[name];
      if (!spec || !arg.startsWith('--')) throw new UsageError(unknownOption(arg, known));
      const next = args[i + 1];
      if (spec.type === 'string' && !arg.includes('=') && next && NEGATIVE_NUMBER.test(next)) {
        normalized.push(`${arg}=${next}`);
        i++;
        continue;
      }
    }
    normalized.push(arg);
  }
  try {
    const { values, positionals } = parseArgs({
      args: normalized,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return { values: values as CommandContext['values'], positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function unknownOption(arg: string, known: string[]): string {
  const flag = arg.split('=')[0]!;
  const closest = closestName(flag.replace(/^--?/, ''), known);
  return `unknown option ${flag}${closest ? `; did you mean --${closest}?` : ''}`;
}

/** The known name nearest to `name` by edit distance, if near enough to be a likely typo. */
export function closestName(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance =
      candidate.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(Math.max(name.length, 3) / 3)) ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
