import { readFile } from 'node:fs/promises';
import { extname, normalize, sep } from 'node:path';
import type { Browser, HTTPRequest } from 'puppeteer';
import type { Book } from '../book/model.js';
import type { PageGeometry } from './geometry.js';
import { finishPdf } from './pdf-finish.js';
import { printDocument } from './print-document.js';
import type { Template } from './template.js';

/** The print page's origin: a name that never resolves, so nothing can leave the machine. */
export const PRINT_ORIGIN = 'https://book.invalid';

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

/** What the print page may load: the page itself, the template's files and the book's assets. */
function router(html: string, book: Book, template: Template) {
  const assets = new Map(book.assets.map((a) => [`/${a.href}`, a]));
  return async (path: string): Promise<{ body: Uint8Array | string; contentType: string } | undefined> => {
    if (path === '/' || path === '/index.html') return { body: html, contentType: 'text/html; charset=utf-8' };
    const asset = assets.get(path);
    if (asset) return { body: asset.bytes, contentType: asset.mediaType };
    for (const root of template.servedRoots) {
      if (!path.startsWith(root.path)) continue;
      const file = normalize(root.file + decodeURIComponent(path.slice(root.path.length)));
      if (!file.startsWith(root.file) || file.includes(`${sep}..${sep}`)) return undefined;
      const contentType = TYPES[extname(file).toLowerCase()];
      if (contentType === undefined) return undefined;
      try {
        return { body: await readFile(file), contentType };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
}

/** Options of one print. */
export interface PrintOptions {
  geometry: PageGeometry;
  /** Milliseconds before the print is abandoned. */
  timeout: number;
}

/**
 * Prints the book with Chromium: the page is served from a fake origin through request
 * interception (only the book's own files; everything else aborted, navigation included), with
 * JavaScript off. Page size comes from the CSS; bookmarks from the headings; then real metadata.
 */
export async function renderPdf(book: Book, template: Template, browser: Browser, options: PrintOptions): Promise<{ bytes: Uint8Array; pages: number }> {
  const html = printDocument(book, template, options.geometry);
  const route = router(html, book, template);
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      void (async () => {
        const url = new URL(request.url());
        const isNavigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
        const answer = url.origin === PRINT_ORIGIN && (!isNavigation || url.pathname === '/index.html') ? await route(url.pathname) : undefined;
        if (answer) await request.respond({ status: 200, contentType: answer.contentType, body: Buffer.from(answer.body) });
        else await request.abort('blockedbyclient');
      })().catch(() => undefined);
    });
    await page.goto(`${PRINT_ORIGIN}/index.html`, { waitUntil: 'load', timeout: options.timeout });
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: false,
      timeout: options.timeout,
    });
    return await finishPdf(pdf, { meta: book.meta, modified: book.modified, geometry: options.geometry });
  } finally {
    await page.close().catch(() => undefined);
  }
}
