/**
 * EVM bytecode inspection: walks opcodes (skipping PUSH data and solc's trailing CBOR metadata) to
 * find the opcodes Theta's EVM refuses or lacks. Theta's ledger (thetatoken/theta-protocol-ledger,
 * `ledger/vm/instructions.go` and `jump_table.go`) runs the Constantinople instruction set plus
 * CHAINID and SELFBALANCE, and answers BLOCKHASH, COINBASE and DIFFICULTY with "not supported".
 */

/** Opcodes a contract must not contain to run on Theta, by byte. */
export const THETA_UNSUPPORTED_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x40, 'BLOCKHASH'],
  [0x41, 'COINBASE'],
  [0x44, 'DIFFICULTY/PREVRANDAO'],
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

/** An opcode found in a contract's creation or runtime code. */
export interface ContractOpcodeHit extends OpcodeHit {
  /** `creation`: the constructor code before the runtime copy; `runtime`: the deployed code. */
  part: 'creation' | 'runtime';
}

/** Thrown when compiled code contains opcodes Theta refuses or lacks. */
export class UnsupportedOpcodeError extends Error {
  override name = 'UnsupportedOpcodeError';
  constructor(
    readonly contractName: string,
    readonly hits: readonly ContractOpcodeHit[],
  ) {
    const list = hits
      .slice(0, 5)
      .map((h) => `${h.name} at ${h.part} byte ${h.offset}`)
      .join(', ');
    super(
      `${contractName} uses ${hits.length} opcode(s) Theta refuses or lacks (${list}${hits.length > 5 ? ', ...' : ''}): compile for istanbul and avoid block.prevrandao/difficulty, blockhash, coinbase, basefee`,
    );
  }
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
  opcodes: ReadonlyMap<number, string> = THETA_UNSUPPORTED_OPCODES,
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

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Opcodes Theta refuses or lacks in a compiled contract: in its runtime code (metadata stripped)
 * and in its creation code. The creation code is the constructor's code followed by a copy of the
 * runtime code (with its metadata) that the constructor returns; the constructor part is walked
 * up to that copy, which is checked as runtime code. When the copy is not found (e.g. immutables
 * filled in differently), the whole creation code is walked, metadata stripped.
 *
 * @example
 * expect(findUnsupportedOpcodes(artifact)).toEqual([]);
 */
export function findUnsupportedOpcodes(
  compiled: { bytecode: string | Uint8Array; deployedBytecode: string | Uint8Array },
  opcodes: ReadonlyMap<number, string> = THETA_UNSUPPORTED_OPCODES,
): ContractOpcodeHit[] {
  const runtime = toBytes(compiled.deployedBytecode);
  const creation = toBytes(compiled.bytecode);
  const at = indexOfBytes(creation, runtime);
  const constructorCode = at >= 0 ? creation.subarray(0, at) : stripMetadata(creation);
  return [
    ...findOpcodes(constructorCode, opcodes).map((h) => ({ ...h, part: 'creation' as const })),
    ...findOpcodes(stripMetadata(runtime), opcodes).map((h) => ({
      ...h,
      part: 'runtime' as const,
    })),
  ];
}

/** Throws {@link UnsupportedOpcodeError} when a compiled contract would not run on Theta. */
export function assertRunsOnTheta(compiled: {
  contractName: string;
  bytecode: string | Uint8Array;
  deployedBytecode: string | Uint8Array;
}): void {
  const hits = findUnsupportedOpcodes(compiled);
  if (hits.length > 0) throw new UnsupportedOpcodeError(compiled.contractName, hits);
}
