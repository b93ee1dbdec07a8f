import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { Book, Chapter } from '../book/model.js';
import { directionOf } from './epub-documents.js';
import type { PageGeometry } from './geometry.js';
import type { Template } from './template.js';
import { breakUrls } from './break-urls.js';
import { fillDocument } from './template-html.js';
import { colophonLine, formatNames, titleBlock } from './title-block.js';

/** Quotes text as a CSS string. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, '\\A ').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/</g, '\\3C ')}"`;
}

/**
 * `@page` rules written from the book: trim size, mirrored margins (wider inside), running heads
 * (book or author on left pages, title or chapter on right pages, none on the opening page) and
 * folios on every page.
 */
export function pageCss(book: Book, geometry: PageGeometry): string {
  // Margins are proportions of the trim; the sheet adds bleed and crop-mark room on every side.
  const pt = (n: number) => `${Math.round(n * 1000) / 1000}pt`;
  const { trimWidth: w, trimHeight: h, offset } = geometry;
  const inside = pt(w * 0.14 + offset);
  const outside = pt(w * 0.1 + offset);
  const top = pt(h * 0.085 + offset);
  const bottom = pt(h * 0.1 + offset);
  const left = book.singleChapter && book.meta.authors.length > 0 ? formatNames(book.meta.authors, book.meta.lang) : book.meta.title;
  const right = book.meta.title;
  const box = `font-family: "Source Serif 4", serif; font-size: 8.5pt; font-style: italic; color: #333;`;
  const folio = `font-family: "Source Serif 4", serif; font-size: 9pt; font-variant-numeric: oldstyle-nums; content: counter(page);`;
  const head = (text: string) => `@top-center { content: ${cssString(text)}; ${box} vertical-align: bottom; padding-bottom: 8pt; }`;
  const foot = `@bottom-center { ${folio} vertical-align: top; padding-top: 10pt; }`;
  const rules = [
    `@page { size: ${pt(w + 2 * offset)} ${pt(h + 2 * offset)}; margin: ${top} ${outside} ${bottom} ${inside}; }`,
    `@page :left { margin-left: ${outside}; margin-right: ${inside}; ${head(left)} ${foot} }`,
    `@page :right { margin-left: ${inside}; margin-right: ${outside}; ${head(right)} ${foot} }`,
    '@page :first { @top-center { content: none; } }',
  ];
  if (!book.singleChapter) {
    // One named page per chapter: its title heads right-hand pages, and its opening page has no head.
    for (const c of book.chapters) {
      rules.push(
        `@page ${c.id}:right { ${head(c.title)} }`,
        `#${c.id} { page: ${c.id}; }`,
      );
    }
  }
  return rules.join('\n');
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

/** The print edition as one HTML page: the template's document, stylesheets, page rules, every chapter. */
export function printDocument(book: Book, template: Template, geometry: PageGeometry): string {
  const { lang } = book.meta;
  const body: Element[] = book.singleChapter
    ? [
        h('article.chapter', { id: book.chapters[0]!.id }, [
          titleBlock(book.meta, template),
          ...(structuredClone(book.chapters[0]!.tree).children as ElementContent[]),
          colophonLine(book.meta, template),
        ]),
      ]
    : book.chapters.map((c) => h('section.chapter', { id: c.id }, prefixIds(c.tree, c)));
  const tree = fillDocument(template.html.document, {
    lang,
    dir: directionOf(lang),
    title: book.meta.title,
    stylesheets: template.printStylesheets.map((s) => s.path),
    style: pageCss(book, geometry),
    content: body,
  });
  tree.children.unshift({ type: 'doctype' });
  breakUrls(tree);
  return toHtml(tree);
}
