import type { RandomSource } from '../../bisuna/format/genome.js';
import type { NetworkKernel } from '../../bisuna/kernels/network-kernel.js';
import { isWasmKernelAvailable, runCasesWasm } from '../../bisuna/wasm/wasm-kernel.js';

/** The sizes of the multiplexer with `addressBits` address bits. */
export interface MultiplexerShape {
  addressBits: number;
  /** 2^addressBits. */
  dataBits: number;
  /** dataBits + addressBits. */
  inputs: number;
  /** 2^inputs. */
  cases: number;
}

/** The shape of the k-address-bit multiplexer (k = 2: the 6-multiplexer, k = 3: the 11-). */
export function multiplexerShape(addressBits: number): MultiplexerShape {
  const dataBits = 1 << addressBits;
  const inputs = dataBits + addressBits;
  return { addressBits, dataBits, inputs, cases: 2 ** inputs };
}

/**
 * The inputs of case `c`, as the reference presents them (rhvall/BiSUNA `Multiplexer.cpp`):
 * input j is bit j of c, one word 0 or 1; inputs 0 … dataBits−1 are the data bits, the next
 * addressBits the address, least significant bit first.
 */
export function writeCaseInputs(shape: MultiplexerShape, c: number, out: Uint16Array): void {
  // At most 20 inputs (addressBits ≤ 4): c fits the 32-bit operators.
  for (let j = 0; j < shape.inputs; j++) out[j] = (c >>> j) & 1;
}

/** The right answer of case `c`: the data bit the address selects. */
export function caseAnswer(shape: MultiplexerShape, c: number): number {
  return (c >>> (c >>> shape.dataBits)) & 1;
}

/** The network's answer: 1 exactly when its output word is 65535 (the reference's rule). */
export function wordAnswer(word: number): number {
  return word === 65535 ? 1 : 0;
}

/**
 * Runs one case: the network is reset, then stepped `steps` times on the case's inputs; returns
 * its first output word after the last step.
 */
export function runCase(
  kernel: NetworkKernel,
  shape: MultiplexerShape,
  c: number,
  steps: number,
  rng: RandomSource,
  scratch: { inputs: Uint16Array; out: Uint16Array },
): number {
  writeCaseInputs(shape, c, scratch.inputs);
  kernel.reset();
  for (let s = 0; s < steps; s++) kernel.step(scratch.inputs, scratch.out, rng);
  return scratch.out[0]!;
}

/** Scratch words for {@link runCase} with this kernel. */
export function caseScratch(kernel: NetworkKernel): { inputs: Uint16Array; out: Uint16Array } {
  return {
    inputs: new Uint16Array(kernel.nInputs),
    out: new Uint16Array(Math.max(1, kernel.nOutputs)),
  };
}

const inputTables = new Map<number, Uint16Array>();
const sampleTables = new WeakMap<readonly number[], Uint16Array>();

/** Every case's inputs back to back (case c at `c · inputs`), built once per thread and shape. */
export function caseInputTable(shape: MultiplexerShape): Uint16Array {
  let table = inputTables.get(shape.addressBits);
  if (!table) {
    table = inputTableOf(
      shape,
      Array.from({ length: shape.cases }, (_, c) => c),
    );
    inputTables.set(shape.addressBits, table);
  }
  return table;
}

function inputTableOf(shape: MultiplexerShape, cases: readonly number[]): Uint16Array {
  const n = shape.inputs;
  const table = new Uint16Array(cases.length * n);
  cases.forEach((c, i) => writeCaseInputs(shape, c, table.subarray(i * n, (i + 1) * n)));
  return table;
}

/**
 * Runs the cases `sample` lists (all cases, in case order, when null), each from a reset network,
 * Random neurons drawing from `rng` case after case, and writes each one's output word to `outs`
 * (one word per case run). In the WebAssembly kernel where it runs (one call for all cases), else
 * with `kernel`: the same words.
 */
export function runCases(
  kernel: NetworkKernel,
  shape: MultiplexerShape,
  sample: readonly number[] | null,
  steps: number,
  rng: RandomSource,
  outs: Uint16Array,
): void {
  if (isWasmKernelAvailable()) {
    let table = sample ? sampleTables.get(sample) : caseInputTable(shape);
    if (!table) {
      table = inputTableOf(shape, sample!);
      sampleTables.set(sample!, table);
    }
    runCasesWasm(kernel.genome, table, steps, rng, outs);
    return;
  }
  const scratch = caseScratch(kernel);
  const count = sample ? sample.length : shape.cases;
  for (let i = 0; i < count; i++) {
    outs[i] = runCase(kernel, shape, sample ? sample[i]! : i, steps, rng, scratch);
  }
}
