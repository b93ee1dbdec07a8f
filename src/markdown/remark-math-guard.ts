import type { Root, Text } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import { SKIP, visit } from 'unist-util-visit';

/**
 * Keeps prices from turning into math: like pandoc, inline `$…$` counts as math only when the
 * opening `$` is followed by a non-space, the closing `$` preceded by a non-space and not followed
 * by a digit (`$5 and $10` stays text). Anything else goes back to plain text.
 */
export function remarkMathGuard() {
  return (tree: Root) => {
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const next = parent.children[index + 1];
      const followedByDigit = next?.type === 'text' && /^\d/.test(next.value);
      if (!/^\s|\s$/.test(node.value) && node.value !== '' && !followedByDigit) return undefined;
      const text: Text = { type: 'text', value: `$${node.value}$` };
      if (node.position) text.position = node.position;
      parent.children.splice(index, 1, text);
      return [SKIP, index];
    });
  };
}
