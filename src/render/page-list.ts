import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Book } from '../book/model.js';
import { chapterHref } from './epub-documents.js';
import { BLOCK_TAGS } from './print-document.js';
import type { PageMark } from './print-plan.js';

/** Parents that may not hold a `span`: a marker goes inside the block instead. */
const NO_PHRASING = new Set(['hgroup', 'ol', 'ul', 'menu', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'select', 'optgroup', 'datalist', 'colgroup']);

/**
 * Puts the print edition's page breaks into the book's chapters, for the EPUB: a
 * `<span epub:type="pagebreak" role="doc-pagebreak">` before the block each page begins with
 * (inside it for a list item), and the page list (`book.pageList`) that the navigation document
 * lists. Both editions then cite the same page numbers.
 */
export function markPages(book: Book, marks: ReadonlyArray<PageMark>): void {
  const pageList: NonNullable<Book['pageList']> = [];
  for (const chapter of book.chapters) {
    const own = marks.filter((m) => m.chapter === chapter.id);
    if (own.length === 0) continue;
    const blocks: Array<{ node: Element; parent: Root | Element }> = [];
    const ids = new Set<string>();
    visit(chapter.tree, 'element', (node: Element, _index, parent) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (BLOCK_TAGS.has(node.tagName) && parent) blocks.push({ node, parent: parent as Root | Element });
    });
    for (const mark of own) {
      let id = `page-${mark.label}`;
      for (let n = 2; ids.has(id); n++) id = `page-${mark.label}-${n}`;
      ids.add(id);
      const marker = h('span', { id, 'epub:type': 'pagebreak', role: 'doc-pagebreak', ariaLabel: mark.label });
      const target = mark.block === undefined ? undefined : blocks[mark.block];
      if (target === undefined) chapter.tree.children.push(marker);
      else if (target.node.tagName === 'li' || (target.parent.type === 'element' && NO_PHRASING.has(target.parent.tagName))) target.node.children.unshift(marker);
      else {
        const siblings = target.parent.children as ElementContent[];
        siblings.splice(siblings.indexOf(target.node), 0, marker);
      }
      pageList.push({ label: mark.label, href: `${chapterHref(chapter)}#${id}` });
    }
  }
  if (pageList.length > 0) book.pageList = pageList;
}
