import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const DIRECTIVE = /(\\?)\{\{#(include|rustdoc_include|playground|title|template)\b[^}]*\}\}/g;

/**
 * Reports mdBook preprocessor directives (`{{#include file.rs}}` and kin), which Colophon does
 * not expand yet. The text is left as written, so nothing disappears silently. A directive
 * escaped as mdBook has it (`\{{#include file.rs}}`, to show the syntax) is text: shown without
 * its backslash, and not reported.
 */
export function remarkIncludeDirectives() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    visit(tree, (node) => {
      if (node.type !== 'text' && node.type !== 'code' && node.type !== 'inlineCode' && node.type !== 'html') return;
      const literal = node as { value: string; position?: { start: { offset?: number }; end: { offset?: number } } };
      if (!literal.value.includes('{{#')) return;
      // In text, Markdown has already taken the backslash of `\{`: the source shows whether it was there.
      const start = literal.position?.start.offset;
      const end = literal.position?.end.offset;
      const written = node.type === 'text' && start !== undefined && end !== undefined ? source.slice(start, end) : literal.value;
      for (const m of written.matchAll(DIRECTIVE)) {
        if (m[1] === '\\') continue;
        file.message(`mdBook directive ${m[0].slice(0, 60)} is not supported yet and is left as text; paste the included content instead`, {
          place: node.position,
          ruleId: 'mdbook-directive',
          source: 'colophon',
        });
      }
      // Code keeps its backslashes as typed: mdBook shows an escaped directive without it.
      if (node.type !== 'text') literal.value = literal.value.replace(/\\(\{\{#(?:include|rustdoc_include|playground|title|template)\b)/g, '$1');
    });
  };
}
