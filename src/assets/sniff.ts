/** Media types Colophon embeds, with the file extension it gives them. */
export const imageTypes = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
} as const;

/** A media type Colophon recognises. */
export type ImageType = keyof typeof imageTypes;

function startsWith(bytes: Uint8Array, signature: ReadonlyArray<number>, at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** Tells an image's type from its first bytes (never from its name); undefined when unknown. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 65536));
  // An SVG may open with a BOM, an XML declaration, comments or a DOCTYPE (with an internal subset
  // in brackets, as Illustrator writes) before its root.
  const rest = head.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[^\]]*\])*>)\s*)*/i, '');
  if (/^<svg[\s>]/i.test(rest)) return 'image/svg+xml';
  return undefined;
}

/** Pixel dimensions read from an image's header, without decoding it. */
export interface PixelSize {
  width: number;
  height: number;
}

function jpegSize(b: Uint8Array): PixelSize | undefined {
  // Walk the marker segments up to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC).
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (length < 2) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    i += 2 + length;
  }
  return undefined;
}

function webpSize(b: Uint8Array): PixelSize | undefined {
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  const le = (at: number, n: number) => b.subarray(at, at + n).reduceRight((v, x) => v * 256 + x, 0);
  if (chunk === 'VP8 ' && b.length >= 30) return { width: le(26, 2) & 0x3fff, height: le(28, 2) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = le(21, 4);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) return { width: le(24, 3) + 1, height: le(27, 3) + 1 };
  return undefined;
}

/**
 * An image's pixel size from its header (PNG, JPEG, GIF, WebP), so that a decompression bomb is
 * refused before anything decodes it; undefined when the header is missing or cut short (a
 * corrupt or lying file). SVG has no pixel size.
 */
export function pixelSize(bytes: Uint8Array, type: Exclude<ImageType, 'image/svg+xml'>): PixelSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'image/png':
      return bytes.length >= 24 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR' ? { width: view.getUint32(16), height: view.getUint32(20) } : undefined;
    case 'image/gif':
      return bytes.length >= 10 ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : undefined;
    case 'image/jpeg':
      return jpegSize(bytes);
    case 'image/webp':
      return webpSize(bytes);
  }
}

/**
 * Whether an image file ends as its format ends (PNG's IEND chunk, JPEG's EOI marker, GIF's
 * trailer): a file cut short in transfer starts well and is refused by EPUB checkers. JPEG and GIF
 * writers may pad after the end mark, so a little trailing data is allowed.
 */
export function endsWhole(bytes: Uint8Array, type: Exclude<ImageType, 'image/svg+xml'>): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).subarray(Math.max(0, bytes.length - 1024));
  switch (type) {
    case 'image/png':
      return tail.includes(Buffer.from('IEND', 'latin1'));
    case 'image/jpeg':
      return tail.includes(Buffer.from([0xff, 0xd9]));
    case 'image/gif': {
      // Its last byte, past any zero padding (0x3B occurs anywhere in image data).
      let end = tail.length - 1;
      while (end > 0 && tail[end] === 0) end--;
      return tail[end] === 0x3b;
    }
    default:
      return true;
  }
}
