import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';
import { labelsFor } from '../book/labels.js';
import type { Book, Chapter } from '../book/model.js';
import { directionOf } from './epub-documents.js';
import { textBlock, type PageGeometry } from './geometry.js';
import { hyphenateTree } from './hyphenate.js';
import type { PrintedFront, Side } from './print-plan.js';
import type { Template } from './template.js';
import { breakUrls } from './break-urls.js';
import { markPageBreaks } from './print-breaks.js';
import { CODE_LINES_CSS, setCodeLinesIn } from './code-lines.js';
import { NOTES_SOURCE_CLASS, PAGE_NOTES_CSS } from './page-notes.js';
import { fillDocument, fillFields } from './template-html.js';
import { colophonLine, formatDate, formatNames, opening, printedIdentifier } from './title-block.js';

/** A length in points, for CSS. */
export const pt = (n: number) => `${Math.round(n * 1000) / 1000}pt`;

/** The id of the book's notes section, when notes are set at the end of the book. */
export const NOTES_ID = 'notes';

/** The id of the print table of contents: its entries are the links that tell where chapters landed. */
export const CONTENTS_ID = 'contents';

/** Running heads and folios of a one-chapter book, set natively in the page's margin boxes. */
export interface NativeHeads {
  /** Head text of left and right pages. */
  left: string;
  right: string;
  boxes: Template['marginBoxes'];
}

/**
 * `@page` rules written from the book. A book of several chapters is printed with the same,
 * symmetric margins on every page; the finished PDF moves each page's boxes so the wider margin
 * falls on the inside (recto or verso is only known once blank pages are in), and running heads
 * and folios are set on top (see `print-overlay.ts`). A one-chapter book needs no blank page: its
 * margins are mirrored and its heads and folios set natively, in the margin boxes the template
 * names (none on the first page). A front-matter page is exactly one page tall.
 */
export function pageCss(geometry: PageGeometry, native?: NativeHeads): string {
  const block = textBlock(geometry);
  const rules = [
    `@page { size: ${pt(block.sheetWidth)} ${pt(block.sheetHeight)}; margin: ${pt(block.top)} ${pt(block.side)} ${pt(block.bottom)}; }`,
    // A hair under the page area, so rounding never spills a front-matter page onto a second one.
    `.front-matter > [data-page] { height: ${pt(block.height - 2)}; overflow: hidden; }`,
    // A manuscript's \newpage (see remark-pandoc.ts), whatever the template.
    '.page-break { break-after: page; }',
    // No image taller than a page (it would be sliced across pages), whatever the template; a
    // template may ask for less. Its proportions are kept whatever size it is given.
    `img { max-height: ${pt(block.height - 24)}; object-fit: contain; }`,
    // Nothing may stick out sideways: one element wider than the page (an image in an indented
    // first line, a raw HTML block with a width) would make Chromium shrink every page of the
    // book to fit it. What still overflows is cut at the page's edge instead. (In print only: the
    // page-note layout lays chapters out on screen as rows of columns, which must stay reachable.)
    // (So a template must leave room for a list's numbers, set outside its items: see `ol.digits-N`.)
    '@media print { body > * { overflow-x: clip; } }',
  ];
  if (native) {
    const { head, folio } = native.boxes;
    const inside = pt(block.side + block.shift);
    const outside = pt(block.side - block.shift);
    // A left page's spine is on its right, whatever the writing direction.
    rules.push(
      `@page :left { margin-left: ${outside}; margin-right: ${inside}; @${head.left} { content: ${cssString(native.left)}; } @${folio.left} { content: counter(page); } }`,
      `@page :right { margin-left: ${inside}; margin-right: ${outside}; @${head.right} { content: ${cssString(native.right)}; } @${folio.right} { content: counter(page); } }`,
      `@page :first { @${head.left} { content: none; } @${head.right} { content: none; } }`,
    );
  }
  return rules.join('\n');
}

