import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

/** Options for {@link rehypeFootnotes}. */
export interface FootnotesOptions {
  /** Accessible name of the notes section. Default `Notes`. */
  label?: string;
}

function cls(node: Element): string[] {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}

/** Whether a node is a note reference as remark-rehype writes it: `<sup><a data-footnote-ref>`. */
export function isNoteReference(node: ElementContent | undefined): boolean {
  return node?.type === 'element' && node.tagName === 'sup' && node.children.some((c) => c.type === 'element' && c.tagName === 'a' && c.properties.dataFootnoteRef !== undefined);
}

/**
 * Rewrites GFM footnotes (as remark-rehype makes them) into EPUB 3 notes, the markup Apple Books
 * and Kobo show as pop-ups: references become `<a epub:type="noteref" role="doc-noteref">`, and
 * each note an `<aside epub:type="footnote" role="doc-footnote">` that starts with a back link.
 * Ids are `fn-N` and `fnref-N` (a second reference to a note gets `fnref-N-2`).
 */
export function rehypeFootnotes(options: FootnotesOptions = {}) {
  const label = options.label ?? 'Notes';
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      // Notes cited together (`text[^1][^2]`) are set apart by a comma: "1,2", not "12".
      for (let i = node.children.length - 2; i >= 0; i--) {
        if (isNoteReference(node.children[i]) && isNoteReference(node.children[i + 1])) node.children.splice(i + 1, 0, h('sup', { className: ['note-separator'] }, ','));
      }
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        delete node.properties.dataFootnoteRef;
        delete node.properties.ariaDescribedBy;
        node.properties['epub:type'] = 'noteref';
        node.properties.role = 'doc-noteref';
      }
    });
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'section' || node.properties.dataFootnotes === undefined || !parent || index === undefined) return;
      const list = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'ol');
      const items = (list?.children ?? []).filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
      const asides = items.map((li, i) => {
        const id = String(li.properties.id ?? `fn-${i + 1}`);
        let backHref: string | undefined;
        // Drop the trailing back links (↩); the note opens with its number, linked to the first reference.
        visit(li, 'element', (a: Element, j, p) => {
          if (a.tagName === 'a' && a.properties.dataFootnoteBackref !== undefined && p && j !== undefined) {
            if (backHref === undefined && typeof a.properties.href === 'string') backHref = a.properties.href;
            p.children.splice(j, 1);
            return j;
          }
          return undefined;
        });
        const back = h('a', { href: backHref ?? `#fnref-${i + 1}`, role: 'doc-backlink', className: ['note-number'] }, `${i + 1}.`);
        const content = li.children.filter((c) => !(c.type === 'text' && c.value.trim() === '')) as ElementContent[];
        const first = content[0];
        if (first?.type === 'element' && first.tagName === 'p') first.children.unshift(back, { type: 'text', value: ' ' });
        else content.unshift(h('p', [back]));
        return h('aside', { id, 'epub:type': 'footnote', role: 'doc-footnote', className: ['footnote'] }, content);
      });
      parent.children[index] = h('section', { className: ['footnotes', ...cls(node).filter((c) => c !== 'footnotes')], 'epub:type': 'footnotes', role: 'doc-endnotes', ariaLabel: label }, [
        h('hr', { className: ['footnotes-rule'] }),
        ...asides,
      ]);
    });
  };
}
