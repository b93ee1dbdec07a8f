import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

type StarryNight = {
  flagToScope(flag: string): string | undefined;
  highlight(value: string, scope: string): Root;
};

let starryNight: Promise<StarryNight> | undefined;

/** Loads starry-night with its common grammars once per process, on first use. */
async function loadStarryNight(): Promise<StarryNight> {
  const { common, createStarryNight } = await import('@wooorm/starry-night');
  return (await createStarryNight(common)) as unknown as StarryNight;
}

/**
 * Highlights fenced code with a language (```js) at build time with starry-night: tokens become
 * `span.pl-*` classes the template styles, so neither edition runs a script. Unknown languages and
 * plain blocks stay as they are.
 */
export function rehypeHighlight() {
  return async (tree: Root) => {
    const blocks: Array<{ code: Element; flag: string }> = [];
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'pre') return;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      const cls = Array.isArray(code?.properties.className) ? code.properties.className.map(String) : [];
      const flag = cls.find((c) => c.startsWith('language-') && c !== 'language-math')?.slice('language-'.length);
      if (code && flag) blocks.push({ code, flag });
    });
    if (blocks.length === 0) return;
    const highlighter = await (starryNight ??= loadStarryNight());
    for (const { code, flag } of blocks) {
      const scope = highlighter.flagToScope(flag);
      if (!scope) continue;
      const text = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      if (text.length > 200_000) continue;
      code.children = highlighter.highlight(text, scope).children as ElementContent[];
    }
  };
}
