import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryModulePath, compileKernel, renderBinaryModule } from '../../../wasm/generated.js';

describe('kernel-wasm-binary.ts', () => {
  it('matches a fresh build of core/wasm/kernel.ts (run npm run build:wasm -w core if not)', async () => {
    const fresh = await renderBinaryModule(await compileKernel());
    expect(readFileSync(binaryModulePath, 'utf8')).toBe(fresh);
  }, 120_000);
});