/**
 * The print page is only ever printed: on screen its book stays unlaid, which spares Chromium a
 * whole screen layout of the book before the print layout (the page-note layout shows one chapter
 * at a time by itself).
 */
const SCREEN_HIDDEN_CSS = '@media screen { body > * { display: none; } }';

/** Quotes text as a CSS string. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, '\\A ').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/</g, '\\3C ')}"`;
}

/**
 * A one-chapter book's heads: the author (else the title) on versos, the title on rectos. In a
 * right-to-left book the first page, a recto, is a left page.
 */
function nativeHeads(book: Book, template: Template): NativeHeads {
  const { meta } = book;
  const verso = meta.authors.length > 0 ? formatNames(meta.authors, meta.lang) : meta.title;
  const rtl = directionOf(meta.lang) === 'rtl';
  return { left: rtl ? meta.title : verso, right: rtl ? verso : meta.title, boxes: template.marginBoxes };
}

/** Makes a chapter's ids unique in the joined print document (`ch02-intro`), links included. */
function prefixIds(tree: Root, chapter: Chapter): ElementContent[] {
  const clone = structuredClone(tree);
  visit(clone, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') node.properties.id = `${chapter.id}-${node.properties.id}`;
    const href = node.properties.href;
    if (node.tagName !== 'a' || typeof href !== 'string') return;
    if (href.startsWith('#') && href.length > 1) node.properties.href = `#${chapter.id}-${href.slice(1)}`;
    // Links between chapters were resolved to `chNN.xhtml#id`; in the one print page that is `#chNN-id`.
    const other = /^(ch\d+)\.xhtml(?:#(.+))?$/.exec(href);
    if (other) node.properties.href = other[2] ? `#${other[1]}-${other[2]}` : `#${other[1]}`;
  });
  return clone.children as ElementContent[];
}

/** Half-title, title page, copyright page and dedication, from the template's `front-matter.html`. */
function frontMatter(book: Book, template: Template): Element {
  const { meta } = book;
  return fillFields(template.html.frontMatter, {
    title: meta.title,
    subtitle: meta.subtitle,
    authors: meta.authors.length > 0 ? formatNames(meta.authors, meta.lang) : undefined,
    publisher: meta.publisher,
    date: meta.date ? { text: formatDate(meta.date, meta.lang), attributes: { dateTime: meta.date } } : undefined,
    rights: meta.rights,
    identifier: printedIdentifier(meta),
    edition: meta.edition,
    dedication: meta.dedication,
  });
}

/**
 * The table of contents: one entry per chapter (parts as headings), each a link whose page number
 * is set once the book is printed, after dot leaders. The number's slot keeps a fixed width, so the
 * contents take the same room before and after their numbers are known.
 */
function contents(book: Book, extra: ReadonlyArray<ExtraChapter>): Element {
  const items: Element[] = [];
  let part: string | undefined;
  for (const chapter of [...book.chapters, ...extra.map((e) => ({ ...e, depth: 0, part: undefined }))]) {
    if (chapter.part !== undefined && chapter.part !== part) items.push(h('li.toc-part', chapter.part));
    part = chapter.part;
    items.push(
      h(`li.toc-entry.toc-${chapter.matter}`, { className: chapter.depth > 0 ? [`toc-depth-${Math.min(chapter.depth, 3)}`] : [] }, [
        h('a', { href: `#${chapter.id}` }, [h('span.toc-title', chapter.title), h('span.toc-leader', { ariaHidden: 'true' }), h('span.toc-page')]),
      ]),
    );
  }
  return h('nav.contents', { id: CONTENTS_ID, role: 'doc-toc', ariaLabelledby: `${CONTENTS_ID}-title` }, [h('h1.contents-title', { id: `${CONTENTS_ID}-title` }, labelsFor(book.meta.lang).contents), h('ol', items)]);
}

/** Elements Chromium tags as paragraphs, headings and list items: how the PDF's structure is matched to the book. */
export const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/**
 * A block of the print page, in document order: the chapter it belongs to and its index among
 * that chapter's blocks (none for front matter, contents, title block and colophon line).
 */
