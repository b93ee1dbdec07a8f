import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Book } from './book/model.js';
import type { PageGeometry } from './render/geometry.js';
import { printDocument, type NotesPlacement } from './render/print-document.js';
import { printRoutes } from './render/print-routes.js';
import type { Template } from './render/template.js';

interface Previewed {
  route: ReturnType<typeof printRoutes>;
  version: number;
}

/** Colophon's own script in the preview: reloads the page when its book was rebuilt. */
function reloader(name: string, version: number): string {
  return `<script>(() => { const v = ${version}; setInterval(async () => { try { const r = await fetch(${JSON.stringify(`/__colophon/version/${encodeURIComponent(name)}`)}, { cache: 'no-store' }); if (r.ok && Number(await r.text()) !== v) location.reload(); } catch {} }, 1000); })();</script>`;
}

/**
 * A live preview of the print edition's HTML, on loopback only: `/` lists the books,
 * `/books/<name>/` shows one (open the browser's print preview to see its pages), and the page
 * reloads itself when a rebuild changes the book. It serves what the print page is served: the
 * page, the template's files and the book's own assets, nothing else.
 */
export class PreviewServer {
  readonly #books = new Map<string, Previewed>();
  #server: Server | undefined;

  /** Takes a book's newest state. */
  update(name: string, book: Book, print: { template: Template; geometry: PageGeometry; notes: NotesPlacement }): void {
    const version = (this.#books.get(name)?.version ?? 0) + 1;
    // A browser window has no pages: notes meant for the foot of the page show after each chapter.
    const { html } = printDocument(book, print.template, print.geometry, print.notes === 'page' ? 'chapter' : print.notes, true);
    const page = html.replace(/<\/body>/i, `${reloader(name, version)}</body>`);
    this.#books.set(name, { route: printRoutes(page, book, print.template), version });
  }

  async #answer(path: string): Promise<{ status: number; body: Uint8Array | string; contentType: string }> {
    if (path === '/' || path === '/index.html') {
      const items = [...this.#books.keys()].sort().map((n) => h('li', h('a', { href: `/books/${encodeURIComponent(n)}/` }, n)));
      const page = h(null, [{ type: 'doctype' }, h('meta', { charset: 'utf-8' }), h('title', 'Colophon preview'), h('h1', 'Colophon preview'), h('ul', items)]);
      return { status: 200, contentType: 'text/html; charset=utf-8', body: toHtml(page) };
    }
    const version = /^\/__colophon\/version\/(.+)$/.exec(path);
    if (version) {
      const book = this.#books.get(decodeURIComponent(version[1]!));
      return book ? { status: 200, contentType: 'text/plain', body: String(book.version) } : { status: 404, contentType: 'text/plain', body: 'no such book' };
    }
    const page = /^\/books\/([^/]+)\/(?:index\.html)?$/.exec(path);
    if (page) {
      const book = this.#books.get(decodeURIComponent(page[1]!));
      const answer = await book?.route('/index.html');
      if (answer) return { status: 200, ...answer };
    } else {
      // Template files are the same for every book; assets are named by content hash.
      for (const book of this.#books.values()) {
        const answer = await book.route(path).catch(() => undefined);
        if (answer) return { status: 200, ...answer };
      }
    }
    return { status: 404, contentType: 'text/plain', body: 'not found' };
  }

  /** Starts listening on 127.0.0.1 (port 0: any free port); resolves with the address. */
  listen(port: number): Promise<string> {
    const server = createServer((request, response) => {
      // Only pages asked for by this machine's own name: a web page whose name was pointed at
      // 127.0.0.1 (DNS rebinding) is refused and cannot read the books.
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
        response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
        return;
      }
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      this.#answer(path).then(
        (a) => response.writeHead(a.status, { 'content-type': a.contentType, 'cache-control': 'no-store' }).end(a.body),
        () => response.writeHead(500).end(),
      );
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
