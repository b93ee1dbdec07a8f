import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { imageTypes, sniffImageType, type ImageType } from './sniff.js';

/** A local file embedded in the editions, named by its content. */
export interface Asset {
  /** Path inside the edition, e.g. `images/3f2a….png`. */
  href: string;
  mediaType: ImageType;
  /** The file's bytes. */
  bytes: Uint8Array;
  /** Absolute path of the source file. */
  source: string;
}

/** Why an asset reference could not be embedded: the message says what to do. */
export interface AssetProblem {
  reason: string;
  rule: 'image-remote' | 'image-missing' | 'image-outside' | 'image-type' | 'image-too-large';
}

/** Largest file embedded, in bytes. */
export const MAX_ASSET_BYTES = 32 * 1024 * 1024;

/** Resolves a `src` written in a manuscript, for the EPUB and the print edition alike. */
export interface AssetResolver {
  resolve(ref: string, fromDir: string): Promise<Asset | AssetProblem>;
}

/** True for a resolved asset, false for a problem. */
export function isAsset(value: Asset | AssetProblem): value is Asset {
  return 'href' in value;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The one resolver for every asset of a book: accepts only regular files inside `bookRoot` (after
 * resolving symlinks and percent-encoding), of a known image type sniffed from content, under the
 * size limit. Never touches the network. Results are cached per file.
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
    if (!inside(await (realRoot ??= realpath(bookRoot)), real)) {
      return { rule: 'image-outside', reason: `image "${ref}" is outside the book's folder; only files inside ${bookRoot} are embedded` };
    }
    const info = await stat(real);
    if (!info.isFile()) return { rule: 'image-missing', reason: `image "${ref}" is not a regular file` };
    if (info.size > MAX_ASSET_BYTES) {
      return { rule: 'image-too-large', reason: `image "${ref}" is ${info.size} bytes; the limit is ${MAX_ASSET_BYTES}` };
    }
    const bytes = await readFile(real);
    const mediaType = sniffImageType(bytes);
    if (mediaType === undefined) {
      return { rule: 'image-type', reason: `"${ref}" is not a PNG, JPEG, GIF or SVG image (checked its content)` };
    }
    if (mediaType === 'image/webp') {
      return { rule: 'image-type', reason: `"${ref}" is WebP, which EPUB 3 does not allow; convert it to PNG or JPEG` };
    }
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 20);
    return { href: `images/${hash}.${imageTypes[mediaType]}`, mediaType, bytes, source: real };
  }

  return {
    async resolve(ref, fromDir) {
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
