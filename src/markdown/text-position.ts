import type { Point, Position } from 'unist';

/** Where the character at `offset` of a text node (mdast or hast) is in its file, when the node has a place. */
export function pointIn(node: { value: string; position?: Position | undefined }, offset: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  const lines = node.value.slice(0, offset).split('\n');
  return { line: start.line + lines.length - 1, column: lines.length > 1 ? lines.at(-1)!.length + 1 : start.column + offset };
}
