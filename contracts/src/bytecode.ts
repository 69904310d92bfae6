/**
 * EVM bytecode inspection: walks opcodes (skipping PUSH data and the trailing CBOR metadata) to
 * find opcodes that Theta's EVM (Constantinople plus CHAINID and SELFBALANCE) does not have.
 */

/** Opcodes newer than Theta's EVM, by byte. */
export const THETA_MISSING_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x48, 'BASEFEE'],
  [0x49, 'BLOBHASH'],
  [0x4a, 'BLOBBASEFEE'],
  [0x5c, 'TLOAD'],
  [0x5d, 'TSTORE'],
  [0x5e, 'MCOPY'],
  [0x5f, 'PUSH0'],
]);

/** An opcode found at a byte offset. */
export interface OpcodeHit {
  offset: number;
  opcode: number;
  name: string;
}

function toBytes(code: string | Uint8Array): Uint8Array {
  if (code instanceof Uint8Array) return code;
  const hex = code.startsWith('0x') ? code.slice(2) : code;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw new TypeError('bytecode is not even-length hex');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * The executable part of solc output: without the CBOR metadata whose length is given by the last
 * two bytes (kept whole when those bytes do not describe a plausible trailer).
 */
export function stripMetadata(code: string | Uint8Array): Uint8Array {
  const bytes = toBytes(code);
  if (bytes.length < 2) return bytes;
  const cborLength = ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
  const end = bytes.length - 2 - cborLength;
  // A solc trailer is a CBOR map (major type 5: 0xa0-0xbf).
  if (end < 0 || cborLength === 0 || ((bytes[end] ?? 0) & 0xe0) !== 0xa0) return bytes;
  return bytes.subarray(0, end);
}

/** Every occurrence of the given opcodes in `code`, walking instructions and skipping PUSH data. */
export function findOpcodes(
  code: string | Uint8Array,
  opcodes: ReadonlyMap<number, string> = THETA_MISSING_OPCODES,
): OpcodeHit[] {
  const bytes = toBytes(code);
  const hits: OpcodeHit[] = [];
  for (let pc = 0; pc < bytes.length; pc++) {
    const op = bytes[pc]!;
    const name = opcodes.get(op);
    if (name) hits.push({ offset: pc, opcode: op, name });
    // PUSH1..PUSH32 (0x60..0x7f) carry 1..32 bytes of data.
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return hits;
}
