import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Element, ElementContent, Root, Text } from 'hast';


type Hyphenator = (text: string) => string;

const require = createRequire(import.meta.url);

/** Pattern files of the `hyphen` package, by lower-case name (`en-us`, `de-1996`, `fr`, …). */
let patternNames: Set<string> | undefined;
function available(): Set<string> {
  if (patternNames === undefined) {
    const dir = join(dirname(require.resolve('hyphen/package.json')), 'patterns');
    patternNames = new Set(readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)));
  }
  return patternNames;
}

/** Where the language's bare tag has no pattern file of its own, the spelling most books use. */
const DEFAULT_VARIANT: Record<string, string> = {
  en: 'en-us',
  de: 'de-1996',
  el: 'el-monoton',
  mn: 'mn-cyrl',
  sr: 'sr-cyrl',
  sh: 'sh-latn',
  no: 'nb',
};

/** Writing systems that break lines between syllables or characters without a hyphen: never hyphenated. */
const NO_HYPHENS = new Set(['th', 'lo', 'km', 'my', 'bo', 'zh', 'ja', 'ko']);

/** The `hyphen` pattern name for a BCP 47 tag (`en-GB` → `en-gb`, `de` → `de-1996`), if any. */
export function patternFor(lang: string): string | undefined {
  const names = available();
  const tag = lang.toLowerCase();
  const primary = tag.split('-')[0]!;
  if (NO_HYPHENS.has(primary)) return undefined;
  for (const candidate of [tag, tag.split('-').slice(0, 2).join('-'), DEFAULT_VARIANT[primary], primary]) {
    if (candidate && names.has(candidate)) return candidate;
  }
  return undefined;
}

const hyphenators = new Map<string, Hyphenator>();

/** A function that puts soft hyphens (U+00AD) into words of a language, or undefined if Colophon has no patterns for it. */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const name = patternFor(lang);
  if (name === undefined) return undefined;
  let hyphenate = hyphenators.get(name);
  if (hyphenate === undefined) {
    const createHyphenator = require('hyphen') as (patterns: unknown, options: object) => Hyphenator;
    hyphenate = createHyphenator(require(`hyphen/patterns/${name}.js`), { html: false, minWordLength: 6 });
    hyphenators.set(name, hyphenate);
  }
  return hyphenate;
}

/** Elements whose text is never hyphenated: code, math, headings, and anything set as a unit. */
const KEEP = new Set(['pre', 'code', 'kbd', 'samp', 'var', 'math', 'svg', 'script', 'style', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'abbr', 'time', 'nav', 'header', 'title']);

/** Words that look like addresses, identifiers or names, not prose (`example.com`, `snake_case`, `v1.2.3`, `NASA`, `MongoDB`, `iPhone`). */
const NOT_A_WORD = /[@/_\\:.\d]|^[A-Z]{2,}$|\p{Ll}\p{Lu}/u;

/**
 * Puts soft hyphens into the prose of a print tree, by the language of each element (`lang`
 * attributes inside the book are followed). Code, math, headings, links that show an address,
 * and words with digits or punctuation inside are left whole. Chromium breaks lines at soft hyphens
 * and draws a hyphen there; it does not hyphenate by itself.
 */
export function hyphenateTree(tree: Root | Element, lang: string): void {
  const walk = (node: Root | Element, current: Hyphenator | undefined): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        if (current) (child as Text).value = hyphenateText(child.value, current);
      } else if (child.type === 'element') {
        if (KEEP.has(child.tagName) || child.properties.translate === 'no') continue;
        const href = child.properties.href;
        // A link to an address shows one, or a name: neither is hyphenated (`break-urls.ts` breaks long addresses).
        if (child.tagName === 'a' && typeof href === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
        const own = typeof child.properties.lang === 'string' ? child.properties.lang : undefined;
        walk(child, own === undefined ? current : hyphenatorFor(own));
      }
    }
  };
  walk(tree, hyphenatorFor(lang));
}

/** Hyphenates the words of a text run, leaving alone anything that is not a plain word. */
function hyphenateText(text: string, hyphenate: Hyphenator): string {
  return text.replace(/[\p{L}\p{M}\u00AD'’.@/_\\:\d-]{6,}/gu, (word) => (NOT_A_WORD.test(word) || word.includes('\u00AD') ? word : hyphenate(word)));
}

