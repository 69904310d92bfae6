/**
 * Compiles core/wasm/kernel.ts and writes core/src/bisuna/wasm/kernel-wasm-binary.ts.
 * Run with `npm run build:wasm -w core`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { binaryModulePath, compileKernel, renderBinaryModule } from './generated.js';

const binary = await compileKernel();
writeFileSync(binaryModulePath, await renderBinaryModule(binary));
console.log(
  `kernel: ${binary.length} bytes; wrote ${path.relative(process.cwd(), binaryModulePath)}`,
);
