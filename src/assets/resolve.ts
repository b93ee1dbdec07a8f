import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isInside } from '../paths.js';
import { sanitizeSvg } from './sanitize-svg.js';
import { endsWhole, imageTypes, pixelSize, sniffImageType, type ImageType } from './sniff.js';

/** A local file embedded in the editions, named by its content. */
export interface Asset {
  /** Path inside the edition, e.g. `images/3f2a….png`. */
  href: string;
  mediaType: ImageType;
  /** The file's bytes. */
  bytes: Uint8Array;
  /** Absolute path of the source file (none for an image given in the manuscript itself, as a `data:` URI). */
  source?: string;
  /** What cleaning removed from it (SVG), for diagnostics. */
  removed?: string[];
}

/** Why an asset reference could not be embedded: the message says what to do. */
export interface AssetProblem {
  reason: string;
  rule: 'image-remote' | 'image-missing' | 'image-outside' | 'image-type' | 'image-too-large';
}

/** Largest file embedded, in bytes. */
export const MAX_ASSET_BYTES = 32 * 1024 * 1024;

const typeNames = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP' } as const;

/** Most pixels in an embedded image (a 100-megapixel photo), checked from its header. */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Resolves a `src` written in a manuscript, for the EPUB and the print edition alike. */
export interface AssetResolver {
  resolve(ref: string, fromDir: string): Promise<Asset | AssetProblem>;
}

/** True for a resolved asset, false for a problem. */
export function isAsset(value: Asset | AssetProblem): value is Asset {
  return 'href' in value;
}

/** Converts WebP to PNG (when it has transparency) or JPEG, with sharp loaded on first use. */
async function convertWebp(bytes: Uint8Array): Promise<{ bytes: Uint8Array; mediaType: 'image/png' | 'image/jpeg' } | undefined> {
  try {
    const sharp = (await import('sharp')).default;
    const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS });
    const { hasAlpha } = await image.metadata();
    return hasAlpha
      ? { bytes: await image.png().toBuffer(), mediaType: 'image/png' }
      : { bytes: await image.jpeg({ quality: 90 }).toBuffer(), mediaType: 'image/jpeg' };
  } catch {
    return undefined;
  }
}

/**
 * The one resolver for every asset of a book: accepts only regular files inside `bookRoot` (after
 * resolving symlinks and percent-encoding), or images given in the manuscript as `data:` URIs, of
 * a known image type sniffed from content, under the size limit. Never touches the network.
 * Results are cached per file.
 */
