import { decodeManuscript, readBookFile } from './read-text.js';
import { parse } from 'smol-toml';
import { LANGUAGE_TAG, type MetadataInput } from '../config/metadata-schema.js';
import { BookError } from '../diagnostics/diagnostic.js';

/** Reads the `[book]` table of an mdBook `book.toml`: title, authors, language, description. */
export async function readBookToml(path: string): Promise<MetadataInput> {
  const text = decodeManuscript(await readBookFile(path), path);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (cause) {
    const line = (cause as { line?: number }).line;
    throw new BookError({ file: path, ...(line ? { line } : {}), severity: 'error', rule: 'book-toml', message: `book.toml is not valid TOML: ${(cause as Error).message.split('\n')[0]}` }, { cause });
  }
  const book = (data.book ?? {}) as Record<string, unknown>;
  const meta: MetadataInput = {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const title = str(book.title);
  if (title) meta.title = title;
  const authors = Array.isArray(book.authors) ? book.authors.map(str).filter((a): a is string => a !== undefined) : [];
  if (authors.length > 0) meta.author = authors;
  const lang = str(book.language);
  if (lang && LANGUAGE_TAG.test(lang)) meta.lang = lang;
  const description = str(book.description);
  if (description) meta.description = description;
  return meta;
}
