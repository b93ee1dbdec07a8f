import type { MetadataInput } from '../config/metadata-schema.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TitleBlock } from '../markdown/data.js';
import { normaliseDate } from '../markdown/parse-date.js';
import { visibleText } from '../markdown/xml-chars.js';
import { contentIdentifier } from './identifier.js';
import { detectLanguage } from './language.js';
import type { BookMeta } from './model.js';

/** Merges metadata blocks, most specific first: each key takes the first value set. */
export function mergeMetadata(blocks: ReadonlyArray<MetadataInput | undefined>): MetadataInput {
  const merged: Record<string, unknown> = {};
  for (const block of blocks) {
    if (!block) continue;
    for (const [key, value] of Object.entries(block)) {
      if (value !== undefined && !(key in merged)) merged[key] = value;
    }
  }
  return merged as MetadataInput;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Shortens text to at most `max` characters at a word boundary. */
export function excerpt(text: string, max = 300): string {
  const t = visibleText(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:.—–-]+$/u, '')}…`;
}

/** What the text itself offers when metadata is missing. */
export interface InferenceInput {
  titleBlock?: TitleBlock;
  /** A one-file book's first level-1 heading, when it does not open the file (a title block would). */
  headingTitle?: string;
  /** Plain text of the whole book, for language detection (computed only when needed). */
  text: string | (() => string);
  /** Plain text of the first body paragraph, for the description. */
  firstParagraph?: string;
  /** The book's sources, for a content-derived identifier. */
  contentParts: string[];
  /** Fallback title (the file or folder name). */
  fallbackTitle: string;
  /** What the fallback title is the name of. */
  fallbackKind?: 'file' | 'folder';
  /** File that diagnostics about inference point at. */
  file: string;
  /** Where a key's value was written (book.yaml's line, the front matter's), for diagnostics about it. */
  placeOf?: (key: string) => { file: string; line: number } | undefined;
  /** The metadata block set by the config's defaults (inference ranks above it). */
  defaults: MetadataInput;
}

/**
 * Completes merged metadata: title, authors and date from the title block when set nowhere more
 * specific (the inferred values rank above the config's defaults), language detected from the text
 * (with a diagnostic; `en` when unsure), a description from the opening paragraph, an identifier
 * from the content.
 */
export function resolveMetadata(specific: MetadataInput, input: InferenceInput): { meta: BookMeta; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (key: string) => input.placeOf?.(key) ?? { file: input.file, line: 1 };
  const tb = input.titleBlock ?? {};
  const inferred: MetadataInput = {};
  if (tb.title !== undefined) inferred.title = tb.title;
  else if (input.headingTitle !== undefined) inferred.title = input.headingTitle;
  if (tb.authors !== undefined) inferred.author = tb.authors;
  if (tb.date !== undefined) inferred.date = tb.date;
  const m = mergeMetadata([specific, inferred, input.defaults]);

  let lang = m.lang;
  if (lang === undefined) {
    const detected = detectLanguage(typeof input.text === 'function' ? input.text() : input.text);
    lang = detected.lang;
    diagnostics.push({
      file: input.file,
      line: 1,
      column: 1,
      severity: 'warning',
      rule: 'lang-detected',
      message: detected.sure
        ? `no "lang" set; detected "${lang}" from the text — set lang in front matter or the config to be sure`
        : `no "lang" set and the text is too short or mixed to tell; assuming "en" — set lang in front matter or the config`,
    });
  }
  let date: string | undefined;
  if (m.date !== undefined) {
    date = normaliseDate(m.date);
    if (date === undefined) {
      // Written as YYYY-MM-DD and still refused: a day the calendar does not have (2024-02-30).
      const shaped = /^\d{4}-\d{2}-\d{2}/.test(String(m.date));
      diagnostics.push({ ...at('date'), column: 1, severity: 'warning', rule: 'date', message: `date "${String(m.date)}" is not a date Colophon can read; ${shaped ? 'that day is not in the calendar' : 'use YYYY-MM-DD'}` });
    }
  }
  const title = m.title ?? (visibleText(input.fallbackTitle) || 'Untitled');
  if (m.title === undefined) {
    diagnostics.push({ file: input.file, line: 1, column: 1, severity: 'warning', rule: 'title-missing', message: `no title set or found: the book is called "${title}", after its ${input.fallbackKind ?? 'file'} name — set title in front matter${input.fallbackKind === 'folder' ? ', book.yaml' : ''} or the config` });
  }
  const meta: BookMeta = {
    title,
    authors: list(m.author),
    lang,
    description: m.description ?? (excerpt(input.firstParagraph ?? '') || excerpt(title)),
    subjects: list(m.subject),
    keywords: list(m.keywords),
    identifier: m.identifier ?? contentIdentifier(input.contentParts),
  };
  // Marked as a UUID, it must be one (EPUB checkers test it).
  if (m.identifier !== undefined && /^urn:uuid:/i.test(m.identifier) && !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(m.identifier.trim())) {
    meta.identifier = contentIdentifier(input.contentParts);
    diagnostics.push({ ...at('identifier'), column: 1, severity: 'warning', rule: 'identifier', message: `identifier "${m.identifier}" is marked as a UUID but is not one; ${meta.identifier} (made from the content) is used instead` });
  }
  if (date !== undefined) meta.date = date;
  if (m.subtitle !== undefined) meta.subtitle = m.subtitle;
  if (m.publisher !== undefined) meta.publisher = m.publisher;
  if (m.rights !== undefined) meta.rights = m.rights;
  if (m.series !== undefined) meta.series = m.series;
  if (m['series-index'] !== undefined) meta.seriesIndex = m['series-index'];
  if (m.edition !== undefined) meta.edition = String(m.edition);
  if (m.dedication !== undefined) meta.dedication = m.dedication;
  return { meta, diagnostics };
}