export function createAssetResolver(bookRoot: string): AssetResolver {
  const cache = new Map<string, Promise<Asset | AssetProblem>>();
  let realRoot: Promise<string> | undefined;

  async function load(path: string, ref: string): Promise<Asset | AssetProblem> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      return { rule: 'image-missing', reason: `image "${ref}" not found (looked for ${path})` };
    }
    if (!isInside(await (realRoot ??= realpath(bookRoot)), real)) {
      return { rule: 'image-outside', reason: `image "${ref}" is outside the book's folder; only files inside ${bookRoot} are embedded` };
    }
    const info = await stat(real);
    if (!info.isFile()) return { rule: 'image-missing', reason: `image "${ref}" is not a regular file` };
    if (info.size > MAX_ASSET_BYTES) {
      return { rule: 'image-too-large', reason: `image "${ref}" is ${info.size} bytes; the limit is ${MAX_ASSET_BYTES}` };
    }
    return checked(await readFile(real), ref, real);
  }

  /** An image's bytes checked and made ready to embed: type sniffed, size read, SVG cleaned, WebP converted. */
  async function checked(data: Uint8Array, ref: string, real: string | undefined): Promise<Asset | AssetProblem> {
    let bytes = data;
    const mediaType = sniffImageType(bytes);
    if (mediaType === undefined) {
      return { rule: 'image-type', reason: `"${ref}" is not a PNG, JPEG, GIF or SVG image (checked its content)` };
    }
    if (mediaType !== 'image/svg+xml') {
      const size = pixelSize(bytes, mediaType);
      if (size === undefined || size.width === 0 || size.height === 0) {
        return { rule: 'image-type', reason: `"${ref}" starts like a ${typeNames[mediaType]} image but its header is cut short or damaged; export it again` };
      }
      if (!endsWhole(bytes, mediaType)) {
        return { rule: 'image-type', reason: `"${ref}" is a ${typeNames[mediaType]} image cut short (its end is missing); export it again` };
      }
      if (size.width * size.height > MAX_IMAGE_PIXELS) {
        return { rule: 'image-too-large', reason: `image "${ref}" is ${size.width} × ${size.height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels — scale it down` };
      }
    }
    let finalType: ImageType = mediaType;
    let removed: string[] | undefined;
    if (mediaType === 'image/webp') {
      // EPUB 3.2's core media types do not include WebP: convert (PNG keeps transparency).
      const converted = await convertWebp(bytes);
      if (!converted) return { rule: 'image-type', reason: `"${ref}" is WebP, which EPUB 3 does not allow, and could not be converted; convert it to PNG or JPEG` };
      bytes = converted.bytes;
      finalType = converted.mediaType;
      removed = [`WebP converted to ${converted.mediaType === 'image/png' ? 'PNG' : 'JPEG'} (EPUB 3 does not allow WebP)`];
    }
    if (mediaType === 'image/svg+xml') {
      const clean = sanitizeSvg(bytes);
      if (!clean) return { rule: 'image-type', reason: `"${ref}" is not a well-formed SVG image (or declares entities other than plain text); fix or convert it` };
      bytes = clean.bytes;
      if (clean.removed.length > 0) removed = clean.removed;
    }
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 20);
    return { href: `images/${hash}.${imageTypes[finalType]}`, mediaType: finalType, bytes, ...(real === undefined ? {} : { source: real }), ...(removed ? { removed } : {}) };
  }

  /** An image given as a `data:` URI (pasted into the manuscript): decoded and checked like a file. */
  function inline(ref: string): Promise<Asset | AssetProblem> {
    const label = ref.length > 40 ? `${ref.slice(0, 37)}…` : ref;
    const comma = ref.indexOf(',');
    const base64 = comma !== -1 && /;base64$/i.test(ref.slice(0, comma));
    const data = comma === -1 ? '' : ref.slice(comma + 1);
    let bytes: Uint8Array;
    try {
      if (comma === -1 || (base64 && !/^[A-Za-z0-9+/_\-=\s]*$/.test(data))) throw new Error('malformed');
      bytes = base64 ? Buffer.from(data.replace(/\s+/g, ''), 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
    } catch {
      return Promise.resolve({ rule: 'image-type', reason: `image "${label}" is a data: URI that does not decode; embed the image as a file instead` });
    }
    if (bytes.length > MAX_ASSET_BYTES) return Promise.resolve({ rule: 'image-too-large', reason: `image "${label}" is ${bytes.length} bytes; the limit is ${MAX_ASSET_BYTES}` });
    return checked(bytes, label, undefined);
  }

  return {
    async resolve(ref, fromDir) {
      if (/^data:/i.test(ref)) {
        let pending = cache.get(ref);
        if (pending === undefined) cache.set(ref, (pending = inline(ref)));
        return pending;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) {
        return { rule: 'image-remote', reason: `image "${ref.slice(0, 80)}" is not a local file; Colophon never fetches from the network — download it into the book's folder` };
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(ref.replace(/[?#].*$/, ''));
      } catch {
        return { rule: 'image-missing', reason: `image "${ref}" has invalid percent-encoding` };
      }
      if (decoded.includes('\0')) return { rule: 'image-missing', reason: `image "${ref}" has a NUL in its path` };
      const path = decoded.startsWith('/') ? resolve(bookRoot, '.' + decoded) : resolve(fromDir, decoded);
      let pending = cache.get(path);
      if (pending === undefined) cache.set(path, (pending = load(path, ref)));
      return pending;
    },
  };
}
