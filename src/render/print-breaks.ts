import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { addClass, classList } from '../markdown/class-list.js';

/**
 * Code blocks and tables up to this many lines (rows) are kept whole on a page; longer ones may
 * break across pages (at least three lines on each side), so that a long listing does not leave
 * the foot of the page before it empty.
 */
export const KEEP_WHOLE_LINES = 8;

/** What a paragraph ending in a colon introduces, and is kept on the page with. */
const INTRODUCED = new Set(['pre', 'table', 'ul', 'ol', 'dl', 'figure', 'blockquote']);

/** Elements whose content is inline or their own: nothing in them is looked at. */
const OPAQUE = new Set(['p', 'pre', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'math', 'svg', 'figcaption']);


function lineCount(pre: Element): number {
  const text = toString(pre).replace(/\n$/, '');
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** A table's rows, and the most cells one of them has. */
function tableSize(table: Element): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') {
        rows++;
        columns = Math.max(columns, child.children.filter((c) => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th')).length);
      } else if (child.tagName !== 'table') walk(child);
    }
  };
  walk(table);
  return { rows, columns };
}

/** Tables of this many columns or more are set in smaller type (`.wide-table`), and smaller still from the second (`.very-wide-table`). */
export const WIDE_TABLE_COLUMNS = [7, 11] as const;

/** Whether a paragraph introduces what follows it: its text ends with a colon. */
const leadsIn = (p: Element) => /[:：]\s*$/.test(toString(p));

/**
 * Marks the print page's blocks for page breaking: long code blocks and tables `breakable` (the
 * templates keep the others whole), tables of many columns `wide-table` or `very-wide-table` (set
 * in smaller type, so that their words are not broken letter by letter), and a paragraph ending in a colon right before the code,
 * table, list, figure or quotation it introduces `lead-in` (kept on the page with it, rather than
 * left alone at the foot of the page before).
 */
export function markPageBreaks(nodes: ReadonlyArray<ElementContent>): void {
  let previous: Element | undefined;
  for (const node of nodes) {
    if (node.type !== 'element') {
      if (node.type === 'text' && node.value.trim() === '') continue;
      previous = undefined;
      continue;
    }
    if (node.tagName === 'pre' && lineCount(node) > KEEP_WHOLE_LINES) addClass(node, 'breakable');
    else if (node.tagName === 'table') {
      const { rows, columns } = tableSize(node);
      if (rows > KEEP_WHOLE_LINES) addClass(node, 'breakable');
      if (columns >= WIDE_TABLE_COLUMNS[1]) addClass(node, 'very-wide-table');
      else if (columns >= WIDE_TABLE_COLUMNS[0]) addClass(node, 'wide-table');
    }
    const introduced = INTRODUCED.has(node.tagName) || (node.tagName === 'div' && classList(node).includes('math-display'));
    if (introduced && previous?.tagName === 'p' && leadsIn(previous)) addClass(previous, 'lead-in');
    if (!OPAQUE.has(node.tagName)) markPageBreaks(node.children);
    previous = node;
  }
}
