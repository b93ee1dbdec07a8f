import type { Element } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Book } from '../book/model.js';
import { directionOf } from './epub-documents.js';
import { textBlock, type PageGeometry } from './geometry.js';
import type { PagePlan } from './print-plan.js';
import { pt } from './print-document.js';
import { fillDocument } from './template-html.js';
import type { Template } from './template.js';

/**
 * The running heads, folios and contents page numbers of a printed book, as a document of its own:
 * one sheet per page of the edition, each with its head above the text block, its folio below it
 * and its contents numbers where the contents left room for them. Chromium prints it (cheaply: a
 * few words a page) and the finished PDF lays each of its pages over the matching page of the book,
 * as an artifact. This is how every head and folio can be chosen per page (none on chapter
 * openings, blank pages or the title pages; roman numerals before the body) while the body keeps
 * Chromium's native layout, tags, links and outline. The template styles `.running-head`, `.folio`
 * and `.toc-number`; Colophon places them.
 *
 * `printedHeight` is the height of Chromium's pages in the book's PDF: link rectangles count from
 * their bottom edge.
 */
export function overlayDocument(plan: PagePlan, book: Book, template: Template, geometry: PageGeometry, printedHeight: number): string {
  const block = textBlock(geometry);
  const rtl = directionOf(book.meta.lang) === 'rtl';
  // Normal flow, not absolute positions, for heads and folios: Chromium prints a sheet of flowed
  // blocks about three times faster (0.6 s against 1.7 s for 750 pages here).
  const sheets: Element[] = plan.pages.map((page) => {
    const side = page.recto ? 'recto' : 'verso';
    const parts: Element[] = [h('div.running-head', { className: [side] }, page.head === undefined ? [] : [h('span', page.head)])];
    if (page.folio !== undefined) parts.push(h('div.folio', { className: [side] }, h('span', page.folio)));
    for (const { rect, text } of page.tocNumbers) {
      // The number's slot ends the entry: at its right in a left-to-right book, at its left otherwise.
      const [x1, y1, x2, y2] = rect;
      const place = rtl ? `left: ${pt(x1)}; direction: ltr; justify-content: flex-start;` : `left: ${pt(x2 - 72)};`;
      parts.push(h('div.toc-number', { style: `${place} width: 72pt; top: ${pt(printedHeight - y2)}; height: ${pt(y2 - y1)};` }, h('span', text)));
    }
    return h('div.sheet', { className: page.tocNumbers.length > 0 ? ['with-numbers'] : [] }, parts);
  });
  const css = [
    `@page { size: ${pt(block.sheetWidth)} ${pt(block.sheetHeight)}; margin: 0; }`,
    `html, body { margin: 0; padding: 0; background: none; }`,
    `.sheet { height: ${pt(block.sheetHeight)}; break-after: page; }`,
    `.sheet:last-child { break-after: auto; }`,
    `.sheet.with-numbers { position: relative; }`,
    `.running-head, .folio, .toc-number { display: flex; justify-content: center; box-sizing: border-box; margin: 0 ${pt(block.side)}; text-indent: 0; }`,
    `.running-head { height: ${pt(block.top)}; align-items: flex-end; }`,
    `.folio { height: ${pt(block.bottom)}; margin-top: ${pt(block.height)}; align-items: flex-start; }`,
    `.toc-number { position: absolute; margin: 0; align-items: flex-end; justify-content: flex-end; }`,
  ].join('\n');
  const tree = fillDocument(template.html.document, {
    lang: book.meta.lang,
    dir: directionOf(book.meta.lang),
    title: book.meta.title,
    stylesheets: template.printStylesheets.map((s) => s.path),
    style: css,
    content: sheets,
  });
  tree.children.unshift({ type: 'doctype' });
  return toHtml(tree);
}
