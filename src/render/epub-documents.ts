import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { chapterFile } from '../book/links.js';
import type { Book, Chapter } from '../book/model.js';
import { colophonLine, formatNames, opening } from './title-block.js';
import { labelsFor } from '../book/labels.js';
import { fillDocument } from './template-html.js';
import type { Template } from './template.js';
import { toXhtml } from './xhtml.js';

const EPUB_NS = 'http://www.idpf.org/2007/ops';
const RTL = new Set(['ar', 'arc', 'dv', 'fa', 'ha', 'he', 'khw', 'ks', 'ku', 'ps', 'sd', 'ur', 'yi']);

/** Text direction of a language tag. */
export function directionOf(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** An XHTML content document from the template's `document.html`, holding `content`. */
function xhtmlDocument(book: Book, template: Template, title: string, content: ElementContent[]): string {
  const { lang } = book.meta;
  return toXhtml(
    fillDocument(template.html.document, {
      lang,
      dir: directionOf(lang),
      title,
      stylesheets: ['style.css'],
      content,
      htmlAttributes: { 'xmlns:epub': EPUB_NS, xmlLang: lang },
    }),
  );
}

/** The XHTML file name of a chapter (the form links between chapters are resolved to). */
export const chapterHref = chapterFile;

/** `epub:type` and ARIA role of a chapter's section: its matter and its structural role. */
export function chapterSemantics(chapter: Pick<Chapter, 'matter' | 'kind'>): { 'epub:type': string; role: string } {
  return { 'epub:type': `${chapter.matter}matter ${chapter.kind}`, role: `doc-${chapter.kind}` };
}

/**
 * Code reads left to right in a right-to-left book too ("f(a, b);" was shown ";f(a, b)"): its
 * blocks and inline code get `dir="ltr"` (an EPUB style sheet may not set `direction`).
 */
function codeLeftToRight(nodes: ReadonlyArray<ElementContent>): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if ((node.tagName === 'pre' || node.tagName === 'code') && node.properties.dir === undefined) node.properties.dir = 'ltr';
    if (node.tagName !== 'pre') codeLeftToRight(node.children);
  }
}

/** A chapter as an EPUB content document; a one-chapter book opens with its title block. */
export function chapterDocument(book: Book, chapter: Chapter, template: Template): string {
  const content = chapter.tree.children as ElementContent[];
  if (directionOf(book.meta.lang) === 'rtl') codeLeftToRight(content);
  const single = book.singleChapter ? opening(book.meta, template, content) : undefined;
  const section = single
    ? h('section', { ...chapterSemantics(chapter), ariaLabelledBy: 'title' }, [single.opening, ...single.content, colophonLine(book.meta, template)])
    : h('section', { ...chapterSemantics(chapter), ariaLabel: chapter.title }, content);
  return xhtmlDocument(book, template, chapter.title, [section]);
}

/** The cover page: the cover image, full page, with a text alternative. */
export function coverDocument(book: Book, template: Template, imageHref: string): string {
  const by = book.meta.authors.length > 0 ? ` by ${formatNames(book.meta.authors, book.meta.lang)}` : '';
  return xhtmlDocument(book, template, labelsFor(book.meta.lang).cover, [
    h('section.cover', { 'epub:type': 'cover' }, [h('img', { src: imageHref, alt: `Cover: ${book.meta.title}${by}` })]),
  ]);
}

/** An entry of the table of contents: a link (or, for a part, a label) and what nests under it. */
export interface TocEntry {
  href?: string;
  text: string;
  children: TocEntry[];
}

function tocList(entries: ReadonlyArray<TocEntry>): Element {
  return h(
    'ol',
    entries.map((e) => h('li', [e.href ? h('a', { href: e.href }, e.text) : h('span', e.text), e.children.length > 0 ? tocList(e.children) : null])),
  );
}

/** A chapter's section headings (h2 … h`maxDepth`), nested by level. */
function sectionEntries(chapter: Chapter, maxDepth: number): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: Array<{ depth: number; entry: TocEntry }> = [];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const [i, hd] of chapter.headings.entries()) {
    if (hd.depth < 2 || hd.depth > maxDepth) continue;
    // A chapter that opens with a smaller heading of its own title (SUMMARY's "Installation" over
    // `## Installation`) would list that title twice, one under the other.
    if (i === 0 && same(hd.text, chapter.title)) continue;
    const entry: TocEntry = { href: `${chapterHref(chapter)}#${hd.id}`, text: hd.text || hd.id, children: [] };
    while (stack.length > 0 && stack.at(-1)!.depth >= hd.depth) stack.pop();
    (stack.at(-1)?.entry.children ?? root).push(entry);
    stack.push({ depth: hd.depth, entry });
  }
  return root;
}

/** The book's contents: parts, chapters nested by their SUMMARY depth, and their sections. */
export function tocEntries(book: Book, tocDepth: number): TocEntry[] {
  const root: TocEntry[] = [];
  let partEntry: TocEntry | undefined;
  let currentPart: string | undefined;
  const stack: Array<{ depth: number; entry: TocEntry }> = [];
  for (const c of book.chapters) {
    if (c.part !== currentPart) {
      currentPart = c.part;
      partEntry = c.part === undefined ? undefined : { text: c.part, children: [] };
      if (partEntry) root.push(partEntry);
      stack.length = 0;
    }
    const level = partEntry?.children ?? root;
    const entry: TocEntry = { href: chapterHref(c), text: c.title, children: book.singleChapter ? [] : sectionEntries(c, tocDepth) };
    while (stack.length > 0 && stack.at(-1)!.depth >= c.depth) stack.pop();
    (stack.at(-1)?.entry.children ?? level).push(entry);
    stack.push({ depth: c.depth, entry });
  }
  return root;
}

/** The navigation document: table of contents (parts, chapters, sections) and landmarks. */
export function navDocument(book: Book, template: Template, options: { tocDepth: number; coverHref?: string }): string {
  const first = (matter: Chapter['matter']) => book.chapters.find((c) => c.matter === matter);
  const front = first('front');
  const body = first('body') ?? book.chapters[0]!;
  const back = first('back');
  const label = labelsFor(book.meta.lang);
  const landmarks = h('ol', [
    options.coverHref ? h('li', [h('a', { 'epub:type': 'cover', href: options.coverHref }, label.cover)]) : null,
    h('li', [h('a', { 'epub:type': 'toc', href: 'toc.xhtml#toc' }, label.contents)]),
    front ? h('li', [h('a', { 'epub:type': 'frontmatter', href: chapterHref(front) }, label.frontMatter)]) : null,
    h('li', [h('a', { 'epub:type': 'bodymatter', href: chapterHref(body) }, label.start)]),
    back ? h('li', [h('a', { 'epub:type': 'backmatter', href: chapterHref(back) }, label.backMatter)]) : null,
  ]);
  return xhtmlDocument(book, template, book.meta.title, [
    h('nav', { 'epub:type': 'toc', id: 'toc', role: 'doc-toc', ariaLabelledBy: 'toc-title' }, [h('h1', { id: 'toc-title' }, label.contents), tocList(tocEntries(book, options.tocDepth))]),
    h('nav', { 'epub:type': 'landmarks', id: 'landmarks', hidden: true, ariaLabel: 'Landmarks' }, [landmarks]),
    book.pageList
      ? h('nav', { 'epub:type': 'page-list', id: 'page-list', hidden: true, ariaLabel: label.pages }, [h('ol', book.pageList.map((p) => h('li', [h('a', { href: p.href }, p.label)])))])
      : null,
  ].filter((e): e is Element => e !== null));
}
