import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { PrintedBlock } from './print-document.js';
import type { Book } from '../book/model.js';
import type { Matter } from '../book/summary.js';
import { formatNames } from './title-block.js';

/** Which side a unit must open on. */
export type Side = 'recto' | 'verso' | 'any';

/** A rectangle in PDF points, as `[x1, y1, x2, y2]` on Chromium's page. */
export type Rect = [number, number, number, number];

/** One page of the finished edition. */
export interface PlannedPage {
  /** The page of Chromium's PDF it shows, or undefined for an inserted blank page. */
  source: number | undefined;
  /** A right-hand page in a left-bound book (the front of a leaf). */
  recto: boolean;
  /** The running head; none on front-matter pages, openings and blank pages. */
  head?: string;
  /** The page number printed at the foot; none on front-matter pages and blank pages. */
  folio?: string;
  /** Page numbers to set into the table of contents on this page. */
  tocNumbers: Array<{ rect: Rect; text: string }>;
}

/** How the printed pages become the edition's pages. */
export interface PagePlan {
  pages: PlannedPage[];
  /** Index of the page numbered 1 (pages before it are numbered in roman numerals). */
  bodyStart: number;
  /** The page each chapter opens on, by chapter id (0-based index in the finished PDF). */
  chapterStarts: Map<string, number>;
  /**
   * Where each numbered page of the edition begins in the book's chapters, for the EPUB's page
   * list (see {@link addPageList}); undefined when the PDF's structure could not be matched to the book.
   */
  pageList: PageMark[] | undefined;
  /** The chapter each page belongs to (undefined for front matter and contents), for the page list. */
  pageChapters: Array<string | undefined>;
}

/** A page break: the page's number and the block of a chapter it falls before (none: the chapter's end). */
export interface PageMark {
  label: string;
  chapter: string;
  block: number | undefined;
}

const STRUCTURE_BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI']);

/**
 * The page each paragraph, heading and list item starts on, in document order, from the PDF's tag
 * structure (Chromium tags `p`, `h1`–`h6` and `li` as P, H1–H6 and LI, in the page's order).
 */
