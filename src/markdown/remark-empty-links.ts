import type { Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Reports links whose target is empty (`[text]()`, `[text](#)`) and keeps only their text, since a
 * link that goes nowhere is a defect in both editions.
 */
export function remarkEmptyLinks() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'link', (node, index, parent) => {
      if (node.url.trim() !== '' && node.url.trim() !== '#') return;
      file.message(`link "${node.children.map((c) => ('value' in c ? c.value : '')).join('')}" has an empty target ("${node.url}"); it is kept as plain text — give it a URL or remove the brackets`, {
        place: node.position,
        ruleId: 'empty-link',
        source: 'colophon',
      });
      if (parent && index !== undefined) {
        parent.children.splice(index, 1, ...node.children);
        return [SKIP, index];
      }
      return undefined;
    });
  };
}
