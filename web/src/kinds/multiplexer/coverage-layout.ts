/**
 * Where each case of a multiplexer's truth table sits on the coverage grid: one band per address
 * (the data bit it selects), the data patterns of that address in rows of `columns` cells.
 */
export interface CoverageLayout {
  addresses: number;
  /** Data patterns per address (2^(2^k)). */
  patterns: number;
  columns: number;
  /** Rows of cells per address band. */
  rowsPerAddress: number;
  cellWidth: number;
  cellHeight: number;
  /** Pixels between address bands. */
  gap: number;
  width: number;
  height: number;
}

/** The grid of the k-address-bit multiplexer (k = 1 … 4), at most about 1,024 pixels wide. */
export function coverageLayout(addressBits: number): CoverageLayout {
  const addresses = 2 ** addressBits;
  const patterns = 2 ** addresses;
  const columns = Math.min(patterns, addressBits >= 4 ? 1024 : 256);
  const rowsPerAddress = patterns / columns;
  const cellWidth = Math.max(1, Math.min(24, Math.floor(768 / columns)));
  const cellHeight = rowsPerAddress === 1 ? Math.max(cellWidth, 14) : cellWidth;
  const gap = 2;
  return {
    addresses,
    patterns,
    columns,
    rowsPerAddress,
    cellWidth,
    cellHeight,
    gap,
    width: columns * cellWidth,
    height: addresses * (rowsPerAddress * cellHeight + gap) - gap,
  };
}

/**
 * The case at data pattern `d` of address `a`: inputs 0 … 2^k − 1 are the data bits, the next k
 * the address (core's `writeCaseInputs`), so case = d + a·2^(2^k).
 */
export const caseAt = (layout: CoverageLayout, a: number, d: number) => d + a * layout.patterns;

/** Cases right per address: each address's band on the grid, counted. */
export function rightPerAddress(layout: CoverageLayout, right: Uint8Array): number[] {
  const counts = new Array<number>(layout.addresses).fill(0);
  for (let a = 0; a < layout.addresses; a++) {
    for (let d = 0; d < layout.patterns; d++) counts[a]! += right[caseAt(layout, a, d)] ?? 0;
  }
  return counts;
}
