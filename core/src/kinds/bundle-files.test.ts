import { describe, expect, it } from 'vitest';
import { BundleError } from '../scoring/errors.js';
import { manifestFor } from '../scoring/test-support/fixtures.js';
import { manifestBytes } from './bundle-files.js';
import { cipherKind } from './cipher/index.js';
import { defaultMultiplexerSpec, multiplexerKind } from './multiplexer/index.js';
import { TEST_VERIFIER, handMultiplexer6, networkBundle } from './test-support/networks.js';

function rejection(check: () => void): BundleError {
  try {
    check();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

describe("a bundle of another kind's layout", () => {
  const muxSpec = defaultMultiplexerSpec({ ...TEST_VERIFIER, addressBits: 2 });
  const cipherSpec = cipherKind.defaultSpec(TEST_VERIFIER);

  it('is refused by a cipher task as a single-network bundle, saying so', () => {
    const error = rejection(() =>
      cipherKind.checkBundle(cipherSpec, networkBundle([handMultiplexer6()])),
    );
    expect(error.reason).toBe('wrong-shape');
    expect(error.message).toMatch(
      /^manifest\.json is a single-network task's bundle .*network\.dat/,
    );
    expect(error.message).toMatch(
      /this task needs a cipher task's bundle .*alice\.dat and bob\.dat/,
    );
  });

  it('is refused by a single-network task as a cipher bundle, saying so', () => {
    const files = new Map([['manifest.json', manifestBytes(manifestFor(0, 0))]]);
    const error = rejection(() => multiplexerKind.checkBundle(muxSpec, files));
    expect(error.reason).toBe('wrong-shape');
    expect(error.message).toMatch(/^manifest\.json is a cipher task's bundle/);
  });

  it('is still corrupt-dat when the manifest has neither layout or both', () => {
    for (const manifest of [{ schema: 'x' }, { ...manifestFor(0, 0), network: 0 }]) {
      const files = new Map([['manifest.json', manifestBytes(manifest)]]);
      expect(rejection(() => multiplexerKind.checkBundle(muxSpec, files)).reason).toBe(
        'corrupt-dat',
      );
    }
    const garbage = new Map([['manifest.json', new TextEncoder().encode('{not json')]]);
    expect(rejection(() => cipherKind.checkBundle(cipherSpec, garbage)).reason).toBe('corrupt-dat');
  });
});
