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

/** Single (inner) quotation marks by language, for English pairs ‘…’ (the same languages' conventions). */
const SINGLE: Record<string, [string, string]> = {
  de: ['‚', '‘'],
  cs: ['‚', '‘'],
  sk: ['‚', '‘'],
  pl: ['»', '«'],
  hu: ['»', '«'],
  ro: ['«', '»'],
  fr: ['‹\u202F', '\u202F›'],
  es: ['“', '”'],
  it: ['“', '”'],
  ru: ['„', '“'],
  uk: ['„', '“'],
  nb: ['‘', '’'],
  no: ['‘', '’'],
  da: ['›', '‹'],
  sv: ['’', '’'],
  fi: ['’', '’'],
  ja: ['『', '』'],
};

const SKIPPED = new Set(['code', 'pre', 'kbd', 'samp', 'math', 'script', 'style']);

/** Blocks a quotation does not run across: a mark is paired only with one in the same block. */
const BLOCKS = new Set(['p', 'li', 'dt', 'dd', 'td', 'th', 'caption', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'summary', 'blockquote', 'div', 'section', 'aside']);

/**
 * Gives a book the quotation marks of its language (`„…“` and `‚…‘` in German, `« … »` and
 * `‹ … ›` in French), replacing English pairs “…” and ‘…’ (smart typography's, or typed) within a
 * block, across inline markup. A mark without its pair is left as written: in German a typed
 * closing “ is the same character as an English opening one (`„Hallo“` stays). A ’ between two
 * letters is an apostrophe (`don’t`, `Peter’s`), never a closing mark. Code and math are left
 * alone; English and languages that use “ ” keep them.
 */
export function localiseQuotes(tree: Root, lang: string): void {
  const base = lang.split('-')[0]!.toLowerCase();
  const double = DOUBLE[base];
  const single = SINGLE[base];
  if (!double) return;
  type Mark = { node: Text; at: number };
  type Openers = { double: Mark[]; single: Mark[] };
  const replacements = new Map<Text, Array<{ at: number; mark: string }>>();
  const replace = (m: Mark, mark: string) => {
    const list = replacements.get(m.node) ?? [];
    list.push({ at: m.at, mark });
    replacements.set(m.node, list);
  };
  const letter = /[\p{L}\p{N}]/u;
  const walk = (node: Root | Element, openers: Openers): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        const v = child.value;
        for (let i = 0; i < v.length; i++) {
          const c = v[i];
          if (c === '“') openers.double.push({ node: child, at: i });
          else if (c === '”' && openers.double.length > 0) {
            replace(openers.double.pop()!, double[0]);
            replace({ node: child, at: i }, double[1]);
          } else if (single && c === '‘') openers.single.push({ node: child, at: i });
          else if (single && c === '’' && openers.single.length > 0 && !(letter.test(v[i - 1] ?? '') && letter.test(v[i + 1] ?? ''))) {
            replace(openers.single.pop()!, single[0]);
            replace({ node: child, at: i }, single[1]);
          }
        }
      } else if (child.type === 'element' && !SKIPPED.has(child.tagName)) {
        walk(child, BLOCKS.has(child.tagName) ? { double: [], single: [] } : openers);
      }
    }
  };
  walk(tree, { double: [], single: [] });
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
