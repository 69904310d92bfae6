import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_KINDS, kindOf, parseAnyTaskSpec } from '@tem/core/kinds';
import { HelpRequested, USAGE, parseDevnetConfig, repoRoot } from './config.js';
import { demoKind } from './demo-kinds.js';

describe('npm start flags and env vars', () => {
  it('defaults to the fixed ports and .devnet in the repository', () => {
    const config = parseDevnetConfig([], {});
    expect(config).toMatchObject({ once: false, fresh: false, blockTime: 1 });
    expect(config.dataDir).toBe(path.join(repoRoot, '.devnet'));
    expect(Object.values(config.ports).map((p) => [p.port, p.envVar])).toEqual([
      [8545, 'TEM_ANVIL_PORT'],
      [8080, 'TEM_GATEWAY_PORT'],
      [8888, 'TEM_FUNCTIONS_PORT'],
      [8889, 'TEM_FUNCTIONS_PORT_2'],
      [8890, 'TEM_FUNCTIONS_PORT_3'],
    ]);
  });

  it('reads --once, --fresh and the env overrides', () => {
    const config = parseDevnetConfig(['--once', '--fresh'], {
      TEM_ANVIL_PORT: '9545',
      TEM_DEVNET_DIR: '/tmp/x',
      TEM_BLOCK_TIME: '2',
    });
    expect(config).toMatchObject({ once: true, fresh: true, dataDir: '/tmp/x', blockTime: 2 });
    expect(config.ports.anvil.port).toBe(9545);
  });

  it('puts the Theta RPC double in front of anvil with --theta-rpc or TEM_THETA_RPC=1', () => {
    expect(parseDevnetConfig([], {}).thetaRpc).toBe(false);
    for (const config of [
      parseDevnetConfig(['--once', '--theta-rpc'], {}),
      parseDevnetConfig([], { TEM_THETA_RPC: '1', TEM_THETA_RPC_PORT: '19999' }),
    ]) {
      expect(config.thetaRpc).toBe(true);
      expect(config.ports.thetaRpc?.envVar).toBe('TEM_THETA_RPC_PORT');
    }
    expect(parseDevnetConfig(['--theta-rpc'], {}).ports.thetaRpc?.port).toBe(18888);
    expect(() => parseDevnetConfig([], { TEM_THETA_RPC: 'yes' })).toThrow(/TEM_THETA_RPC='yes'/);
  });

  it('runs the cipher demo by default, and the kinds --kind names (comma-separated or repeated)', () => {
    expect(parseDevnetConfig([], {}).kinds.map((k) => k.id)).toEqual(['bisuna-cipher']);
    expect(parseDevnetConfig(['--kind', 'multiplexer'], {}).kinds.map((k) => k.id)).toEqual([
      'bisuna-multiplexer',
    ]);
    expect(
      parseDevnetConfig(
        ['--kind', 'multiplexer,double-pole', '--kind', 'bisuna-cipher'],
        {},
      ).kinds.map((k) => k.id),
    ).toEqual(['bisuna-multiplexer', 'bisuna-double-pole', 'bisuna-cipher']);
    expect(() => parseDevnetConfig(['--kind', 'chess'], {})).toThrow(
      "config: --kind 'chess' is not a task kind with a demo (cipher, multiplexer, double-pole)",
    );
    expect(() => parseDevnetConfig(['--kind'], {})).toThrow(/--kind/);
    expect(USAGE).toContain('--kind');
  });

  it('has a demo spec of every kind, valid for its kind', () => {
    for (const kind of TASK_KINDS) {
      const demo = demoKind(kind.id);
      const spec = demo.spec({
        url: 'http://127.0.0.1:8888/api/verify',
        address: `0x${'12'.repeat(20)}`,
      });
      expect(kindOf(spec)).toBe(kind);
      expect(parseAnyTaskSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    }
  });

  it('names the variable or flag at fault', () => {
    expect(() => parseDevnetConfig([], { TEM_GATEWAY_PORT: '80x' })).toThrow(
      "config: TEM_GATEWAY_PORT='80x' is not a port (1 to 65535)",
    );
    expect(() => parseDevnetConfig([], { TEM_FUNCTIONS_PORT: '70000' })).toThrow(
      /TEM_FUNCTIONS_PORT/,
    );
    expect(() => parseDevnetConfig([], { TEM_BLOCK_TIME: '0' })).toThrow(/TEM_BLOCK_TIME='0'/);
    expect(() => parseDevnetConfig(['--forever'], {})).toThrow(/--forever/);
    expect(() => parseDevnetConfig(['--help'], {})).toThrow(HelpRequested);
    expect(USAGE).toContain('--once');
  });
});
