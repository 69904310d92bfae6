import { describe, expect, it } from 'vitest';
import { compileContract } from '../scripts/solc.js';
import {
  UnsupportedOpcodeError,
  assertRunsOnTheta,
  findOpcodes,
  findUnsupportedOpcodes,
  stripMetadata,
} from '../src/bytecode.js';
import { loadTaskMarketArtifact } from '../src/artifact.js';

describe('findOpcodes', () => {
  it('finds a PUSH0 instruction', () => {
    expect(findOpcodes('0x60015f01')).toEqual([{ offset: 2, opcode: 0x5f, name: 'PUSH0' }]);
  });

  it('skips bytes that are PUSH data, up to PUSH32', () => {
    // PUSH1 0x5f, PUSH2 0x5f40, PUSH32 of 0x44 bytes, then STOP
    expect(findOpcodes(`0x605f615f407f${'44'.repeat(32)}00`)).toEqual([]);
  });

  it('reports every opcode Theta refuses or lacks', () => {
    expect(findOpcodes('0x4041444849 4a5c5d5e5f'.replace(' ', '')).map((h) => h.name)).toEqual([
      'BLOCKHASH',
      'COINBASE',
      'DIFFICULTY/PREVRANDAO',
      'BASEFEE',
      'BLOBHASH',
      'BLOBBASEFEE',
      'TLOAD',
      'TSTORE',
      'MCOPY',
      'PUSH0',
    ]);
  });

  it('rejects malformed hex', () => {
    expect(() => findOpcodes('0x123')).toThrow(TypeError);
  });
});

describe('stripMetadata', () => {
  it('drops a CBOR trailer described by the last two bytes', () => {
    // code 0x6001, CBOR map a1 65 .. (7 bytes), length 0x0007
    expect(Array.from(stripMetadata('0x6001a16568656c6c6f0007'))).toEqual([0x60, 0x01]);
  });

  it('keeps code whose last bytes are no plausible trailer', () => {
    expect(Array.from(stripMetadata('0x5f5ff3'))).toEqual([0x5f, 0x5f, 0xf3]);
  });
});

describe('findUnsupportedOpcodes', () => {
  it('walks the constructor code up to the runtime copy, and the runtime code without metadata', () => {
    // runtime: PUSH1 1, STOP, metadata a1 65 "hello" with a 0x5f inside, length 7
    const runtime = '600100a1655f656c6c6f0007';
    // constructor: PUSH0 (refused), then the runtime copy
    expect(
      findUnsupportedOpcodes({ bytecode: `0x5f${runtime}`, deployedBytecode: `0x${runtime}` }),
    ).toEqual([{ offset: 0, opcode: 0x5f, name: 'PUSH0', part: 'creation' }]);
    // a refused opcode in the runtime part is reported once, as runtime
    const bad = '4100a1655f656c6c6f0007';
    expect(
      findUnsupportedOpcodes({ bytecode: `0x6000${bad}`, deployedBytecode: `0x${bad}` }),
    ).toEqual([{ offset: 0, opcode: 0x41, name: 'COINBASE', part: 'runtime' }]);
  });

  it('finds BLOCKHASH, COINBASE and PREVRANDAO in a contract that reads them', () => {
    const compiled = compileContract('ThetaRefused', ['test/ThetaRefused.sol'], { viaIR: false });
    const names = new Set(findUnsupportedOpcodes(compiled).map((h) => h.name));
    expect(names).toEqual(new Set(['BLOCKHASH', 'COINBASE', 'DIFFICULTY/PREVRANDAO']));
    expect(() => assertRunsOnTheta(compiled)).toThrow(UnsupportedOpcodeError);
  });

  it('finds PUSH0 in both creation and runtime code compiled for a later EVM (cancun)', () => {
    const compiled = compileContract('ThetaRefused', ['test/ThetaRefused.sol'], {
      viaIR: false,
      evmVersion: 'cancun',
    });
    const parts = new Set(
      findUnsupportedOpcodes(compiled)
        .filter((h) => h.name === 'PUSH0')
        .map((h) => h.part),
    );
    expect(parts).toEqual(new Set(['creation', 'runtime']));
  });

  it('finds nothing in TaskMarket’s committed artifact, creation or runtime', () => {
    const artifact = loadTaskMarketArtifact();
    expect(findUnsupportedOpcodes(artifact)).toEqual([]);
    expect(() => assertRunsOnTheta(artifact)).not.toThrow();
    // The runtime copy is found inside the creation code, so the constructor part is walked alone.
    expect(artifact.bytecode.includes(artifact.deployedBytecode.slice(2))).toBe(true);
  });
});
