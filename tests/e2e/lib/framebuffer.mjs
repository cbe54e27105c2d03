// Reads the live screen of an Xvfb started with `-fbdir DIR`: Xvfb keeps its framebuffer in
// DIR/Xvfb_screen0, an XWD file mapped into memory, so reading that file is a screenshot that
// costs a few milliseconds and no X round trip (ImageMagick's `import` takes ~150 ms), which
// lets the window bench see what was painted within ~10 ms.
import { openSync, readSync, closeSync } from "node:fs";

/** The XWD header of the framebuffer file: geometry and where the pixels start. */
export function openFramebuffer(file) {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(100);
  readSync(fd, head, 0, 100, 0);
  const u32 = (i) => head.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, ncolors] =
    [u32(0), u32(4), u32(5), u32(7), u32(11), u32(12), u32(19)];
  if (bitsPerPixel !== 32) throw new Error(`${file}: ${bitsPerPixel} bits per pixel, expected 32 (use -screen 0 WxHx24)`);
  const offset = headerSize + ncolors * 12;
  const buffer = Buffer.alloc(bytesPerLine * height);
  return {
    width,
    height,
    /** The rows y0..y1 of the screen as they are now (one read of the mapped file). */
    grab(y0 = 0, y1 = height) {
      const len = (y1 - y0) * bytesPerLine;
      readSync(fd, buffer, 0, len, offset + y0 * bytesPerLine);
      return { y0, y1, bytesPerLine, lsb: byteOrder === 0, data: buffer.subarray(0, len) };
    },
    close() { closeSync(fd); },
  };
}

/** Pixels of a grabbed band inside the box whose brightness is below `max` (0–255): text. */
export function darkPixels(band, { x0, x1, y0, y1 }, max = 90) {
  let n = 0;
  for (let y = Math.max(y0, band.y0); y < Math.min(y1, band.y1); y++) {
    const row = (y - band.y0) * band.bytesPerLine;
    for (let x = x0; x < x1; x++) {
      const p = row + x * 4;
      // LSB first: B, G, R, X.
      const [r, g, b] = band.lsb ? [band.data[p + 2], band.data[p + 1], band.data[p]] : [band.data[p + 1], band.data[p + 2], band.data[p + 3]];
      if ((r * 299 + g * 587 + b * 114) / 1000 < max) n++;
    }
  }
  return n;
}

/** A cheap fingerprint of a box of a grabbed band (FNV-1a over its pixels). */
export function fingerprint(band, { x0, x1, y0, y1 }) {
  let h = 0x811c9dc5;
  for (let y = Math.max(y0, band.y0); y < Math.min(y1, band.y1); y++) {
    const row = (y - band.y0) * band.bytesPerLine;
    for (let x = x0; x < x1; x++) {
      h ^= band.data.readUInt32LE(row + x * 4) & 0xffffff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}
