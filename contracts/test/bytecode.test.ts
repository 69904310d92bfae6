import { describe, expect, it } from 'vitest';
import { findOpcodes, stripMetadata } from '../src/bytecode.js';

describe('findOpcodes', () => {
  it('finds a PUSH0 instruction', () => {
    expect(findOpcodes('0x60015f01')).toEqual([{ offset: 2, opcode: 0x5f, name: 'PUSH0' }]);
  });

  it('skips 0x5f bytes that are PUSH data', () => {
    // PUSH1 0x5f, PUSH2 0x5f5f, PUSH32 of 0x5f bytes
    expect(findOpcodes(`0x605f615f5f7f${'5f'.repeat(32)}00`)).toEqual([]);
  });

  it('reports MCOPY, TSTORE, TLOAD and BASEFEE', () => {
    expect(findOpcodes('0x5e5d5c48').map((h) => h.name)).toEqual([
      'MCOPY',
      'TSTORE',
      'TLOAD',
      'BASEFEE',
    ]);
  });

  it('rejects malformed hex', () => {
    expect(() => findOpcodes('0x123')).toThrow(TypeError);
  });
});

describe('stripMetadata', () => {
  it('drops a CBOR trailer described by the last two bytes', () => {
    // code 0x6001, CBOR map a1 65 .. (7 bytes), length 0x0007
    const code = '0x6001a16568656c6c6f0007';
    expect(Array.from(stripMetadata(code))).toEqual([0x60, 0x01]);
  });

  it('keeps code whose last bytes are no plausible trailer', () => {
    expect(Array.from(stripMetadata('0x5f5ff3'))).toEqual([0x5f, 0x5f, 0xf3]);
  });
});
