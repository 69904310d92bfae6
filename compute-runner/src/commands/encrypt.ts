import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DatFormatError,
  EncryptionInputError,
  Mt19937Random,
  bytesToWordsBE,
  bytesToWordsLE,
  drawPassword,
  encryptWithAgents,
  nccLine,
  readBmp,
  readPopulation,
  wordsToBytesBE,
  wordsToBytesLE,
  writeBmp,
  type Population,
} from '@tem/core/bisuna';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';

/**
 * `tem encrypt`: the reference's ExtraEncDec (spec §11.4) with every Alice/Bob pair of two
 * populations, printing the reference's NCC line per agent.
 */
export const encrypt: Command = {
  name: 'encrypt',
  summary: 'encrypt and decrypt a file with trained BiSUNA Alice/Bob pairs (reference ExtraEncDec)',
  usage:
    'tem encrypt --alice A.dat --bob B.dat --in FILE --out DIR [--key KEY.bin] [--agents all|0,3,7] [--bmp] [--rng-seed N --rng-skip K]',
  examples: [
    'tem encrypt --alice alicesCPAbisuna.dat --bob bobsCPAbisuna.dat --in e.bin --out results/ --agents 0,3',
    'tem encrypt --alice A.dat --bob B.dat --in e.bin --out r/ --rng-seed 1605172632 --rng-skip 719',
    'tem encrypt --alice A.dat --bob B.dat --in TestImage.bmp --bmp --out images/',
  ],
  options: {
    alice: { type: 'string' },
    bob: { type: 'string' },
    key: { type: 'string' },
    in: { type: 'string' },
    out: { type: 'string' },
    agents: { type: 'string' },
    bmp: { type: 'boolean' },
    'rng-seed': { type: 'string' },
    'rng-skip': { type: 'string' },
  },
  optionHelp: {
    alice: 'encryptor population (.dat)',
    bob: 'decryptor population (.dat)',
    key: 'key file: one little-endian u16 per input word; generated (and written to DIR) if absent',
    in: 'file to encrypt',
    out: 'output folder: Result<i>Enc/Result<i>Enc.<ext> and Result<i>Dec/Result<i>Dec.<ext>',
    agents: "'all' (default) or a comma list of agent indices",
    bmp: 'treat the input as a 24/32-bit BMP: encrypt the pixel bytes, keep the image format',
    'rng-seed':
      "replay the reference's libc++ mt19937 from this seed (Random neurons; the password if no --key)",
    'rng-skip': 'engine draws to discard before the password (the reference consumed 719 for U1)',
  },
  async run({ values, stdout, stderr, signal }) {
    const alicePath = requireString(values.alice, '--alice');
    const bobPath = requireString(values.bob, '--bob');
    const inPath = requireString(values.in, '--in');
    const outDir = requireString(values.out, '--out');
    const bmp = values.bmp === true;
    const seed = optionalInteger(values['rng-seed'], '--rng-seed', 2 ** 32 - 1);
    const skip = optionalInteger(values['rng-skip'], '--rng-skip', Number.MAX_SAFE_INTEGER) ?? 0;
    if (values['rng-skip'] !== undefined && seed === undefined) {
      throw new UsageError('--rng-skip needs --rng-seed');
    }

    const alice = await loadPopulation(alicePath);
    const bob = await loadPopulation(bobPath);
    const count = Math.min(alice.cells.length, bob.cells.length);
    const agents = parseAgents(values.agents, count);

    const input = await readInput(inPath);
    const image = bmp ? parseBmp(input, inPath) : undefined;
    const plain = image ? bytesToWordsBE(image.data) : bytesToWordsLE(input);
    const ext = bmp ? 'bmp' : 'bin';

    const rng = new Mt19937Random(seed ?? randomSeed(), 'libc++');
    rng.discard(skip);
    // As in the reference, the password draws are consumed before any Random neuron draws.
    const drawn = seed !== undefined ? drawPassword(rng, plain.length) : undefined;
    let key: Uint16Array;
    await mkdir(outDir, { recursive: true });
    if (typeof values.key === 'string') {
      key = bytesToWordsLE(await readInput(values.key));
      if (key.length < plain.length) {
        throw new CliError(
          `key ${values.key} has ${key.length} words, the input needs ${plain.length} (2 bytes per word)`,
        );
      }
    } else {
      key = drawn ?? secureKey(plain.length);
      const keyPath = path.join(outDir, `Result.${ext}Password.bin`);
      await writeFile(keyPath, wordsToBytesLE(key));
      stderr.write(`key written to ${keyPath}\n`);
    }

    try {
      for (const r of encryptWithAgents({
        alice,
        bob,
        plain,
        key,
        rng,
        agents,
        replay: seed !== undefined,
      })) {
        if (signal.aborted) throw new CliError('interrupted');
        const encPath = path.join(outDir, `Result${r.index}Enc`, `Result${r.index}Enc.${ext}`);
        const decPath = path.join(outDir, `Result${r.index}Dec`, `Result${r.index}Dec.${ext}`);
        await mkdir(path.dirname(encPath), { recursive: true });
        await mkdir(path.dirname(decPath), { recursive: true });
        if (image) {
          await writeFile(encPath, writeBmp(image, wordsToBytesBE(r.enc, image.data.length)));
          await writeFile(decPath, writeBmp(image, wordsToBytesBE(r.dec, image.data.length)));
        } else {
          await writeFile(encPath, wordsToBytesLE(r.enc));
          await writeFile(decPath, wordsToBytesLE(r.dec));
        }
        stdout.write(`${nccLine(r.index, r.enc, r.dec, plain, encPath, decPath)}\n`);
      }
    } catch (error) {
      if (error instanceof EncryptionInputError) throw new CliError(error.message);
      throw error;
    }
    return 0;
  },
};

function requireString(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function optionalInteger(value: unknown, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be an integer from 0 to ${max}, got '${text}'`);
  }
  return Number(text);
}

function parseAgents(value: unknown, count: number): number[] {
  if (value === undefined || value === 'all') return Array.from({ length: count }, (_, i) => i);
  const parts = String(value).split(',');
  const agents = parts.map((p) => {
    if (!/^\d+$/.test(p.trim())) throw new UsageError(`--agents: '${p}' is not an agent index`);
    const i = Number(p.trim());
    if (i >= count) throw new UsageError(`--agents: agent ${i} does not exist (0..${count - 1})`);
    return i;
  });
  return [...new Set(agents)].sort((a, b) => a - b);
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function loadPopulation(file: string): Promise<Population> {
  const bytes = await readInput(file);
  try {
    return readPopulation(bytes);
  } catch (error) {
    if (error instanceof DatFormatError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function parseBmp(bytes: Uint8Array, file: string) {
  try {
    return readBmp(bytes);
  } catch (error) {
    if (error instanceof EncryptionInputError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/** A key from the platform CSPRNG (the reference used its mt19937; we do not need to). */
function secureKey(words: number): Uint16Array {
  const key = new Uint16Array(words);
  for (let i = 0; i < words; i += 32768) crypto.getRandomValues(key.subarray(i, i + 32768));
  return key;
}
