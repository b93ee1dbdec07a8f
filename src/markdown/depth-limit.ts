import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';

/** Deepest nesting of blocks and elements processed (a list 100 levels deep, the Markdown limit, is 200 deep as a tree); deeper trees overflow the call stack of tree tools. */
export const MAX_DEPTH = 250;

/**
 * Fails the file when its tree nests deeper than {@link MAX_DEPTH} (say, thousands of `<div>`s
 * in raw HTML), measured without recursion, at the line where it happens.
 */
export function depthLimit(stage: string) {
  return (tree: Node, file: VFile) => {
    const stack: Array<[Node, number]> = [[tree, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > MAX_DEPTH) {
        const message = file.message(`${stage} nested more than ${MAX_DEPTH} levels deep here; flatten it`, {
          place: node.position,
          ruleId: 'limit',
          source: 'colophon',
        });
        message.fatal = true;
        throw message;
      }
      for (const child of (node as Parent).children ?? []) stack.push([child, depth + 1]);
    }
  };
}
