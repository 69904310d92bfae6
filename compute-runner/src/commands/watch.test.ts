import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tem/testkit/roles';
import { runCli } from '../test-support/run-cli.js';
import { startLocalMarket, type LocalMarket } from '../test-support/local-market.js';

let local: LocalMarket;
let closedPort: number;
beforeAll(async () => {
  local = await startLocalMarket();
  closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await local?.close();
});

const tem = (argv: string[], env: NodeJS.ProcessEnv) => runCli(argv, { env });

const key = () => local.chain.accounts[ROLES.solver]!.privateKey;
const base = () => [
  'watch',
  '--rpc-url',
  local.chain.rpcUrl,
  '--market',
  local.market,
  '--gateway',
  local.gateway.url,
  '--state-dir',
  '/tmp/tem-watch-cli-test',
  '--once',
];

describe('tem watch refuses to start with a clear message', () => {
  it.each<[string, () => string[], () => NodeJS.ProcessEnv, number, RegExp]>([
    [
      'no RPC URL',
      () => ['watch', '--market', local.market],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /rpcUrl: .*TEM_RPC_URL/,
    ],
    ['no key', base, () => ({}), 1, /no key: set TEM_PRIVATE_KEY/],
    [
      'a malformed key',
      base,
      () => ({ TEM_PRIVATE_KEY: '0xnothex' }),
      1,
      /TEM_PRIVATE_KEY is not a 32-byte hex private key/,
    ],
    [
      'a keystore without its password',
      () => [...base(), '--keystore', '/tmp/k.json'],
      () => ({}),
      1,
      /set TEM_KEYSTORE_PASSWORD/,
    ],
    [
      'an unreachable RPC',
      () => [
        ...base().slice(0, 1),
        '--rpc-url',
        `http://127.0.0.1:${closedPort}`,
        ...base().slice(3),
      ],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /cannot reach the chain at http:\/\/127\.0\.0\.1:\d+/,
    ],
    [
      'an unreachable RPC whose URL carries an API key (not shown)',
      () => [
        ...base().slice(0, 1),
        '--rpc-url',
        `http://127.0.0.1:${closedPort}/v3/SECRET-api-key`,
        ...base().slice(3),
      ],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /cannot reach the chain at http:\/\/127\.0\.0\.1:\d+\/…(?![\s\S]*SECRET-api-key)/,
    ],
    [
      'an address without a contract',
      () => [
        ...base().slice(0, 3),
        '--market',
        local.chain.accounts[5]!.address,
        ...base().slice(5),
      ],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /no contract at 0x/,
    ],
    [
      'an unreachable gateway',
      () => [
        ...base().slice(0, 5),
        '--gateway',
        `http://127.0.0.1:${closedPort}`,
        ...base().slice(7),
      ],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /no IPFS gateway answers/,
    ],
    [
      'a bad thread count',
      () => [...base(), '--threads', 'all'],
      () => ({ TEM_PRIVATE_KEY: key() }),
      2,
      /--threads must be a whole number/,
    ],
    [
      'a bad storage flag',
      () => [...base(), '--storage', 'ftp://x'],
      () => ({ TEM_PRIVATE_KEY: key() }),
      2,
      /--storage must be gateway=URL, kubo=URL or storacha/,
    ],
    [
      'storacha without its secrets',
      () => [...base(), '--storage', 'storacha'],
      () => ({ TEM_PRIVATE_KEY: key() }),
      1,
      /STORACHA_KEY/,
    ],
    [
      'a malformed Storacha key (never echoed)',
      () => [...base(), '--storage', 'storacha'],
      () => ({ TEM_PRIVATE_KEY: key(), STORACHA_KEY: 'SECRET-not-a-key', STORACHA_PROOF: 'x' }),
      1,
      /STORACHA_KEY is not a Storacha agent key(?![\s\S]*SECRET-not-a-key)/,
    ],
    [
      'a bad minimum bounty',
      () => [...base(), '--min-bounty', 'lots'],
      () => ({ TEM_PRIVATE_KEY: key() }),
      2,
      /--min-bounty must be an amount of TFuel/,
    ],
    ['an unknown flag', () => [...base(), '--private-key', '0x00'], () => ({}), 2, /--private-key/],
  ])('%s', async (_label, argv, env, code, message) => {
    const result = await tem(argv(), env());
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr + result.stdout).not.toContain(key().slice(2));
  });
});
