import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { Book, Chapter, Heading } from '../book/model.js';
import { colophonLine, formatNames, titleBlock } from './title-block.js';
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

/** The XHTML file name of a chapter. */
export function chapterHref(chapter: Chapter): string {
  return `${chapter.id}.xhtml`;
}

/** A chapter as an EPUB content document; a one-chapter book opens with its title block. */
export function chapterDocument(book: Book, chapter: Chapter, template: Template): string {
  const content = chapter.tree.children as ElementContent[];
  const section = book.singleChapter
    ? h('section', { 'epub:type': 'bodymatter chapter', role: 'doc-chapter', ariaLabelledBy: 'title' }, [titleBlock(book.meta, template), ...content, colophonLine(book.meta, template)])
    : h('section', { 'epub:type': 'bodymatter chapter', role: 'doc-chapter' }, content);
  return xhtmlDocument(book, template, chapter.title, [section]);
}

/** The cover page: the cover image, full page, with a text alternative. */
export function coverDocument(book: Book, template: Template, imageHref: string): string {
  const by = book.meta.authors.length > 0 ? ` by ${formatNames(book.meta.authors, book.meta.lang)}` : '';
  return xhtmlDocument(book, template, 'Cover', [
    h('section.cover', { 'epub:type': 'cover' }, [h('img', { src: imageHref, alt: `Cover: ${book.meta.title}${by}` })]),
  ]);
}

/** One level of the table of contents: headings nested by depth, down to `maxDepth`. */
function tocList(items: ReadonlyArray<{ href: string; text: string; children: Element | null }>): Element {
  return h('ol', items.map((item) => h('li', [h('a', { href: item.href }, item.text), item.children])));
}

function sectionEntries(chapter: Chapter, maxDepth: number): Element | null {
  const headings = chapter.headings.filter((hd) => hd.depth > 1 && hd.depth <= maxDepth);
  if (headings.length === 0) return null;
  const build = (list: Heading[], depth: number): Element | null => {
    const items: Array<{ href: string; text: string; children: Element | null }> = [];
    for (let i = 0; i < list.length; i++) {
      const hd = list[i]!;
      if (hd.depth !== depth && items.length > 0) continue;
      let j = i + 1;
      while (j < list.length && list[j]!.depth > hd.depth) j++;
      items.push({ href: `${chapterHref(chapter)}#${hd.id}`, text: hd.text, children: build(list.slice(i + 1, j), hd.depth + 1) });
      i = j - 1;
    }
    return items.length > 0 ? tocList(items) : null;
  };
  return build(headings, Math.min(...headings.map((hd) => hd.depth)));
}

/** The navigation document: table of contents (chapters and their sections) and landmarks. */
export function navDocument(book: Book, template: Template, options: { tocDepth: number; coverHref?: string }): string {
  const toc = tocList(
    book.chapters.map((c) => ({ href: chapterHref(c), text: c.title, children: book.singleChapter ? null : sectionEntries(c, options.tocDepth) })),
  );
  const first = book.chapters[0]!;
  const landmarks = h('ol', [
    options.coverHref ? h('li', [h('a', { 'epub:type': 'cover', href: options.coverHref }, 'Cover')]) : null,
    h('li', [h('a', { 'epub:type': 'toc', href: 'toc.xhtml#toc' }, 'Table of Contents')]),
    h('li', [h('a', { 'epub:type': 'bodymatter', href: chapterHref(first) }, 'Start of Content')]),
  ]);
  return xhtmlDocument(book, template, book.meta.title, [
    h('nav', { 'epub:type': 'toc', id: 'toc', role: 'doc-toc', ariaLabelledBy: 'toc-title' }, [h('h1', { id: 'toc-title' }, 'Contents'), toc]),
    h('nav', { 'epub:type': 'landmarks', id: 'landmarks', hidden: true, ariaLabel: 'Landmarks' }, [landmarks]),
  ]);
}
