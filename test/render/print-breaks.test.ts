import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { KEEP_WHOLE_LINES, markPageBreaks } from '../../src/render/print-breaks.js';

function marked(html: string): Root {
  const tree = fromHtml(html, { fragment: true });
  markPageBreaks(tree.children as Element['children']);
  return tree;
}
const code = (lines: number) => `<pre><code>${Array.from({ length: lines }, (_, i) => `line ${i + 1}`).join('\n')}\n</code></pre>`;
const table = (rows: number) => `<table><thead><tr><th>a</th></tr></thead><tbody>${'<tr><td>1</td></tr>'.repeat(rows - 1)}</tbody></table>`;
const elements = (tree: Root, tag: string) => {
  const found: Element[] = [];
  visit(tree, 'element', (e: Element) => void (e.tagName === tag && found.push(e)));
  return found;
};
const classesOf = (tree: Root, tag: string) => elements(tree, tag).map((e) => (e.properties.className as string[] | undefined) ?? []);
const leadIns = (tree: Root) => elements(tree, 'p').filter((p) => ((p.properties.className as string[] | undefined) ?? []).includes('lead-in')).map(toString);

describe('page-break marks of the print page', () => {
  it('lets long code blocks and tables break, and keeps short ones whole', () => {
    const tree = marked(code(KEEP_WHOLE_LINES) + code(KEEP_WHOLE_LINES + 1) + table(KEEP_WHOLE_LINES) + table(KEEP_WHOLE_LINES + 1) + `<blockquote><ul><li>${code(30)}</li></ul></blockquote>`);
    expect(classesOf(tree, 'pre')).toEqual([[], ['breakable'], ['breakable']]);
    expect(classesOf(tree, 'table')).toEqual([[], ['breakable']]);
  });

  it('marks tables of many columns for smaller type', () => {
    const wide = (columns: number) => `<table><tr>${'<th>h</th>'.repeat(columns)}</tr><tr>${'<td>1</td>'.repeat(columns)}</tr></table>`;
    const tree = marked([6, 7, 10, 11, 40].map(wide).join(''));
    expect(classesOf(tree, 'table')).toEqual([[], ['wide-table'], ['wide-table'], ['very-wide-table'], ['very-wide-table']]);
  });

  it('keeps a paragraph ending in a colon with the block it introduces', () => {
    const tree = marked(
      ['<p>Run this:</p>\n', code(3), '<p>Rows：</p>', table(2), '<p>The steps: </p>', '<ol><li>one</li></ol>', '<p>A formula:</p><div class="math-display"><math></math></div>', '<p>No colon.</p>', code(3), '<p>A colon: then more.</p>', code(3), '<p>Before a paragraph:</p><p>after</p>', '<blockquote><p>Nested:</p><pre><code>x</code></pre></blockquote>'].join(''),
    );
    expect(leadIns(tree)).toEqual(['Run this:', 'Rows：', 'The steps: ', 'A formula:', 'Nested:']);
  });
});
