import { z } from 'zod';
import { xmlChars } from '../markdown/xml-chars.js';

/** Text a reader can see: characters XML cannot hold are dropped first (they would vanish from the book). */
const text = z.string().overwrite(xmlChars).trim().min(1, 'expected text with something visible in it');
const textOrList = z.union([text, z.array(text).min(1)]);

/**
 * A well-formed BCP 47 language tag (RFC 5646): language, then script, region and variants
 * (`en`, `zh-Hant-TW`, `de-CH-1996`, `es-419`), extensions (`en-US-u-ca-gregory`), private use
 * (`en-x-house`, `x-klingon`), and the old `i-` tags.
 */
export const LANGUAGE_TAG = /^(?:[a-z]{2,3}(?:-[a-z0-9]{2,8})*(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+|i-[a-z]{2,8})$/i;

/** BCP 47 language tag. */
export const languageTag = z.string().regex(LANGUAGE_TAG, 'expected a BCP 47 language tag such as "en" or "pt-BR"');

/**
 * The book metadata keys (pandoc's names where pandoc has one). Used for front matter, `book.yaml`
 * and the config's `metadata` blocks alike; unknown keys are rejected by the callers' strictness.
 */
export const metadataShape = {
  /** Book title. */
  title: text.optional(),
  /** Subtitle, shown under the title. */
  subtitle: text.optional(),
  /** One author or a list. */
  author: textOrList.optional(),
  /** BCP 47 language tag; detected from the text when set nowhere. */
  lang: languageTag.optional(),
  /** Publication date, ISO 8601 (`2011-06-30`) or a written date (`June 30, 2011`). */
  date: z.union([text, z.date()]).optional(),
  /** Publisher's name. */
  publisher: text.optional(),
  /** Copyright or licence statement. */
  rights: text.optional(),
  /** A short description; the opening of the text when absent. */
  description: text.optional(),
  /** Subject(s), e.g. BISAC or free words. */
  subject: textOrList.optional(),
  /** Keywords. */
  keywords: textOrList.optional(),
  /** ISBN, UUID or URN; derived from the content when absent. */
  identifier: text.optional(),
  /** Cover image, relative to the book's folder; a typographic cover is generated when absent. */
  'cover-image': text.optional(),
  /** Series name. */
  series: text.optional(),
  /** Position in the series. */
  'series-index': z.number().positive().optional(),
  /** Edition statement. */
  edition: z.union([text, z.number()]).optional(),
  /** Dedication line. */
  dedication: text.optional(),
};

/** Metadata as written by a user (every key optional, no others allowed). */
export const metadataSchema = z.strictObject(metadataShape);

/** Metadata as written by a user. */
export type MetadataInput = z.input<typeof metadataSchema>;

/** The keys a metadata block may hold. */
export const metadataKeys = Object.keys(metadataShape) as ReadonlyArray<keyof MetadataInput>;

/**
 * YAML reads `title: 1984` and `date: 2020` as numbers: for the keys that hold text, a plain
 * number is taken as the text it was written as (lists too). `series-index` stays a number.
 */
export function numbersAsText(record: Record<string, unknown>): Record<string, unknown> {
  const text = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v);
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, key === 'series-index' ? value : Array.isArray(value) ? value.map(text) : text(value)]));
}
