import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_CONFIG, parseSiteConfig } from '../config/index.js';
import { nodeCommands } from './node-commands.js';

describe('the edge-node commands on the home page', () => {
  it("take the deployment's chain, market, gateway and upload gateway", () => {
    const config = parseSiteConfig({
      chainId: 366,
      rpcUrl: 'http://127.0.0.1:8545',
      marketAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      gateways: ['http://127.0.0.1:8080'],
      uploadUrl: 'http://127.0.0.1:8080',
    });
    const c = nodeCommands(config);
    expect(c.watch).toContain('npx tem watch');
    expect(c.watch).toContain('--rpc-url http://127.0.0.1:8545');
    expect(c.watch).toContain('--market 0x5FbDB2315678afecb367f032d93F642f64180aa3');
    expect(c.watch).toContain('--storage gateway=http://127.0.0.1:8080');
    expect(c.watch).not.toContain('STORACHA');
    expect(c.container).toContain(
      '-e TEM_MARKET_ADDRESS=0x5FbDB2315678afecb367f032d93F642f64180aa3',
    );
    expect(c.keys).toContain('tem keys create');
  });

  it('upload to Storacha where the deployment has no upload gateway, secrets as placeholders', () => {
    const c = nodeCommands({ ...DEFAULT_SITE_CONFIG, marketAddress: null });
    expect(c.watch).toContain('--storage storacha');
    expect(c.watch).toContain('STORACHA_KEY=…');
    expect(c.watch).toContain('--market 0x…');
    expect(c.container).toContain('-e STORACHA_KEY -e STORACHA_PROOF');
    expect(`${c.keys}${c.watch}${c.container}`).not.toMatch(/0x[0-9a-f]{64}/i);
  });
});
