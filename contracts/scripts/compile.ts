/**
 * Compiles TaskMarket, fails when its creation or runtime code contains an opcode Theta refuses or
 * lacks, and writes `core/src/market/task-market-abi.generated.ts` and `contracts/artifacts/TaskMarket.json`.
 * Run with `npm run compile -w contracts` (or `npm run compile:contracts` from the root).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UnsupportedOpcodeError, assertRunsOnTheta } from '../src/bytecode.js';
import { abiModulePath, artifactPath, renderAbiModule, renderArtifact } from './generated.js';
import { compileTaskMarket } from './solc.js';

const compiled = compileTaskMarket();
try {
  assertRunsOnTheta(compiled);
} catch (err) {
  if (!(err instanceof UnsupportedOpcodeError)) throw err;
  console.error(`compile: ${err.message}`);
  process.exit(1);
}
mkdirSync(path.dirname(artifactPath), { recursive: true });
writeFileSync(abiModulePath, await renderAbiModule(compiled));
writeFileSync(artifactPath, await renderArtifact(compiled));
const runtimeBytes = (compiled.deployedBytecode.length - 2) / 2;
console.log(`TaskMarket: runtime ${runtimeBytes} bytes (limit 24576)`);
console.log(`wrote ${path.relative(process.cwd(), abiModulePath)}`);
console.log(`wrote ${path.relative(process.cwd(), artifactPath)}`);
