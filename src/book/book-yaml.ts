import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../config/issues.js';
import { metadataShape, type MetadataInput } from '../config/metadata-schema.js';
import { BookError } from '../diagnostics/diagnostic.js';
import { decodeManuscript } from './read-text.js';

const bookYamlSchema = z.strictObject({
  ...metadataShape,
  /** Chapter files in reading order, relative to the book's folder. */
  chapters: z.array(z.string().min(1)).optional(),
});

/** A folder book's `book.yaml`: its metadata and, optionally, its chapter order. */
export interface BookYaml {
  metadata: MetadataInput;
  chapters?: string[];
}

/** Reads and validates `book.yaml` (YAML core schema only; wrong keys or types fail the book). */
export async function readBookYaml(path: string): Promise<BookYaml> {
  const fail = (message: string, line = 1): never => {
    throw new BookError({ file: path, line, severity: 'error', rule: 'book-yaml', message });
  };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new BookError({ file: path, severity: 'error', rule: 'unreadable', message: 'cannot read book.yaml' }, { cause });
  }
  const doc = parseDocument(decodeManuscript(bytes, path), { schema: 'core', customTags: [], uniqueKeys: true });
  const tagged = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagged) fail(`YAML tags are not allowed (${tagged.message.split('\n')[0]})`, tagged.linePos?.[0].line ?? 1);
  const err = doc.errors[0];
  if (err) fail(`not valid YAML: ${err.message.split('\n')[0]}`, err.linePos?.[0].line ?? 1);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 20 }) ?? {};
  } catch (cause) {
    fail(`not usable YAML: ${(cause as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('book.yaml must be a mapping of keys to values');
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) fail('key "__proto__" is not allowed');
  const parsed = bookYamlSchema.safeParse(value);
  if (!parsed.success) fail(formatIssues(parsed.error, value).join('; '));
  const { chapters, ...metadata } = parsed.data!;
  return chapters === undefined ? { metadata } : { metadata, chapters };
}
