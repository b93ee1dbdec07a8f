import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { launchBrowser } from './browser.js';
import type { Book } from '../book/model.js';
import { textBlock, type PageGeometry } from './geometry.js';
import { directionOf } from './epub-documents.js';
import { layoutPageNotes, type PageNotesGeometry } from './page-notes.js';
import { loadBookFonts } from './print-fonts.js';
import { fitFrontMatter } from './fit-front-matter.js';
import { fitWide } from './fit-wide.js';
import { settleWithin } from '../timeout.js';
import { PDFDocument } from 'pdf-lib';
import { finishPdf, stripSoftHyphens, type OutlineHeading } from './pdf-finish.js';
import { printDocument, type NotesPlacement } from './print-document.js';
import { printRoutes } from './print-routes.js';
import { overlayDocument } from './print-overlay.js';
import { addPageList, planPages, type PagePlan, type PrintedFront } from './print-plan.js';
import { quickDocument } from './pdf-quick.js';
import type { Template } from './template.js';
import { notedTitle } from './title-block.js';

/** The print page's origin: a name that never resolves, so nothing can leave the machine. */
export const PRINT_ORIGIN = 'https://book.invalid';

/**
 * The headings the PDF's bookmarks are made from, in order, each with the level its bookmark
 * takes: a one-chapter book's title first; each chapter's highest heading at the top level; a
 * sub-chapter's (nested in SUMMARY.md) one level further in per step of nesting, under the
 * chapter it belongs to.
 */
function outlineHeadings(book: Book, front: PrintedFront): OutlineHeading[] {
  const noted = book.singleChapter && book.chapters[0] ? notedTitle(book.meta, book.chapters[0].tree) : undefined;
  const title: OutlineHeading[] = noted === undefined ? [] : [{ depth: 1, id: 'title', text: book.meta.title, noted, level: 1 }];
  // The edition's own headings too: the contents before the chapters, the book's notes after them
  // (with a heading per chapter that has notes).
  const own = (text: string, id: string, level = 1): OutlineHeading => ({ depth: level as OutlineHeading['depth'], id, text, level });
  const contents = front.contents ? [own(front.contentsTitle, 'contents')] : [];
  // A chapter's highest heading is its top bookmark, whatever its level (a chapter of `##` headings
  // must not fall under the one before); a sub-chapter's go one level further in per step of nesting.
  // (A one-chapter book's headings go under its title.)
  // SUMMARY.md's parts are bookmarks too, each over its chapters (opening at its first heading).
  let part: string | undefined;
  const chapters = book.chapters.flatMap((c) => {
    const top = Math.min(...c.headings.map((h) => h.depth));
    const inPart = c.part === undefined ? 0 : 1;
    return c.headings.map((h): OutlineHeading => {
      const opens = c.part !== undefined && c.part !== part ? c.part : undefined;
      if (opens !== undefined) part = opens;
      return { ...h, level: h.depth - top + 1 + c.depth + title.length + inPart, ...(opens === undefined ? {} : { part: opens }) };
    });
  });
  const extra = front.extra.flatMap((e) => [own(e.title, e.id), ...(e.headings ?? []).map((text) => own(text, '', 2))]);
  return [...title, ...contents, ...chapters, ...extra];
}

/** Options of one print. */
export interface PrintOptions {
  geometry: PageGeometry;
  /** Milliseconds before the print is abandoned. */
  timeout: number;
  /** Where notes go (default: at the foot of the page). */
  notes?: NotesPlacement;
}

type Route = ReturnType<typeof printRoutes>;

/**
 * Prints books with one Chromium, started on first use, reusing its pages (opening a page costs
 * more than printing a short book). Each page is served from a fake origin through request
 * interception (only the current book's own files; everything else aborted, navigation included)
 * with JavaScript off. A browser that crashes or is killed is replaced and the book retried once.
 */
