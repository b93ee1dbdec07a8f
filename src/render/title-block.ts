import type { Element } from 'hast';
import { h } from 'hastscript';
import type { BookMeta } from '../book/model.js';

/** Formats an ISO date for readers, in the book's language (`June 30, 2011`, `30. Juni 2011`). */
export function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m !== undefined) options.month = 'long';
  if (d !== undefined) options.day = 'numeric';
  try {
    return new Intl.DateTimeFormat(lang, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(date);
  }
}

/** Joins names the way the language lists them (`A, B and C`). */
export function formatNames(names: ReadonlyArray<string>, lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}

/** The title block that opens a one-chapter book: title, subtitle, byline, date. */
export function titleBlock(meta: BookMeta): Element {
  return h('header.title-block', [
    h('h1.title', { id: 'title' }, meta.title),
    meta.subtitle ? h('p.subtitle', meta.subtitle) : null,
    meta.authors.length > 0 ? h('p.byline', formatNames(meta.authors, meta.lang)) : null,
    meta.date ? h('p.dateline', h('time', { dateTime: meta.date }, formatDate(meta.date, meta.lang))) : null,
  ]);
}

/** The closing line of a one-chapter book. */
export function colophonLine(meta: BookMeta): Element {
  const parts = [meta.rights, meta.publisher, 'Typeset with Colophon'].filter((p): p is string => p !== undefined);
  return h('p.colophon', parts.join(' · '));
}
