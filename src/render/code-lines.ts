import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { addClass } from '../markdown/class-list.js';

/** Columns a wrapped line of code goes in past the line's own indentation. */
const HANG = 4;
/** The most a wrapped line goes in, in columns (a deeply indented line keeps room for its text). */
const MAX_HANG = 24;
/** Columns a tab takes (CSS's default `tab-size`). */
const TAB = 8;

/** Class of a code block set as one box per line (see {@link setCodeLines}). */
export const CODE_LINES_CLASS = 'code-lines';

/**
 * How the print page sets such a block: each line a block of its own whose wrapped part goes in
 * by `--hang`, so that it cannot be read as the next line of code; breaks between lines of a
 * long block keep three at the foot and three at the head of a page, as the templates ask of it
 * (`orphans: 3; widows: 3`); a page may end inside a wrapped line, as it could before.
 */
export const CODE_LINES_CSS = [
  `pre.${CODE_LINES_CLASS} > code { display: block; }`,
  `pre.${CODE_LINES_CLASS} .line { display: block; padding-inline-start: var(--hang); text-indent: calc(-1 * var(--hang)); orphans: 1; widows: 1; }`,
  // Only in a block that may break at all (`print-breaks.ts`): in a short one, a line both first
  // and last would pass its break-avoid on to the block, and to the box of page-foot notes a
  // note's code sits in, which then left its page.
  `pre.${CODE_LINES_CLASS}.breakable .line:nth-child(-n + 2) { break-after: avoid; }`,
  `pre.${CODE_LINES_CLASS}.breakable .line:nth-last-child(-n + 2) { break-before: avoid; }`,
].join('\n');

/** The nodes of a run of code split at its line ends, elements that span lines repeated on each (an id only on the first). */
function linesOf(nodes: ReadonlyArray<ElementContent>): ElementContent[][] {
  const lines: ElementContent[][] = [[]];
  for (const node of nodes) {
    let parts: ElementContent[][];
    if (node.type === 'text') parts = node.value.split('\n').map((value) => (value === '' ? [] : [{ type: 'text', value }]));
    else if (node.type === 'element' && node.children.length > 0 && toString(node).includes('\n')) {
      parts = linesOf(node.children).map((line, i) => {
        if (line.length === 0) return [];
        const properties = { ...node.properties };
        if (i > 0) delete properties.id;
        return [{ ...node, properties, children: line }];
      });
    } else parts = [[node]];
    lines[lines.length - 1]!.push(...parts[0]!);
    for (const part of parts.slice(1)) lines.push(part);
  }
  return lines;
}

/** Columns of a line's leading white space. */
function indentOf(text: string): number {
  let columns = 0;
  for (const c of text) {
    if (c === ' ') columns++;
    else if (c === '\t') columns += TAB - (columns % TAB);
    else break;
  }
  return columns;
}

/**
 * Sets a code block (`pre`, its `code` inside) as one box per line, each carrying how far its
 * wrapped part goes in (`--hang`: the line's indentation and four columns more): a line too long
 * for the page wraps under its own text rather than at the left edge. The text is unchanged
 * (line ends become the boxes' edges; an empty line holds a line break).
 */
export function setCodeLines(pre: Element): void {
  const elements = pre.children.filter((c): c is Element => c.type === 'element');
  const only = elements.length === 1 && elements[0]!.tagName === 'code' && pre.children.every((c) => c === elements[0] || (c.type === 'text' && c.value.trim() === '')) ? elements[0]! : undefined;
  const holder = only ?? pre;
  const lines = linesOf(holder.children);
  // The line end after the last line (Markdown's code always has one) starts no line.
  if (lines.length > 1 && lines.at(-1)!.length === 0) lines.pop();
  holder.children = lines.map((line) => {
    const hang = Math.min(MAX_HANG, indentOf(toString({ type: 'element', tagName: 'span', properties: {}, children: line })) + HANG);
    return h('span.line', { style: `--hang: ${hang}ch` }, line.length > 0 ? line : [h('br')]);
  });
  addClass(pre, CODE_LINES_CLASS);
}

/** Sets every code block under `nodes` one box per line ({@link setCodeLines}). */
export function setCodeLinesIn(nodes: ReadonlyArray<ElementContent>): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'pre') setCodeLines(node);
    else setCodeLinesIn(node.children);
  }
}
