import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BundleError } from './errors.js';
import { loadPair } from './bundle.js';
import { copyModule, datOf, manifestFor, readShared, testSpec } from './test-support/fixtures.js';

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return { reason: (err as BundleError).reason, message: (err as Error).message };
  }
  throw new Error('expected a BundleError');
};

describe('loadPair', () => {
  const spec = testSpec({ small: true });
  /** Networks of the short-key shape: 3 key inputs + the step counter, 3 outputs. */
  const good = datOf([copyModule(3, -1, 1), copyModule(3, -1, 1)]);

  it('returns the manifest pair of well-formed files', () => {
    const { alice, bob } = loadPair(spec, manifestFor(1, 0), good, good);
    expect(alice.module.params.nInputs).toBe(4);
    expect(bob.module.params.nOutputs).toBe(3);
  });

  it('loads the reference U1 population for an otp spec (its agents have P inputs)', () => {
    const alice = readShared('bisuna/U1/alicesCPAbisuna.dat');
    const bob = readShared('bisuna/U1/bobsCPAbisuna.dat');
    const otp = testSpec({ small: true, regime: 'otp' });
    expect(
      loadPair(otp, manifestFor(99, 99), alice, bob).alice.module.neurons.length,
    ).toBeGreaterThan(6);
  });

  it('rejects a P-input Alice for a short-key spec, naming both shapes', () => {
    const alice = readShared('bisuna/U1/alicesCPAbisuna.dat');
    const r = reason(() => loadPair(spec, manifestFor(0, 0), alice, good));
    expect(r.reason).toBe('wrong-shape');
    expect(r.message).toMatch(
      /alice\.dat agent 0 has 3 inputs and 3 outputs; short-key needs 4 inputs \(3 key words \+ a step counter\) and 3 outputs; it uses the otp layout/,
    );
  });

  it('rejects a short-key pair for an otp spec', () => {
    const otp = testSpec({ small: true, regime: 'otp' });
    const r = reason(() => loadPair(otp, manifestFor(0, 0), good, good));
    expect(r.message).toMatch(/has 4 inputs and 3 outputs; otp needs 3 inputs/);
  });

  it('rejects a missing or empty file', () => {
    expect(reason(() => loadPair(spec, manifestFor(), undefined, good))).toMatchObject({
      reason: 'missing-file',
      message: expect.stringContaining('alice.dat'),
    });
    expect(reason(() => loadPair(spec, manifestFor(), good, new Uint8Array(0))).reason).toBe(
      'missing-file',
    );
  });

  it('rejects a corrupt .dat naming the offset', () => {
    const r = reason(() => loadPair(spec, manifestFor(), good.subarray(0, good.length - 3), good));
    expect(r.reason).toBe('corrupt-dat');
    expect(r.message).toMatch(/alice\.dat.*offset/);
  });

  it('rejects a pair index out of range', () => {
    const r = reason(() => loadPair(spec, manifestFor(0, 2), good, good));
    expect(r).toMatchObject({
      reason: 'pair-out-of-range',
      message: expect.stringContaining('pair.bob = 2'),
    });
  });

  it('rejects networks whose shape does not fit payloadWords', () => {
    const four = datOf([copyModule(4, -1, 3)]);
    const r = reason(() => loadPair(spec, manifestFor(), four, good));
    expect(r.reason).toBe('wrong-shape');
    expect(r.message).toMatch(/7 inputs and 4 outputs.*needs 4 inputs.*and 3 outputs/);
  });

  it('rejects files over the spec limit and connections naming missing neurons', () => {
    const small = { ...spec, scoring: { ...spec.scoring, maxBundleBytes: good.length + 10 } };
    expect(reason(() => loadPair(small, manifestFor(), good, good)).reason).toBe('oversized');
    const broken = copyModule(3, -1, 1);
    broken.conns.push({ fromNID: 0, toNID: 40, neuroMod: 65535, weight: 1 });
    expect(reason(() => loadPair(spec, manifestFor(), datOf([broken]), good)).reason).toBe(
      'corrupt-dat',
    );
  });
});

describe('loadPair on corrupted files', () => {
  it('either loads or throws a BundleError, for any byte flips and truncations', () => {
    const spec = testSpec({ small: true });
    const good = datOf([copyModule(3, -1, 1), copyModule(3, 0, 1)]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        fc.nat(good.length),
        (flips, cut) => {
          const bad = good.slice(0, Math.max(1, cut));
          for (const [at, v] of flips) if (at < bad.length) bad[at] = v;
          try {
            loadPair(spec, manifestFor(0, 1), bad, good);
          } catch (err) {
            expect(err).toBeInstanceOf(BundleError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
