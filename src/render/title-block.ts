import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { BYLINE_NOTES_CLASS, TITLE_NOTES_CLASS } from '../markdown/remark-title-block.js';
import type { BookMeta } from '../book/model.js';
import { fillFields } from './template-html.js';
import type { Template } from './template.js';

/** Intl formatters by language and options: making one costs far more than using it (a shelf of books asks for the same few). */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.ListFormat | undefined>();
function cached<T extends Intl.DateTimeFormat | Intl.ListFormat | undefined>(key: string, make: () => T): T {
  if (!formatters.has(key)) formatters.set(key, make());
  return formatters.get(key) as T;
}

/** Formats an ISO date for readers, in the book's language (`June 30, 2011`, `30. Juni 2011`). */
export function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m !== undefined) options.month = 'long';
  if (d !== undefined) options.day = 'numeric';
  return cached(`date\0${lang}\0${options.month ?? ''}\0${options.day ?? ''}`, () => {
    try {
      return new Intl.DateTimeFormat(lang, options);
    } catch {
      return new Intl.DateTimeFormat('en', options);
    }
  }).format(date);
}

/** Joins names the way the language lists them (`A, B and C`). */
export function formatNames(names: ReadonlyArray<string>, lang: string): string {
  const list = cached(`list\0${lang}`, () => {
    try {
      return new Intl.ListFormat(lang, { type: 'conjunction' });
    } catch {
      return undefined;
    }
  });
  return list ? list.format(names) : names.join(', ');
}

/** The title block that opens a one-chapter book, from the template's `title-block.html`. */
export function titleBlock(meta: BookMeta, template: Template): Element {
  return fillFields(template.html.titleBlock, {
    title: meta.title,
    subtitle: meta.subtitle,
    authors: meta.authors.length > 0 ? formatNames(meta.authors, meta.lang) : undefined,
    date: meta.date ? { text: formatDate(meta.date, meta.lang), attributes: { dateTime: meta.date } } : undefined,
  });
}

/**
 * The title block that opens a one-chapter book and the chapter's content, with the notes its
 * title heading carried (`# Title[^1]`, kept at the top of the content by remark-title-block) set
 * after the title.
 */
export function opening(meta: BookMeta, template: Template, content: ElementContent[]): { opening: Element; content: ElementContent[] } {
  const block = titleBlock(meta, template);
  const rest = [...content];
  const title = find(block, (el) => /^h[1-6]$/.test(el.tagName));
  for (;;) {
    const at = rest.findIndex((c) => c.type === 'element');
    const notes = rest[at];
    const classes = notes?.type === 'element' ? ((notes.properties.className as string[] | undefined) ?? []) : [];
    const byline = classes.includes(BYLINE_NOTES_CLASS);
    if (!byline && !classes.includes(TITLE_NOTES_CLASS)) break;
    const target = (byline ? find(block, (el) => ((el.properties.className as string[] | undefined) ?? []).includes('byline')) : undefined) ?? title;
    if (!target) break;
    target.children.push(...(notes as Element).children);
    rest.splice(at, 1);
  }
  return { opening: block, content: rest };
}

/**
 * The one-chapter book's title as its heading prints it, with the numbers of the notes it cites
 * (undefined when it cites none): the PDF's bookmark for it is made from that.
 */
export function notedTitle(meta: BookMeta, tree: Root): string | undefined {
  const marks = tree.children
    .filter((c): c is Element => c.type === 'element' && ((c.properties.className as string[] | undefined) ?? []).includes(TITLE_NOTES_CLASS))
    .map((c) => toString(c))
    .join('');
  return marks === '' ? undefined : `${meta.title}${marks}`;
}

function find(node: Element, test: (el: Element) => boolean): Element | undefined {
  if (test(node)) return node;
  for (const c of node.children) {
    const found = c.type === 'element' ? find(c, test) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * The identifier as printed for readers: an ISBN, a DOI or whatever the book gave; not a
 * `urn:uuid:` (Colophon's own, made from the content, or any other), which means nothing on paper.
 */
export function printedIdentifier(meta: BookMeta): string | undefined {
  return /^urn:uuid:/i.test(meta.identifier) ? undefined : meta.identifier;
}

/** The closing line of a one-chapter book, from the template's `colophon.html`. */
export function colophonLine(meta: BookMeta, template: Template): Element {
  return fillFields(template.html.colophon, { rights: meta.rights, publisher: meta.publisher, edition: meta.edition, identifier: printedIdentifier(meta) });
}