export function structureBlockPages(doc: PDFDocument): number[] {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const out: number[] = [];
  const pageOf = (ref: PDFObject | undefined) => (ref instanceof PDFRef ? pageIndex.get(ref.toString()) : undefined);
  const kidsOf = (node: PDFDict): PDFObject[] => {
    const k = node.get(PDFName.of('K'));
    const value = k instanceof PDFRef ? doc.context.lookup(k) : k;
    return value instanceof PDFArray ? value.asArray() : value === undefined ? [] : [k!];
  };
  // The first page any content of an element is on.
  const firstPage = (node: PDFDict, inherited: number | undefined, depth: number): number | undefined => {
    const own = pageOf(node.get(PDFName.of('Pg'))) ?? inherited;
    if (depth > 200) return own;
    for (const kid of kidsOf(node)) {
      if (kid instanceof PDFNumber) return own;
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (!(value instanceof PDFDict)) continue;
      const type = value.lookup(PDFName.of('Type'));
      if (type === PDFName.of('MCR') || type === PDFName.of('OBJR')) return pageOf(value.get(PDFName.of('Pg'))) ?? own;
      const found = firstPage(value, own, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const walk = (node: PDFDict, inherited: number | undefined, depth: number) => {
    if (depth > 200) return;
    const own = pageOf(node.get(PDFName.of('Pg'))) ?? inherited;
    const role = node.lookup(PDFName.of('S'));
    if (role instanceof PDFName && STRUCTURE_BLOCKS.has(role.decodeText())) out.push(firstPage(node, own, depth) ?? own ?? -1);
    for (const kid of kidsOf(node)) {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (value instanceof PDFDict && value.lookup(PDFName.of('Type')) !== PDFName.of('MCR') && value.lookup(PDFName.of('Type')) !== PDFName.of('OBJR')) walk(value, own, depth + 1);
    }
  };
  if (root) walk(root, undefined, 0);
  return out;
}

/**
 * Where each numbered page of a chapter begins: before the first block of the chapter that starts
 * on that page or later (a page inside one long paragraph gets the next block), else at the
 * chapter's end.
 */
function pageMarks(pages: PlannedPage[], pageChapters: ReadonlyArray<string | undefined>, blocks: ReadonlyArray<PrintedBlock>, blockPages: number[]): PageMark[] | undefined {
  if (blocks.length !== blockPages.length || blockPages.some((p) => p < 0)) return undefined;
  const finalIndex = new Map(pages.flatMap((p, i) => (p.source === undefined ? [] : [[p.source, i] as const])));
  const byChapter = new Map<string, Array<{ index: number; page: number }>>();
  blocks.forEach((b, i) => {
    if (b.chapter === undefined) return;
    const list = byChapter.get(b.chapter) ?? [];
    list.push({ index: b.index, page: finalIndex.get(blockPages[i]!) ?? -1 });
    byChapter.set(b.chapter, list);
  });
  const marks: PageMark[] = [];
  pages.forEach((page, i) => {
    const chapter = pageChapters[i];
    if (page.source === undefined || page.folio === undefined || chapter === undefined) return;
    const next = (byChapter.get(chapter) ?? []).find((b) => b.page >= i);
    marks.push({ label: page.folio, chapter, block: next?.index });
  });
  return marks;
}

/** What `printDocument` put on the page, in order, before the chapters. */
export interface PrintedFront {
  /** One entry per front-matter page (half-title, title page, …): the side it must fall on. */
  pages: Side[];
  /** The table of contents follows them. */
  contents: boolean;
  /** Its title, for its running heads. */
  contentsTitle: string;
  /** Sections after the chapters that open like chapters (the book's notes). */
  extra: ReadonlyArray<{ id: string; title: string; matter: Matter; headings?: string[] }>;
}

interface Unit {
  start: number;
  side: Side;
  kind: 'front' | 'contents' | 'chapter';
  title: string;
  matter: Matter;
  id?: string;
}

/** Lower-case roman numerals, for front-matter folios. */
export function roman(n: number): string {
  const numerals: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, letters] of numerals) for (; n >= value; n -= value) out += letters;
  return out;
}

function nameOf(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFName) return obj.decodeText();
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

/** Named destinations of the PDF (Chromium writes one per link target): name → page index. */
export function namedDestinations(doc: PDFDocument): Map<string, number> {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const out = new Map<string, number>();
  const add = (name: string | undefined, dest: PDFObject | undefined) => {
    let target = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
    if (target instanceof PDFDict) target = target.lookup(PDFName.of('D'));
    if (name === undefined || !(target instanceof PDFArray)) return;
    const page = target.get(0);
    const index = page instanceof PDFRef ? pageIndex.get(page.toString()) : undefined;
    if (index !== undefined) out.set(name, index);
  };
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) add(key.decodeText(), value);
  // The other form: a name tree under /Names /Dests.
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) add(nameOf(names.lookup(i)), names.get(i + 1));
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict), depth + 1);
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict), 0);
  return out;
}

