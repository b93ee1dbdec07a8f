import type { Paragraph, Root, Text } from 'mdast';
import type { Node } from 'unist';
import type { InlineMath, Math } from 'mdast-util-math';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Keeps prices from turning into math: like pandoc, inline `$…$` counts as math only when the
 * opening `$` is followed by a non-space, the closing `$` preceded by a non-space and not followed
 * by a digit (`$5 and $10` stays text). Anything else goes back to plain text.
 */
export function remarkMathGuard() {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const written = (node: Node) => source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const next = parent.children[index + 1];
      const followedByDigit = next?.type === 'text' && /^\d/.test(next.value);
      // `$$…$$` is display math, as pandoc has it, even written on one line.
      const display = written(node).startsWith('$$');
      if (display || (!/^\s|\s$/.test(node.value) && node.value !== '' && !followedByDigit)) {
        if (display) node.data = { ...node.data, hProperties: { className: ['language-math', 'math-display'] } };
        return undefined;
      }
      const text: Text = { type: 'text', value: `$${node.value}$` };
      if (node.position) text.position = node.position;
      parent.children.splice(index, 1, text);
      return [SKIP, index];
    });
    // A paragraph of nothing but one `$$…$$` is a displayed formula, set apart as a block.
    visit(tree, 'paragraph', (node: Paragraph, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const only = content.length === 1 && content[0]!.type === 'inlineMath' && written(content[0]!).startsWith('$$') ? content[0] : undefined;
      if (!only) return undefined;
      const value = (only as InlineMath).value.trim();
      // As the parser makes a `$$` block: <pre><code class="language-math math-display">.
      const code = { type: 'element' as const, tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text' as const, value }] };
      const math: Math = { type: 'math', value, meta: null, data: { hName: 'pre', hChildren: [code] } };
      if (node.position) math.position = node.position;
      parent.children.splice(index, 1, math);
      return SKIP;
    });
    // `$$` never closed: like an unclosed code fence, it takes in the rest of the file.
    visit(tree, 'math', (node: Math) => {
      const text = written(node);
      const lines = text.trimEnd().split('\n');
      if (node.position?.end.offset !== source.trimEnd().length && node.position?.end.offset !== source.length) return;
      if (lines.length > 1 && /^\s*\$\$+\s*$/.test(lines[lines.length - 1]!)) return;
      file.message(`display math opened here with $$ is never closed: it takes in the rest of the file (${lines.length} lines) — close it with a line of $$, or write \\$ for a dollar sign`, { place: node.position?.start, ruleId: 'math-unclosed', source: 'colophon' });
    });
  };
}
