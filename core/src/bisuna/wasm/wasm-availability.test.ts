import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its instance is created once per realm, on first use). */
async function freshModule() {
  vi.resetModules();
  return import('./wasm-kernel.js');
}

describe('isWasmKernelAvailable', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is false without WebAssembly, and the entry points throw WasmKernelError', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const m = await freshModule();
    expect(m.isWasmKernelAvailable()).toBe(false);
    const plain = new Uint16Array(0);
    const g = { nInputs: 1, nOutputs: 1 } as never;
    expect(() => m.encryptStreamWasm(g, g, plain, plain, null as never)).toThrow(m.WasmKernelError);
  });

  it("is false when compiling is blocked (CSP without 'wasm-unsafe-eval')", async () => {
    const blocked = Object.assign(Object.create(WebAssembly), {
      Module: function () {
        throw new WebAssembly.CompileError('Refused to compile: blocked by CSP');
      },
    });
    vi.stubGlobal('WebAssembly', blocked);
    const m = await freshModule();
    expect(m.isWasmKernelAvailable()).toBe(false);
  });
});
