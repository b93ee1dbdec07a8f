import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

const ATTRIBUTES = /\s*\{\s*((?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]*))(?:\s+(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]*)))*)\s*\}\s*$/;

/** Reads `{#id .class lang=fr}` (pandoc / kramdown style) off the end of a heading into its attributes. */
export function remarkHeadingAttributes() {
  return (tree: Root) => {
    visit(tree, 'heading', (node: Heading) => {
      const last = node.children.at(-1);
      if (last?.type !== 'text') return;
      const m = ATTRIBUTES.exec(last.value);
      if (!m) return;
      last.value = last.value.slice(0, m.index).trimEnd();
      if (last.value === '') node.children.pop();
      const props: Record<string, string | string[]> = {};
      const classes: string[] = [];
      for (const token of m[1]!.match(/[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]*)/g) ?? []) {
        if (token.startsWith('#')) props.id = token.slice(1);
        else if (token.startsWith('.')) classes.push(token.slice(1));
        else {
          const [key, ...rest] = token.split('=');
          const value = rest.join('=').replace(/^["']|["']$/g, '');
          // Only attributes that mean something in a book; anything else would be dropped later anyway.
          if (key === 'lang' || key === 'dir' || key === 'title') props[key] = value;
        }
      }
      if (classes.length > 0) props.className = classes;
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), ...props } };
    });
  };
}
