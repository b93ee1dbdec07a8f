import type { Element, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
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

/**
 * Gives a book the double quotation marks of its language (`„…“` in German, `« … »` in French),
 * replacing the English marks smart typography produced. Code and math are left alone; English
 * and languages that use “ ” keep them.
 */
export function localiseQuotes(tree: Root, lang: string): void {
  const marks = DOUBLE[lang.split('-')[0]!.toLowerCase()];
  if (!marks) return;
  const [open, close] = marks;
  visit(tree, (node) => {
    if (node.type === 'element' && SKIPPED.has((node as Element).tagName)) return SKIP;
    if (node.type === 'text') {
      const t = node as Text;
      if (t.value.includes('“') || t.value.includes('”')) t.value = t.value.replace(/“\s?/g, open).replace(/\s?”/g, close);
    }
    return undefined;
  });
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
