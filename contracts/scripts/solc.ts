/**
 * The one place that compiles our Solidity: solc-js pinned in package.json, `evmVersion` istanbul
 * (Theta's EVM has no PUSH0, BASEFEE, MCOPY or TSTORE), optimizer on. Used by the compile script,
 * by the staleness test and by tests that compile helper contracts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

/** The contracts workspace folder. */
export const contractsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The EVM version every contract is compiled for; Theta is Constantinople plus CHAINID and SELFBALANCE. */
export const EVM_VERSION = 'istanbul';

/** Compiler settings shared by every compilation (the artifact records them). */
export const compilerSettings = {
  evmVersion: EVM_VERSION,
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  metadata: { bytecodeHash: 'ipfs' },
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'metadata'] },
  },
} as const;

/** One compiled contract. */
export interface CompiledContract {
  contractName: string;
  sourceName: string;
  abi: readonly Record<string, unknown>[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
  /** Runtime bytecode, 0x-prefixed. */
  deployedBytecode: string;
  /** solc's metadata JSON string. */
  metadata: string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<
    string,
    Record<
      string,
      {
        abi: Record<string, unknown>[];
        metadata: string;
        evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
      }
    >
  >;
}

/** Thrown when solc reports errors. */
export class SolidityCompileError extends Error {
  override name = 'SolidityCompileError';
}

const require = createRequire(import.meta.url);
const nodeModulesOf = (pkg: string): string =>
  path.dirname(require.resolve(`${pkg}/package.json`)).slice(0, -pkg.length);

function readImport(importPath: string): { contents: string } | { error: string } {
  try {
    if (importPath.startsWith('@openzeppelin/contracts/')) {
      return {
        contents: readFileSync(
          path.join(nodeModulesOf('@openzeppelin/contracts'), importPath),
          'utf8',
        ),
      };
    }
    return { contents: readFileSync(path.join(contractsDir, importPath), 'utf8') };
  } catch (err) {
    return { error: `cannot read ${importPath}: ${(err as Error).message}` };
  }
}

/** The solc version string, e.g. `0.8.30+commit.73712a01.Emscripten.clang`. */
export function solcVersion(): string {
  return solc.version() as string;
}

/** Options of {@link compileSources}. */
export interface CompileOptions {
  /** `false` compiles small test helpers faster. */
  viaIR?: boolean;
  /** Another EVM version, for tests that check the bytecode guard; TaskMarket is always istanbul. */
  evmVersion?: string;
}

/**
 * Compiles the given sources (source unit name, relative to `contracts/`, mapped to its text)
 * and returns every contract defined in them.
 */
export function compileSources(
  sources: Record<string, string>,
  options: CompileOptions = {},
): CompiledContract[] {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(
      Object.entries(sources).map(([name, content]) => [name, { content }]),
    ),
    settings: {
      ...compilerSettings,
      viaIR: options.viaIR ?? compilerSettings.viaIR,
      evmVersion: options.evmVersion ?? compilerSettings.evmVersion,
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { import: readImport }) as string,
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new SolidityCompileError(errors.map((e) => e.formattedMessage).join('\n'));
  }
  const result: CompiledContract[] = [];
  for (const sourceName of Object.keys(sources)) {
    for (const [contractName, c] of Object.entries(output.contracts[sourceName] ?? {})) {
      result.push({
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        metadata: c.metadata,
      });
    }
  }
  return result;
}

/** Compiles the files (paths relative to `contracts/`) and returns the named contract. */
export function compileContract(
  contractName: string,
  files: string[],
  options: CompileOptions = {},
): CompiledContract {
  const sources = Object.fromEntries(
    files.map((f) => [f, readFileSync(path.join(contractsDir, f), 'utf8')]),
  );
  const found = compileSources(sources, options).find((c) => c.contractName === contractName);
  if (!found) throw new SolidityCompileError(`no contract ${contractName} in ${files.join(', ')}`);
  return found;
}

/** The TaskMarket source unit name. */
export const TASK_MARKET_SOURCE = 'src/TaskMarket.sol';

/** Compiles TaskMarket. */
export function compileTaskMarket(): CompiledContract {
  return compileContract('TaskMarket', [TASK_MARKET_SOURCE]);
}
