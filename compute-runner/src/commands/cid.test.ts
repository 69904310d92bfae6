import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { cid } from './cid.js';

const run = (argv: string[]) => runCli(argv, { commands: [cid] });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tem-cid-'));
  mkdirSync(join(dir, 'planets'));
  writeFileSync(join(dir, 'planets', 'mars.txt'), 'Hello Mars!\n');
  writeFileSync(join(dir, 'planets', 'venus.txt'), 'Hello Venus!\n');
  writeFileSync(join(dir, 'planets', '.hidden'), 'skipped like ipfs add -r');
  writeFileSync(join(dir, 'hello.txt'), 'hello world');
  const chunks = Buffer.alloc(600_000);
  for (let i = 0; i < chunks.length; i++) chunks[i] = (i * 7919) % 251;
  writeFileSync(join(dir, 'multi.bin'), chunks);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tem cid', () => {
  it('prints CIDv1 by default and CIDv0 on request (Kubo vectors)', async () => {
    expect(await run(['cid', join(dir, 'hello.txt')])).toMatchObject({
      code: 0,
      stdout: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e\n',
    });
    expect((await run(['cid', join(dir, 'hello.txt'), '--cid-version', '0'])).stdout).toBe(
      'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD\n',
    );
  });

  it('hashes directories as ipfs add -r does (hidden files skipped)', async () => {
    expect((await run(['cid', join(dir, 'planets')])).stdout).toBe(
      'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi\n',
    );
    expect((await run(['cid', join(dir, 'planets'), '--cid-version=0'])).stdout).toBe(
      'QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY\n',
    );
    expect((await run(['cid', join(dir, 'planets'), '--hidden'])).stdout).not.toContain(
      'bafybeih7e5dmk',
    );
  });

  it.skipIf(!existsSync('/usr/bin/ipfs_cid'))(
    'agrees with ipfs_cid on a multi-chunk file',
    async () => {
      const expected = JSON.parse(
        execFileSync('/usr/bin/ipfs_cid', [join(dir, 'multi.bin')], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ).CIDv0;
      expect((await run(['cid', join(dir, 'multi.bin'), '--cid-version', '0'])).stdout).toBe(
        `${expected}\n`,
      );
    },
  );

  it('explains missing paths, symlinks and bad flags', async () => {
    const missing = await run(['cid', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or directory');
    const badVersion = await run(['cid', join(dir, 'hello.txt'), '--cid-version', '2']);
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toContain('--cid-version must be 0 or 1');
    expect((await run(['cid'])).code).toBe(2);
    expect((await run(['cid', 'a', 'b'])).code).toBe(2);
    expect((await run(['cid', join(dir, 'hello.txt'), '--bogus'])).code).toBe(2);
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(join(dir, 'hello.txt'), join(linked, 'link.txt'));
    const symlink = await run(['cid', linked]);
    expect(symlink.code).toBe(1);
    expect(symlink.stderr).toContain('symlink');
  });
});