export interface PrintedBlock {
  chapter?: string;
  index: number;
}

/** Elements that draw something without any text. */
const DRAWN = new Set(['img', 'svg', 'math', 'video', 'audio', 'canvas', 'iframe', 'object', 'embed', 'input', 'hr', 'picture', 'meter', 'progress', 'textarea', 'select', 'button']);

/** Whether an element is shown (not `hidden`). */
const shown = (el: Element) => el.properties.hidden == null || el.properties.hidden === false;

/** Whether an element puts anything on the page: text other than collapsible white space (a no-break space is drawn), or a drawn element. */
function drawsSomething(node: Element): boolean {
  return node.children.some((c) => (c.type === 'text' ? /[^ \t\n\r\f]/.test(c.value) : c.type === 'element' && shown(c) && (DRAWN.has(c.tagName) || drawsSomething(c))));
}

/** Appends the blocks of `nodes` (in document order) to `out`, as blocks of `chapter`. */
function collectBlocks(nodes: ReadonlyArray<ElementContent>, chapter: string | undefined, out: PrintedBlock[]): void {
  let index = 0;
  const walk = (list: ReadonlyArray<ElementContent>) => {
    for (const node of list) {
      // Nothing of a hidden element is drawn.
      if (node.type !== 'element' || !shown(node)) continue;
      // Chromium tags no block that draws nothing (`<p><a id="x"></a></p>`; a list item has its marker): neither is it counted here.
      if (BLOCK_TAGS.has(node.tagName) && (node.tagName === 'li' || drawsSomething(node))) out.push(chapter === undefined ? { index: -1 } : { chapter, index: index++ });
      walk(node.children);
    }
  };
  walk(nodes);
}

/** A section the print edition adds after the chapters (the notes of the whole book). */
export interface ExtraChapter {
  id: string;
  title: string;
  matter: 'back';
  /** The titles of the headings it has under its own (the book's notes: one per chapter with notes). */
  headings?: string[];
}

/** Where the print edition sets notes: at the foot of the page, after each chapter, or all together at the end of the book. */
export type NotesPlacement = 'page' | 'chapter' | 'book';

/** Takes the notes section (`section.footnotes`) out of a chapter's content: its notes, without the rule. */
function takeNotes(content: ElementContent[]): ElementContent[] {
  const notes: ElementContent[] = [];
  visit({ type: 'root', children: content } as Root, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'section' || !String(node.properties.className ?? '').split(/[\s,]+/).includes('footnotes') || !parent || index === undefined) return undefined;
    notes.push(...node.children.filter((c) => !(c.type === 'element' && c.tagName === 'hr')));
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  return notes;
}

/**
 * A chapter's notes, waiting in a hidden box for the page-note layout (`page-notes.ts`) to set
 * them at the foot of their pages. Their paragraphs and lists become plain boxes: the PDF's tag
 * structure is matched to the book's blocks in page order, and notes no longer have one.
 */
function notesSource(content: ElementContent[]): Element | undefined {
  const notes = takeNotes(content);
  if (notes.length === 0) return undefined;
  const source = h(`div.${NOTES_SOURCE_CLASS}`, notes);
  visit(source, 'element', (node: Element) => {
    const plain = { p: 'note-p', ul: 'note-list', ol: 'note-list', li: 'note-item' }[node.tagName];
    if (plain === undefined) return;
    node.tagName = 'div';
    node.properties.className = [plain];
  });
  return source;
}

/** The sides the template's front-matter pages must fall on, in order. */
function frontSides(front: Element): Side[] {
  return front.children.flatMap((c): Side[] => {
    if (c.type !== 'element' || c.properties.dataPage === undefined) return [];
    const side = String(c.properties.dataPage);
    return [side === 'recto' || side === 'verso' ? side : 'any'];
  });
}

