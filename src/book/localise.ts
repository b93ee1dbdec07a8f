import type { Element, Root, Text } from 'hast';
import { visit } from 'unist-util-visit';
import type { AlertKind, Labels } from './labels.js';

// Localisation of the edition-neutral tree once the book's language is known.

/** Opening and closing double quotes by language (smart typography gives English “ ” first). */
const DOUBLE: Record<string, [string, string]> = {
  de: ['„', '“'],
  cs: ['„', '“'],
  sk: ['„', '“'],
  pl: ['„', '”'],
  hu: ['„', '”'],
  ro: ['„', '”'],
  fr: ['«\u202F', '\u202F»'],
  es: ['«', '»'],
  it: ['«', '»'],
  ru: ['«', '»'],
  uk: ['«', '»'],
  nb: ['«', '»'],
  no: ['«', '»'],
  da: ['»', '«'],
  sv: ['”', '”'],
  fi: ['”', '”'],
  ja: ['「', '」'],
};

const SKIPPED = new Set(['code', 'pre', 'kbd', 'samp', 'math', 'script', 'style']);

/** Blocks a quotation does not run across: a mark is paired only with one in the same block. */
const BLOCKS = new Set(['p', 'li', 'dt', 'dd', 'td', 'th', 'caption', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'summary', 'blockquote', 'div', 'section', 'aside']);

/**
 * Gives a book the double quotation marks of its language (`„…“` in German, `« … »` in French),
 * replacing English pairs “…” (smart typography's, or typed) within a block, across inline markup.
 * A mark without its pair is left as written: in German a typed closing “ is the same character as
 * an English opening one (`„Hallo“` stays). Code and math are left alone; English and languages
 * that use “ ” keep them.
 */
export function localiseQuotes(tree: Root, lang: string): void {
  const marks = DOUBLE[lang.split('-')[0]!.toLowerCase()];
  if (!marks) return;
  const [open, close] = marks;
  type Mark = { node: Text; at: number };
  const replacements = new Map<Text, Array<{ at: number; mark: string }>>();
  const replace = (m: Mark, mark: string) => {
    const list = replacements.get(m.node) ?? [];
    list.push({ at: m.at, mark });
    replacements.set(m.node, list);
  };
  const walk = (node: Root | Element, openers: Mark[]): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        for (let i = 0; i < child.value.length; i++) {
          const c = child.value[i];
          if (c === '“') openers.push({ node: child, at: i });
          else if (c === '”' && openers.length > 0) {
            replace(openers.pop()!, open);
            replace({ node: child, at: i }, close);
          }
        }
      } else if (child.type === 'element' && !SKIPPED.has(child.tagName)) {
        walk(child, BLOCKS.has(child.tagName) ? [] : openers);
      }
    }
  };
  walk(tree, []);
  for (const [node, list] of replacements) {
    list.sort((a, b) => b.at - a.at);
    for (const { at, mark } of list) node.value = node.value.slice(0, at) + mark + node.value.slice(at + 1);
  }
}

/** Names the notes section in the book's language (the Markdown stage runs before it is known). */
export function labelNotes(tree: Root, label: string): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'section' && node.properties['epub:type'] === 'footnotes') node.properties.ariaLabel = label;
  });
}

/** Titles GitHub's alerts (`> [!NOTE]`) in the book's language; see `remark-pandoc.ts`. */
export function labelAlerts(tree: Root, labels: Labels): void {
  visit(tree, 'element', (node: Element) => {
    const kind = node.properties.dataColophonAlert;
    if (typeof kind !== 'string') return;
    delete node.properties.dataColophonAlert;
    node.children = [{ type: 'text', value: labels.alerts[kind as AlertKind] ?? kind }];
  });
}
