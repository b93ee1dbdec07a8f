import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/**
 * Turns the markup GFM produces into markup that is valid and accessible in EPUB 3 before the
 * EPUB-safe pass sees it: table cell `align` becomes an `align-*` class (epub-gen-memory and
 * XHTML drop the attribute), and task-list checkboxes become labelled, non-interactive marks
 * (a disabled form control without a label is an accessibility fault).
 * Runs right after remark-rehype, before raw HTML is parsed, so it only touches Markdown's own markup.
 */
export function rehypeGfmMarkup() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        node.properties.className = [...toList(node.properties.className), `align-${node.properties.align}`];
        delete node.properties.align;
      }
      if (node.tagName === 'input' && node.properties.type === 'checkbox' && parent && index !== undefined) {
        const done = node.properties.checked === true;
        parent.children[index] = h('span', { className: ['task', done ? 'task-done' : 'task-open'], role: 'img', ariaLabel: done ? 'done' : 'not done' }, done ? '☑' : '☐');
      }
    });
  };
}

function toList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}
