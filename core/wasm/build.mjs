/**
 * Compiles the AssemblyScript network kernel (core/wasm/kernel.ts) and writes the generated module
 * core/src/bisuna/wasm/kernel-wasm-binary.ts that embeds it. Run with `npm run build:wasm -w core`;
 * with `--check` it writes nothing and exits 1 when the committed module differs from a fresh build.
 * Plain JavaScript: under tsx, loading asc alone takes about 25 s.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { format, resolveConfig } from 'prettier';

const wasmDir = path.dirname(fileURLToPath(import.meta.url));
const binaryModulePath = path.resolve(wasmDir, '../src/bisuna/wasm/kernel-wasm-binary.ts');
// Optimised for speed, assertions off, the stub runtime (the kernel allocates nothing).
const ascFlags = ['-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort='];

async function compileKernel() {
  let binary = null;
  const errors = [];
  const { error } = await asc.main(
    ['kernel.ts', '--baseDir', wasmDir, '--outFile', 'kernel.wasm', ...ascFlags],
    {
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: { write: (s) => errors.push(String(s)) },
    },
  );
  if (error || !binary) {
    throw new Error(`asc failed: ${error?.message ?? 'no binary'}\n${errors.join('')}`);
  }
  return binary;
}

async function renderBinaryModule(binary) {
  const text = [
    '// GENERATED FILE: do not edit. Written by core/wasm/build.mjs from core/wasm/kernel.ts',
    `// with asc ${ascFlags.join(' ')}. Regenerate with \`npm run build:wasm -w core\`.`,
    '',
    `/** The network kernel's WebAssembly binary (${binary.length} bytes), base64. */`,
    `export const kernelWasmBase64 =\n  '${Buffer.from(binary).toString('base64')}';`,
    '',
  ].join('\n');
  const config = (await resolveConfig(binaryModulePath)) ?? {};
  return format(text, { ...config, parser: 'typescript' });
}

const binary = await compileKernel();
const text = await renderBinaryModule(binary);
const where = path.relative(process.cwd(), binaryModulePath);
if (process.argv.includes('--check')) {
  if (readFileSync(binaryModulePath, 'utf8') !== text) {
    console.error(`${where} is stale: run npm run build:wasm -w core`);
    process.exit(1);
  }
  console.log(`${where} is up to date`);
} else {
  writeFileSync(binaryModulePath, text);
  console.log(`kernel: ${binary.length} bytes; wrote ${where}`);
}
