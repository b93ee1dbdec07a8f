import type { Element, ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';

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

/** The element's classes (hast keeps them as a list). */
const classes = (node: Element): string[] => (Array.isArray(node.properties.className) ? node.properties.className.map(String) : []);
const addClass = (node: Element, name: string) => {
  node.properties.className = [...classes(node), name];
};

function lineCount(pre: Element): number {
  const text = toString(pre).replace(/\n$/, '');
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function rowCount(table: Element): number {
  let rows = 0;
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') rows++;
      else if (child.tagName !== 'table') walk(child);
    }
  };
  walk(table);
  return rows;
}

/** Whether a paragraph introduces what follows it: its text ends with a colon. */
const leadsIn = (p: Element) => /[:：]\s*$/.test(toString(p));

/**
 * Marks the print page's blocks for page breaking: long code blocks and tables `breakable` (the
 * templates keep the others whole), and a paragraph ending in a colon right before the code,
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
    else if (node.tagName === 'table' && rowCount(node) > KEEP_WHOLE_LINES) addClass(node, 'breakable');
    const introduced = INTRODUCED.has(node.tagName) || (node.tagName === 'div' && classes(node).includes('math-display'));
    if (introduced && previous?.tagName === 'p' && leadsIn(previous)) addClass(previous, 'lead-in');
    if (!OPAQUE.has(node.tagName)) markPageBreaks(node.children);
    previous = node;
  }
}
