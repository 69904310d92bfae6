import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

// Anvil's first dev key: public knowledge, never a real secret.
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const DEV_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

const tem = (argv: string[], env: NodeJS.ProcessEnv) =>
  runCli(argv, { env: { TEM_KEYSTORE_SCRYPT_N: '1024', ...env } });

describe('tem keys', () => {
  it('imports a key into a keystore and reads its address back, never printing the key', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tem-keys-')), 'key.json');
    const password = 'correct horse battery';
    const imported = await tem(['keys', 'import', '--keystore', path], {
      TEM_PRIVATE_KEY: DEV_KEY,
      TEM_KEYSTORE_PASSWORD: password,
    });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(DEV_ADDRESS);
    expect(imported.stdout + imported.stderr).not.toContain(DEV_KEY.slice(2));
    expect(await readFile(path, 'utf8')).not.toContain(DEV_KEY.slice(2));

    const shown = await tem(['keys', 'address', '--keystore', path], {
      TEM_KEYSTORE_PASSWORD: password,
    });
    expect(shown).toMatchObject({ code: 0, stdout: `${DEV_ADDRESS}\n` });
  });

  it('creates a fresh keystore and refuses to overwrite it without --force', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tem-keys-')), 'key.json');
    const env = { TEM_KEYSTORE_PASSWORD: 'another password' };
    expect((await tem(['keys', 'create', '--keystore', path], env)).code).toBe(0);
    const again = await tem(['keys', 'create', '--keystore', path], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists; pass --force');
  });

  it('says the password is wrong without a stack trace', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tem-keys-')), 'key.json');
    await tem(['keys', 'import', '--keystore', path], {
      TEM_PRIVATE_KEY: DEV_KEY,
      TEM_KEYSTORE_PASSWORD: 'the right one',
    });
    const wrong = await tem(['keys', 'address', '--keystore', path], {
      TEM_KEYSTORE_PASSWORD: 'wrong one!',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      `tem keys: cannot decrypt keystore ${path}: wrong password or damaged file\n`,
    );
  });

  it.each([
    [['keys'], {}, 2, 'name an action'],
    [['keys', 'address'], {}, 1, 'no key: set TEM_PRIVATE_KEY'],
    [['keys', 'address'], { TEM_PRIVATE_KEY: '0x1234' }, 1, 'not a 32-byte hex private key'],
    [
      ['keys', 'address', '--keystore', '/nonexistent/k.json'],
      { TEM_KEYSTORE_PASSWORD: 'xxxxxxxx' },
      1,
      'cannot read keystore',
    ],
    [['keys', 'address', '--keystore', '/x.json'], {}, 1, 'set TEM_KEYSTORE_PASSWORD'],
    [['keys', 'create'], { TEM_KEYSTORE_PASSWORD: 'xxxxxxxx' }, 2, '--keystore FILE'],
  ])('rejects %j with a clear message', async (argv, env, code, message) => {
    const result = await tem(argv as string[], env as NodeJS.ProcessEnv);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('derives the address from TEM_PRIVATE_KEY without a keystore', async () => {
    const result = await tem(['keys', 'address'], { TEM_PRIVATE_KEY: DEV_KEY });
    expect(result).toMatchObject({ code: 0, stdout: `${DEV_ADDRESS}\n` });
  });
});
