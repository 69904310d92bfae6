import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256, hmacSha256, sha256 } from './sha256.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (s: string) => new TextEncoder().encode(s);
const fromHex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

describe('sha256', () => {
  it('matches the FIPS 180-4 example vectors', () => {
    expect(hex(sha256(utf8('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('equals node:crypto on every length around the block and padding boundaries, in any split', () => {
    for (let len = 0; len < 200; len++) {
      const data = randomBytes(len);
      const want = createHash('sha256').update(data).digest('hex');
      expect(hex(sha256(data))).toBe(want);
      const cut = Math.floor(len / 3);
      expect(
        hex(sha256(data.subarray(0, cut), data.subarray(cut, 2 * cut), data.subarray(2 * cut))),
      ).toBe(want);
    }
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6', () => {
    expect(hex(hmacSha256(new Uint8Array(20).fill(0x0b), utf8('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      hex(
        hmacSha256(
          new Uint8Array(131).fill(0xaa),
          utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
        ),
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('equals node:crypto for random keys and messages', () => {
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(i * 3);
      const msg = randomBytes(i * 7);
      expect(hex(hmacSha256(key, msg))).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
    expect(fromHex('00')).toEqual(Uint8Array.of(0));
  });
});

describe('HmacSha256', () => {
  it('equals node:crypto for short messages under one key', () => {
    for (let i = 0; i < 56; i++) {
      const key = randomBytes(i + 1);
      const msg = randomBytes(i);
      const out = new Uint8Array(32);
      expect(hex(new HmacSha256(key).macShort(msg, out))).toBe(
        createHmac('sha256', key).update(msg).digest('hex'),
      );
    }
  });
});
