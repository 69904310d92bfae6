import { addContent, type CidVersion } from '@tem/core/ipfs';
import { contentFromPath } from '@tem/gateway';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

/** Errors of the IPFS layer that are the user's to fix (a path, a too-large directory). */
const USER_ERRORS = new Set([
  'UnreadablePathError',
  'DirectoryTooLargeError',
  'InvalidDirectoryError',
]);

/** `tem cid`: the CID `ipfs add` would print for a file or directory, computed locally. */
export const cid: Command = {
  name: 'cid',
  summary: 'print the IPFS CID of a file or directory (as ipfs add computes it)',
  usage: 'tem cid <file-or-dir> [--cid-version 0|1] [--hidden]',
  examples: ['tem cid spec.json', 'tem cid web/dist', 'tem cid model.dat --cid-version 0'],
  options: { 'cid-version': { type: 'string' }, hidden: { type: 'boolean' } },
  optionHelp: {
    'cid-version':
      '1 (default: raw leaves, like ipfs add --cid-version 1) or 0 (like a plain ipfs add)',
    hidden: 'include dot-files in directories (ipfs add -r --hidden)',
  },
  allowPositionals: true,
  async run({ values, positionals, stdout, signal }) {
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0 ? 'name a file or directory' : 'name exactly one path',
      );
    }
    const version = values['cid-version'] ?? '1';
    if (version !== '0' && version !== '1') {
      throw new UsageError(`--cid-version must be 0 or 1, not '${String(version)}'`);
    }
    try {
      const content = await contentFromPath(positionals[0]!, { hidden: values.hidden === true });
      const root = await addContent(
        content,
        { put: async () => {} },
        {
          cidVersion: Number(version) as CidVersion,
          signal,
        },
      );
      stdout.write(`${root.toString()}\n`);
      return 0;
    } catch (error) {
      if (error instanceof Error && USER_ERRORS.has(error.name)) throw new CliError(error.message);
      throw error;
    }
  },
};
