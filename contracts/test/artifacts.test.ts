import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abiModulePath,
  artifactPath,
  renderAbiModule,
  renderArtifact,
} from '../scripts/generated.js';
import { compileTaskMarket } from '../scripts/solc.js';
import { findUnsupportedOpcodes } from '../src/bytecode.js';
import {
  type AnvilChain,
  deployTaskMarket,
  loadTaskMarketArtifact,
  startAnvil,
} from '../src/index.js';

describe('generated files', () => {
  it('task-market-abi.generated.ts and TaskMarket.json match a fresh compile (run npm run compile:contracts if not)', async () => {
    const compiled = compileTaskMarket();
    expect(readFileSync(abiModulePath, 'utf8')).toBe(await renderAbiModule(compiled));
    expect(readFileSync(artifactPath, 'utf8')).toBe(await renderArtifact(compiled));
  }, 120_000);

  it('records evmVersion istanbul and the optimizer in the artifact', () => {
    const { compiler } = loadTaskMarketArtifact();
    expect(compiler.settings).toMatchObject({
      evmVersion: 'istanbul',
      optimizer: { enabled: true },
    });
    expect(compiler.version).toMatch(/^0\.8\.30\+/);
  });
});

describe('bytecode runs on Theta', () => {
  let chain: AnvilChain;
  beforeAll(async () => {
    chain = await startAnvil();
  });
  afterAll(async () => {
    await chain?.stop();
  });

  it('has no opcode Theta refuses or lacks in the artifact, creation or runtime', () => {
    expect(findUnsupportedOpcodes(loadTaskMarketArtifact())).toEqual([]);
  });

  it('has none in the code deployed on chain (immutables filled in)', async () => {
    const { address } = await deployTaskMarket(chain.wallet(0));
    const code = await chain.provider.getCode(address);
    expect(code.length).toBeGreaterThan(1000);
    expect(
      findUnsupportedOpcodes({
        bytecode: loadTaskMarketArtifact().bytecode,
        deployedBytecode: code,
      }),
    ).toEqual([]);
  });
});