export class Printer {
  #browser: Promise<Browser> | undefined;
  #idle: Page[] = [];
  readonly #routes = new WeakMap<Page, Route>();

  constructor(readonly executablePath: string) {}

  /** Starts the browser now, if it is not running yet, so a later print does not wait for it. */
  warm(): void {
    this.#browser ??= launchBrowser(this.executablePath);
    // A failed launch is reported by the print that needs it.
    this.#browser.catch(() => undefined);
  }

  async #page(): Promise<Page> {
    for (let page = this.#idle.pop(); page; page = this.#idle.pop()) if (!page.isClosed()) return page;
    const browser = await (this.#browser ??= launchBrowser(this.executablePath));
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      void (async () => {
        const url = new URL(request.url());
        const isNavigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
        const route = this.#routes.get(page);
        // Anything not answered, including a request that made the router fail, is aborted (never left hanging).
        const answer = route && url.origin === PRINT_ORIGIN && (!isNavigation || url.pathname === '/index.html') ? await route(url.pathname).catch(() => undefined) : undefined;
        if (answer) await request.respond({ status: 200, contentType: answer.contentType, body: Buffer.from(answer.body) });
        else await request.abort('blockedbyclient');
      })().catch(() => request.abort('failed').catch(() => undefined));
    });
    // One navigation per page, to an empty document of the print origin: each book is then written
    // into it (setContent), which is about ten times cheaper than navigating (10 ms against 100 ms
    // here), and its files still come from the same origin, through the same interception.
    this.#routes.set(page, async (path) => (path === '/index.html' ? { body: '<!DOCTYPE html><title></title>', contentType: 'text/html; charset=utf-8' } : undefined));
    try {
      await page.goto(`${PRINT_ORIGIN}/index.html`, { waitUntil: 'load' });
    } finally {
      this.#routes.delete(page);
    }
    return page;
  }

  /** Prints one HTML page of the book (its own files served alongside) with Chromium. */
  async #render(html: string, book: Book, template: Template, timeout: number, structure: boolean, layout?: { width: number; notes: PageNotesGeometry | undefined }): Promise<Uint8Array> {
    const page = await this.#page();
    let reusable = false;
    try {
      this.#routes.set(page, printRoutes(html, book, template));
      await page.setContent(html, { waitUntil: 'load', timeout });
      // The book's page is not laid out on screen, so nothing has asked for its fonts yet (the
      // overlay is laid out, and its few fonts load by themselves).
      if (structure) await settleWithin(page.evaluate(loadBookFonts), timeout, () => new Error('timed out loading the fonts'));
      // Front-matter pages whose content is longer than a page (a very long title), set smaller.
      // (A one-chapter book has no front-matter pages: no round trip to the page for it.)
      if (layout && !book.singleChapter) await settleWithin(page.evaluate(fitFrontMatter, layout.width), timeout, () => new Error('timed out fitting the front matter'));
      // Formulas and tables wider than the text block, fitted so that nothing runs off the page.
      if (layout) await settleWithin(page.evaluate(fitWide, layout.width), timeout, () => new Error('timed out fitting wide formulas and tables'));
      // Footnotes at the foot of their pages: Colophon's own layout, in the page, before printing.
      if (layout?.notes) await settleWithin(page.evaluate(layoutPageNotes, layout.notes), timeout, () => new Error('timed out setting the notes at the foot of their pages'));
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: structure, tagged: structure, displayHeaderFooter: false, timeout });
      reusable = true;
      return pdf;
    } finally {
      this.#routes.delete(page);
      if (reusable) this.#idle.push(page);
      else await page.close().catch(() => undefined);
    }
  }

  /** Runs a print; if the browser died under it, starts a fresh one and tries once more. */
  async #attempt<T>(print: () => Promise<T>): Promise<T> {
    try {
      return await print();
    } catch (error) {
      if ((await this.#browser?.catch(() => undefined))?.connected) throw error;
      await this.#restart();
      return print();
    }
  }

  /**
   * Prints a book in two native prints: the book itself (tagged, with its outline), then, once
   * the plan knows where every chapter landed, its running heads, folios and contents numbers
   * (see `print-overlay.ts`); the finished PDF joins them, with blank pages where chapters must
   * open on a recto, exact boxes and the book's metadata. A one-chapter book is one print: its
   * heads and folios are in its margin boxes.
   */
  async print(book: Book, template: Template, options: PrintOptions): Promise<{ bytes: Uint8Array; pages: number; plan: PagePlan }> {
    const { html, front, blocks } = printDocument(book, template, options.geometry, options.notes);
    const block = textBlock(options.geometry);
    // The page area as Chromium prints it: its exact size in CSS pixels rounded up (measured on
    // six trims: 704.16 px tall on 6 × 9 in prints 705 px of text). The page-note layout must
    // break its columns where the print breaks its pages: with the exact size, a heading and two
    // lines that fit at a page's foot in print went to the next column, every later page end was
    // found a little early, and text ran on below the notes.
    const area = { width: Math.ceil((block.width * 4) / 3), height: Math.ceil((block.height * 4) / 3) };
    const pageNotes = (options.notes ?? 'page') === 'page' ? { ...area, rtl: directionOf(book.meta.lang) === 'rtl' } : undefined;
    const printed = await this.#attempt(() => this.#render(html, book, template, options.timeout, true, { width: area.width, notes: pageNotes }));
    // The plan needs a few objects of the file (page tree, destinations, the contents' links): read
    // just those, so the overlay prints (in Chromium) while Node loads the whole file.
    const load = () => PDFDocument.load(printed, { updateMetadata: false, parseSpeed: 5000 });
    let loaded: PDFDocument | undefined;
    let plan: PagePlan;
    let height: number;
    try {
      const quick = quickDocument(printed);
      if (!quick) throw new Error('not laid out as Chromium writes PDFs');
      plan = planPages(quick, book, front);
      height = quick.getPage(0).getMediaBox().height;
    } catch {
      // Not readable piecemeal: plan from the whole file. (Few pauses while parsing: the default
      // yields every 100 objects, which costs more than it lends.)
      loaded = await load();
      plan = planPages(loaded, book, front);
      height = loaded.getPage(0).getMediaBox().height;
    }
    // A one-chapter book has its heads and folios natively (margin boxes): no second print.
    const overlay = book.singleChapter ? undefined : this.#attempt(() => this.#render(overlayDocument(plan, book, template, options.geometry, height), book, template, options.timeout, false));
    overlay?.catch(() => undefined);
    // Meanwhile: the whole file, the page list from its tags, its content streams cleaned.
    const doc = loaded ?? (await load());
    addPageList(plan, doc, blocks);
    await stripSoftHyphens(doc);
    const finished = await finishPdf(doc, await overlay, plan, { meta: book.meta, modified: book.modified, geometry: options.geometry, headings: outlineHeadings(book, front) });
    return { ...finished, plan };
  }

  /**
   * One plain Chromium print of an HTML page of the book, nothing added (for measuring what the
   * plan, the overlay and the finishing cost on top of the engine).
   */
  printHtml(html: string, book: Book, template: Template, timeout: number): Promise<Uint8Array> {
    return this.#attempt(() => this.#render(html, book, template, timeout, true));
  }

  /** Forgets a dead browser (killing what is left of it); the next print starts a fresh one. */
  async #restart(): Promise<void> {
    const dead = await this.#browser?.catch(() => undefined);
    this.#browser = undefined;
    this.#idle = [];
    dead?.process()?.kill('SIGKILL');
  }

  /** Closes the browser, if one was started. */
  async close(): Promise<void> {
    const browser = await this.#browser?.catch(() => undefined);
    this.#browser = undefined;
    await browser?.close().catch(() => browser.process()?.kill('SIGKILL'));
  }
}
