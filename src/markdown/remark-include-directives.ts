import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const DIRECTIVE = /\{\{#(include|rustdoc_include|playground|title|template)\b[^}]*\}\}/g;

/**
 * Reports mdBook preprocessor directives (`{{#include file.rs}}` and kin), which Colophon does
 * not expand yet. The text is left as written, so nothing disappears silently.
 */
export function remarkIncludeDirectives() {
  return (tree: Root, file: VFile) => {
    visit(tree, (node) => {
      if (node.type !== 'text' && node.type !== 'code' && node.type !== 'inlineCode' && node.type !== 'html') return;
      const value = (node as { value: string }).value;
      for (const m of value.matchAll(DIRECTIVE)) {
        file.message(`mdBook directive ${m[0].slice(0, 60)} is not supported yet and is left as text; paste the included content instead`, {
          place: node.position,
          ruleId: 'mdbook-directive',
          source: 'colophon',
        });
      }
    });
  };
}
