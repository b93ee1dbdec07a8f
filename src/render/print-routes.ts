import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import type { Book } from '../book/model.js';
import { isInside } from '../paths.js';
import type { Template } from './template.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** Template files (fonts, stylesheets) already read: every book of a run loads the same ones. */
const servedFiles = new Map<string, Buffer>();

/** What the print page may load: the page itself, the template's files and the book's assets. */
export function printRoutes(html: string, book: Book, template: Template) {
  const assets = new Map(book.assets.map((a) => [`/${a.href}`, a]));
  return async (path: string): Promise<{ body: Uint8Array | string; contentType: string } | undefined> => {
    if (path === '/' || path === '/index.html') return { body: html, contentType: 'text/html; charset=utf-8' };
    const asset = assets.get(path);
    if (asset) return { body: asset.bytes, contentType: asset.mediaType };
    for (const root of template.servedRoots) {
      if (!path.startsWith(root.path)) continue;
      let file: string;
      try {
        file = normalize(root.file + decodeURIComponent(path.slice(root.path.length)));
      } catch {
        return undefined;
      }
      if (!isInside(root.file, file)) return undefined;
      const contentType = TYPES[extname(file).toLowerCase()];
      if (contentType === undefined) return undefined;
      let body = servedFiles.get(file);
      if (body === undefined) {
        body = await readFile(file).catch(() => undefined);
        if (body === undefined) return undefined;
        servedFiles.set(file, body);
      }
      return { body, contentType };
    }
    return undefined;
  };
}

