import { EncryptionInputError } from './errors.js';

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const COLOR_HEADER = 84;

/** A BMP as the reference's `BMPHandler` sees it: canonical headers and the pixel bytes without row padding. */
export interface BmpImage {
  /** Canonical file + info (+ colour for 32 bpp) headers, rewritten like the reference does. */
  headers: Uint8Array;
  width: number;
  height: number;
  bitCount: number;
  /** width * height * bitCount / 8 pixel bytes, rows bottom-up, padding removed. */
  data: Uint8Array;
  /** Padding bytes after each row, as the reference handles it (only when width % 4 != 0). */
  rowPadding: number;
}

/**
 * Parses a BMP like the reference (spec §11.4): 24 or 32 bpp, positive height, row padding
 * skipped when `width % 4 != 0`; headers rewritten canonically. Throws EncryptionInputError.
 */
export function readBmp(bytes: Uint8Array): BmpImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < FILE_HEADER + INFO_HEADER || view.getUint16(0, true) !== 0x4d42) {
    throw new EncryptionInputError('not a BMP file (no BM header)');
  }
  const offsetData = view.getUint32(10, true);
  const infoSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const height = view.getInt32(22, true);
  const bitCount = view.getUint16(28, true);
  if (bitCount !== 24 && bitCount !== 32) {
    throw new EncryptionInputError(
      `BMP has ${bitCount} bits per pixel; only 24 and 32 are supported`,
    );
  }
  if (height <= 0 || width <= 0) {
    throw new EncryptionInputError(
      `BMP size ${width}x${height}: width and height must be positive`,
    );
  }
  const headerSize = FILE_HEADER + INFO_HEADER + (bitCount === 32 ? COLOR_HEADER : 0);
  const headers = new Uint8Array(headerSize);
  headers.set(bytes.subarray(0, FILE_HEADER + INFO_HEADER));
  if (bitCount === 32) {
    if (infoSize < INFO_HEADER + COLOR_HEADER || bytes.length < headerSize) {
      throw new EncryptionInputError('32-bit BMP without colour masks');
    }
    const masks = [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000, 0x73524742];
    masks.forEach((m, i) => {
      if (view.getUint32(54 + 4 * i, true) !== m >>> 0) {
        throw new EncryptionInputError('32-bit BMP is not BGRA sRGB');
      }
    });
    headers.set(bytes.subarray(54, 54 + COLOR_HEADER), 54);
  }
  const rowStride = (width * bitCount) / 8;
  const rowPadding = width % 4 === 0 ? 0 : (4 - (rowStride % 4)) % 4;
  const dataSize = rowStride * height;
  const needed = offsetData + (rowStride + rowPadding) * height - rowPadding;
  if (offsetData > bytes.length || needed > bytes.length) {
    throw new EncryptionInputError(
      `BMP pixel data truncated: ${width}x${height}x${bitCount} needs ${needed} bytes, file has ${bytes.length}`,
    );
  }
  const data = new Uint8Array(dataSize);
  for (let y = 0; y < height; y++) {
    const from = offsetData + y * (rowStride + rowPadding);
    data.set(bytes.subarray(from, from + rowStride), y * rowStride);
  }
  const hv = new DataView(headers.buffer);
  hv.setUint32(14, bitCount === 32 ? INFO_HEADER + COLOR_HEADER : INFO_HEADER, true);
  hv.setUint32(10, headerSize, true);
  hv.setUint32(2, headerSize + dataSize + height * rowPadding, true);
  return { headers, width, height, bitCount, data, rowPadding };
}

/** Writes `image` with replaced pixel bytes `data` (same length), padding rows with zeros. */
export function writeBmp(image: BmpImage, data: Uint8Array): Uint8Array {
  const rowStride = (image.width * image.bitCount) / 8;
  const out = new Uint8Array(image.headers.length + (rowStride + image.rowPadding) * image.height);
  out.set(image.headers);
  for (let y = 0; y < image.height; y++) {
    out.set(
      data.subarray(y * rowStride, (y + 1) * rowStride),
      image.headers.length + y * (rowStride + image.rowPadding),
    );
  }
  return out;
}
