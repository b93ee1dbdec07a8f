import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { grammarIndex } from './grammar-index.js';

type Grammar = { scopeName: string };
type StarryNight = {
  register(grammars: Grammar[]): Promise<undefined>;
  highlight(value: string, scope: string): Root;
};

let starryNight: Promise<StarryNight> | undefined;
const registered = new Map<string, Promise<boolean>>();
// starry-night's register() is not safe to call concurrently: registrations run one at a time.
let registering: Promise<unknown> = Promise.resolve();

/**
 * A starry-night instance with the grammars for `scopes`, each imported on first use (importing
 * starry-night's whole common set would cost a second of every build with code).
 */
async function highlighterFor(scopes: ReadonlyArray<string>): Promise<StarryNight> {
  const instance = await (starryNight ??= import('@wooorm/starry-night').then(({ createStarryNight }) => createStarryNight([]) as unknown as Promise<StarryNight>));
  await Promise.all(
    scopes.map((scope) => {
      let pending = registered.get(scope);
      if (!pending) {
        pending = import(`@wooorm/starry-night/${scope}`)
          .then((m: { default: Grammar }) => {
            const done = registering.then(() => instance.register([m.default]));
            registering = done.catch(() => undefined);
            return done.then(() => true);
          })
          .catch(() => false);
        registered.set(scope, pending);
      }
      return pending;
    }),
  );
  return instance;
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
    const scoped = blocks.map((b) => ({ ...b, scope: grammarIndex[b.flag.toLowerCase()] }));
    const scopes = [...new Set(scoped.map((b) => b.scope).filter((s): s is string => s !== undefined))];
    if (scopes.length === 0) return;
    const highlighter = await highlighterFor(scopes);
    for (const { code, scope } of scoped) {
      if (!scope || !(await registered.get(scope))) continue;
      const text = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      if (text.length > 200_000) continue;
      code.children = highlighter.highlight(text, scope).children as ElementContent[];
    }
  };
}
