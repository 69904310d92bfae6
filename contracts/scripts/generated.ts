/**
 * Renders the generated files from a compiled TaskMarket: the typed ABI module in core and the
 * JSON artifact (bytecode, metadata) in contracts. Shared by the compile script and the test that
 * fails when the committed files are stale.
 */
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { type CompiledContract, compilerSettings, contractsDir, solcVersion } from './solc.js';

/** Where the typed ABI module is written. */
export const abiModulePath = path.resolve(
  contractsDir,
  '../core/src/market/task-market-abi.generated.ts',
);

/** Where the TaskMarket artifact is written. */
export const artifactPath = path.resolve(contractsDir, 'artifacts/TaskMarket.json');

/** The TypeScript module exporting the ABI `as const`, formatted with the repo's prettier config. */
export async function renderAbiModule(compiled: CompiledContract): Promise<string> {
  const text = [
    '// GENERATED FILE: do not edit. Written by contracts/scripts/compile.ts',
    `// from contracts/${compiled.sourceName} with solc ${solcVersion()} (evmVersion ${compilerSettings.evmVersion}).`,
    '// Regenerate with `npm run compile:contracts`.',
    '',
    `/** ABI of the ${compiled.contractName} contract, typed \`as const\`. */`,
    `export const taskMarketAbi = ${JSON.stringify(compiled.abi)} as const;`,
    '',
  ].join('\n');
  const config = (await resolveConfig(abiModulePath)) ?? {};
  return format(text, { ...config, parser: 'typescript' });
}

/** The artifact JSON: ABI, creation and runtime bytecode, metadata and compiler settings. */
export async function renderArtifact(compiled: CompiledContract): Promise<string> {
  const artifact = {
    contractName: compiled.contractName,
    sourceName: compiled.sourceName,
    compiler: { name: 'solc-js', version: solcVersion(), settings: compilerSettings },
    abi: compiled.abi,
    bytecode: compiled.bytecode,
    deployedBytecode: compiled.deployedBytecode,
    metadata: compiled.metadata,
  };
  const config = (await resolveConfig(artifactPath)) ?? {};
  return format(JSON.stringify(artifact, null, 2), { ...config, parser: 'json' });
}
