import type { BmpImage } from '@tem/core/bisuna';

/**
 * Paints BMP pixel bytes (rows bottom-up, BGR or BGRA, padding removed, as `readBmp` gives them)
 * onto a canvas. `data` may be the original pixels or a ciphertext of the same length.
 */
export function paintBmp(canvas: HTMLCanvasElement, image: BmpImage, data: Uint8Array): void {
  const { width, height } = image;
  const bytesPerPixel = image.bitCount / 8;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const pixels = context.createImageData(width, height);
  for (let y = 0; y < height; y++) {
    const row = (height - 1 - y) * width * bytesPerPixel;
    for (let x = 0; x < width; x++) {
      const src = row + x * bytesPerPixel;
      const dst = (y * width + x) * 4;
      pixels.data[dst] = data[src + 2] ?? 0;
      pixels.data[dst + 1] = data[src + 1] ?? 0;
      pixels.data[dst + 2] = data[src] ?? 0;
      pixels.data[dst + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
}