/**
 * The print edition as one HTML page: the template's document, stylesheets, page rules, and the
 * book (front matter and contents for a book of several chapters, then every chapter), with what
 * the page plan needs to know about its front matter. `onScreen`: for a browser window (the live
 * preview), not for printing.
 */
export function printDocument(book: Book, template: Template, geometry: PageGeometry, notes: NotesPlacement = 'page', onScreen = false): { html: string; front: PrintedFront; blocks: PrintedBlock[] } {
  const { lang } = book.meta;
  const front = book.singleChapter ? undefined : frontMatter(book, template);
  const blocks: PrintedBlock[] = [];
  let body: Element[];
  const extra: ExtraChapter[] = [];
  if (front === undefined) {
    const only = book.chapters[0]!;
    const { opening: titled, content } = opening(book.meta, template, structuredClone(only.tree).children as ElementContent[]);
    const closing = colophonLine(book.meta, template);
    // `data-closing`: notes the page-note layout sets after the text go before it (page-notes.ts).
    closing.properties.dataClosing = '';
    const source = notes === 'page' ? notesSource(content) : undefined;
    hyphenateTree({ type: 'root', children: source ? [...content, source] : content }, lang);
    markPageBreaks(content);
    collectBlocks([titled], undefined, blocks);
    collectBlocks(content, only.id, blocks);
    collectBlocks([closing], undefined, blocks);
    body = [h('article.chapter', { id: only.id }, [titled, ...content, closing, ...(source ? [source] : [])])];
  } else {
    const chapters: Element[] = [];
    const bookNotes: ElementContent[] = [];
    const notedChapters: string[] = [];
    for (const c of book.chapters) {
      const content = prefixIds(c.tree, c);
      if (notes === 'book') {
        const taken = takeNotes(content);
        if (taken.length > 0) {
          bookNotes.push(h('h2.notes-chapter', c.title), ...taken);
          notedChapters.push(c.title);
        }
      }
      const source = notes === 'page' ? notesSource(content) : undefined;
      hyphenateTree({ type: 'root', children: source ? [...content, source] : content }, lang);
      markPageBreaks(content);
      collectBlocks(content, c.id, blocks);
      chapters.push(h('section.chapter', { id: c.id, dataMatter: c.matter }, source ? [...content, source] : content));
    }
    if (bookNotes.length > 0) {
      const title = labelsFor(lang).notes;
      extra.push({ id: NOTES_ID, title, matter: 'back', headings: notedChapters });
      hyphenateTree({ type: 'root', children: bookNotes }, lang);
      collectBlocks(bookNotes, undefined, blocks);
      chapters.push(h('section.chapter.book-notes', { id: NOTES_ID, dataMatter: 'back', role: 'doc-endnotes' }, [h('h1', title), ...bookNotes]));
    }
    const toc = contents(book, extra);
    // Blocks in page order: front matter and contents come first.
    const chapterBlocks = blocks.splice(0);
    collectBlocks([front, toc], undefined, blocks);
    blocks.push(...chapterBlocks);
    body = [front, toc, ...chapters];
  }
  // (After the page-break marks: they count a code block's lines by its line ends.)
  setCodeLinesIn(body);
  const tree = fillDocument(template.html.document, {
    lang,
    dir: directionOf(lang),
    title: book.meta.title,
    stylesheets: template.printStylesheets.map((s) => s.path),
    style: [pageCss(geometry, front === undefined ? nativeHeads(book, template) : undefined), CODE_LINES_CSS, ...(onScreen ? [] : [SCREEN_HIDDEN_CSS]), ...(notes === 'page' ? [PAGE_NOTES_CSS] : [])].join('\n'),
    content: body,
  });
  tree.children.unshift({ type: 'doctype' });
  breakUrls(tree);
  // Paper cannot be clicked: a disclosure box (`<details>`) is printed open.
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'details') node.properties.open = true;
  });
  return {
    html: toHtml(tree),
    front: { pages: front ? frontSides(front) : [], contents: front !== undefined, contentsTitle: labelsFor(lang).contents, extra },
    blocks,
  };
}
