/**
 * Compiles the AssemblyScript network kernel (core/wasm/kernel.ts) and renders the generated
 * module that embeds it. Shared by the build script (`npm run build:wasm -w core`) and the test
 * that fails when the committed module is stale.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { format, resolveConfig } from 'prettier';

const wasmDir = path.dirname(fileURLToPath(import.meta.url));

/** Where the generated module is written. */
export const binaryModulePath = path.resolve(wasmDir, '../src/bisuna/wasm/kernel-wasm-binary.ts');

/** asc options: optimised for speed, assertions off, the stub runtime (nothing is allocated). */
export const ascFlags = ['-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort='];

/** Thrown when asc reports an error. */
export class WasmBuildError extends Error {
  override name = 'WasmBuildError';
}

/** The optimised kernel binary. */
export async function compileKernel(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const { error } = await asc.main(
    ['kernel.ts', '--baseDir', wasmDir, '--outFile', 'kernel.wasm', ...ascFlags],
    {
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: { write: (s: Uint8Array | string) => errors.push(String(s)) } as never,
    },
  );
  if (error || !binary) {
    throw new WasmBuildError(`asc failed: ${error?.message ?? 'no binary'}\n${errors.join('')}`);
  }
  return binary;
}

/** The TypeScript module embedding `binary` as base64, formatted with the repo's prettier config. */
export async function renderBinaryModule(binary: Uint8Array): Promise<string> {
  const text = [
    '// GENERATED FILE: do not edit. Written by core/wasm/build.ts from core/wasm/kernel.ts',
    `// with asc ${ascFlags.join(' ')}. Regenerate with \`npm run build:wasm -w core\`.`,
    '',
    `/** The network kernel's WebAssembly binary (${binary.length} bytes), base64. */`,
    `export const kernelWasmBase64 =\n  '${Buffer.from(binary).toString('base64')}';`,
    '',
  ].join('\n');
  const config = (await resolveConfig(binaryModulePath)) ?? {};
  return format(text, { ...config, parser: 'typescript' });
}
