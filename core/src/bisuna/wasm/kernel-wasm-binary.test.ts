import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const core = fileURLToPath(new URL('../../../', import.meta.url));

describe('kernel-wasm-binary.ts', () => {
  it('matches a fresh build of core/wasm/kernel.ts (run npm run build:wasm -w core if not)', () => {
    const run = () =>
      execFileSync(process.execPath, ['wasm/build.mjs', '--check'], {
        cwd: core,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run()).toContain('up to date');
  }, 120_000);
});
