import { ScoringInputError } from './errors.js';

/**
 * The pixel bytes of a 24- or 32-bit uncompressed BMP as u16 words, paired big-endian
 * (`hi << 8 | lo`) the way the reference's BMP mode reads them (spec §11.4); row padding to 4 bytes
 * is skipped, and an odd last byte is dropped.
 */
export function bmpPixelWords(bytes: Uint8Array, name = 'BMP'): Uint16Array {
  const fail = (why: string): never => {
    throw new ScoringInputError(`${name}: ${why}`);
  };
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d)
    fail('not a BMP file (no BM header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (bpp !== 24 && bpp !== 32) fail(`${bpp} bits per pixel; only 24 and 32 are supported`);
  if (compression !== 0 && compression !== 3) fail(`compression ${compression} is not supported`);
  if (width <= 0 || height <= 0) fail(`width ${width} and height ${height} must be positive`);
  const rowBytes = (width * bpp) / 8;
  const stride = Math.ceil(rowBytes / 4) * 4;
  if (offset + stride * (height - 1) + rowBytes > bytes.length) {
    fail(
      `pixel data (${height} rows of ${stride} bytes at offset ${offset}) runs past the end (${bytes.length} bytes)`,
    );
  }
  const pixels = new Uint8Array(rowBytes * height);
  for (let r = 0; r < height; r++) {
    pixels.set(bytes.subarray(offset + r * stride, offset + r * stride + rowBytes), r * rowBytes);
  }
  const out = new Uint16Array(pixels.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = (pixels[2 * i]! << 8) | pixels[2 * i + 1]!;
  return out;
}