/** Internal links on a page: the rectangle and the destination's name. */
function linksOn(doc: PDFDocument, index: number): Array<{ rect: Rect; name: string }> {
  const annots = doc.getPage(index).node.Annots();
  const out: Array<{ rect: Rect; name: string }> = [];
  for (let i = 0; annots && i < annots.size(); i++) {
    const annot = annots.lookupMaybe(i, PDFDict);
    if (annot?.lookup(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const name = nameOf(annot.lookup(PDFName.of('Dest')));
    const rect = annot.lookupMaybe(PDFName.of('Rect'), PDFArray)?.asRectangle();
    if (name !== undefined && rect) out.push({ rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], name });
  }
  return out;
}

/**
 * Works out the edition's pages from Chromium's print: where each unit (front-matter page,
 * contents, chapter) landed, read from the PDF's named destinations; a blank page before each unit
 * that would otherwise open on the wrong side (chapters on rectos, sub-chapters on either side); roman folios up to the first body chapter, arabic
 * from 1 there; running heads (book title on versos, the chapter's title on rectos) except on
 * openings; and the contents' page numbers.
 */
export function planPages(doc: PDFDocument, book: Book, front: PrintedFront): PagePlan {
  const count = doc.getPageCount();
  const { meta } = book;
  const units: Unit[] = [];
  if (book.singleChapter) {
    const only = book.chapters[0]!;
    units.push({ start: 0, side: 'any', kind: 'chapter', title: meta.title, matter: 'body', id: only.id });
  } else {
    front.pages.forEach((side, i) => units.push({ start: i, side, kind: 'front', title: meta.title, matter: 'front' }));
    if (front.contents) units.push({ start: front.pages.length, side: 'recto', kind: 'contents', title: front.contentsTitle, matter: 'front' });
    const dests = namedDestinations(doc);
    for (const c of [...book.chapters, ...front.extra.map((e) => ({ ...e, depth: 0 }))]) {
      const start = dests.get(c.id);
      // A sub-chapter (nested in SUMMARY.md) is a section of its chapter: a new page, either side.
      const side: Side = c.depth > 0 ? 'any' : 'recto';
      if (start !== undefined) units.push({ start, side, kind: 'chapter', title: c.title, matter: c.matter, id: c.id });
    }
  }
  units.sort((a, b) => a.start - b.start);
  const firstBody = units.find((u) => u.kind === 'chapter' && u.matter !== 'front') ?? units.find((u) => u.kind === 'chapter');

  const pages: PlannedPage[] = [];
  const unitOf: Unit[] = [];
  const chapterStarts = new Map<string, number>();
  let bodyStart = 0;
  let bodyPending = false;
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    if (unit === firstBody) bodyPending = true;
    // A unit that printed nothing (an empty chapter) shares its start with the next: the next owns the page.
    if (units[u + 1]?.start === unit.start) continue;
    const end = Math.min(units[u + 1]?.start ?? count, count);
    if (unit.start >= end) continue;
    const wantRecto = unit.side === 'recto' ? true : unit.side === 'verso' ? false : undefined;
    if (wantRecto !== undefined && pages.length % 2 === 0 !== wantRecto) {
      pages.push({ source: undefined, recto: pages.length % 2 === 0, tocNumbers: [] });
      unitOf.push(unit);
    }
    if (bodyPending) {
      bodyStart = pages.length;
      bodyPending = false;
    }
    if (unit.id !== undefined) chapterStarts.set(unit.id, pages.length);
    for (let source = unit.start; source < end; source++) {
      const recto = pages.length % 2 === 0;
      const page: PlannedPage = { source, recto, tocNumbers: [] };
      if (unit.kind !== 'front' && source !== unit.start) {
        const verso = book.singleChapter && meta.authors.length > 0 ? formatNames(meta.authors, meta.lang) : meta.title;
        page.head = recto ? unit.title : verso;
      }
      pages.push(page);
      unitOf.push(unit);
    }
  }
  // A chapter that printed nothing opens where the next one does.
  for (const unit of units) {
    if (unit.id === undefined || chapterStarts.has(unit.id)) continue;
    const at = pages.findIndex((p) => p.source !== undefined && p.source >= unit.start);
    if (at >= 0) chapterStarts.set(unit.id, at);
  }
  // Folios, now that the first body page is known; blank and front-matter pages carry none.
  pages.forEach((page, i) => {
    if (page.source === undefined || unitOf[i]!.kind === 'front') return;
    page.folio = i < bodyStart ? roman(i + 1) : String(i - bodyStart + 1);
  });
  const folioOf = (id: string) => {
    const i = chapterStarts.get(id);
    return i === undefined ? undefined : pages[i]!.folio;
  };
  // An entry broken over lines or pages is one link per piece: its number goes with the last piece
  // (the lowest on the last page), once.
  const lastPiece = new Map<string, { page: PlannedPage; rect: Rect }>();
  for (const [i, page] of pages.entries()) {
    if (page.source === undefined || unitOf[i]!.kind !== 'contents') continue;
    for (const link of linksOn(doc, page.source)) {
      const seen = lastPiece.get(link.name);
      if (!seen || seen.page !== page || link.rect[1] < seen.rect[1]) lastPiece.set(link.name, { page, rect: link.rect });
    }
  }
  for (const [name, { page, rect }] of lastPiece) {
    const text = folioOf(name);
    if (text !== undefined) page.tocNumbers.push({ rect, text });
  }
  return { pages, bodyStart, chapterStarts, pageList: undefined, pageChapters: unitOf.map((u) => (u.kind === 'chapter' ? u.id : undefined)) };
}

/**
 * Sets the plan's page list from the PDF's tag structure (which walks most of the file: done on
 * the fully loaded document, while the overlay prints).
 */
export function addPageList(plan: PagePlan, doc: PDFDocument, blocks: ReadonlyArray<PrintedBlock>): void {
  plan.pageList = pageMarks(plan.pages, plan.pageChapters, blocks, structureBlockPages(doc));
}
