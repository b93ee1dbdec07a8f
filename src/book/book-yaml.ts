import { z } from 'zod';
import { firstIssuePath, formatIssues } from '../config/issues.js';
import { parseYamlMapping } from '../config/yaml-data.js';
import { metadataShape, numbersAsText, type MetadataInput } from '../config/metadata-schema.js';
import { BookError } from '../diagnostics/diagnostic.js';
import { decodeManuscript, readBookFile } from './read-text.js';

const bookYamlSchema = z.strictObject({
  ...metadataShape,
  /** Chapter files in reading order, relative to the book's folder. */
  chapters: z.array(z.string().min(1)).optional(),
});

/** A folder book's `book.yaml`: its metadata and, optionally, its chapter order. */
export interface BookYaml {
  metadata: MetadataInput;
  chapters?: string[];
  /** The line of each chapter entry, for messages about it. */
  chapterLines?: number[];
  /** The line of each key, for messages about its value. */
  keyLines: Record<string, number>;
}

/** Reads and validates `book.yaml` (YAML core schema only; wrong keys or types fail the book). */
export async function readBookYaml(path: string): Promise<BookYaml> {
  const fail = (message: string, line = 1): never => {
    throw new BookError({ file: path, line, severity: 'error', rule: 'book-yaml', message });
  };
  const data = parseYamlMapping(decodeManuscript(await readBookFile(path), path));
  if ('problem' in data) {
    const { kind, detail, line } = data.problem;
    if (kind === 'tag') fail(`YAML tags are not allowed (${detail})`, line);
    if (kind === 'syntax') fail(`not valid YAML: ${detail}`, line);
    if (kind === 'alias') fail(`not usable YAML: ${detail}`);
    if (kind === 'key') fail(`key "${detail}" is not allowed`, line);
    fail('book.yaml must be a mapping of keys to values');
  }
  const { value, lineOf } = data as Exclude<typeof data, { problem: unknown }>;
  const parsed = bookYamlSchema.safeParse(numbersAsText(value));
  if (!parsed.success) fail(formatIssues(parsed.error, value).join('; '), lineOf(firstIssuePath(parsed.error)));
  const { chapters, ...metadata } = parsed.data!;
  const keyLines = Object.fromEntries(Object.keys(value).map((key) => [key, lineOf([key])]));
  return chapters === undefined ? { metadata, keyLines } : { metadata, keyLines, chapters, chapterLines: chapters.map((_, i) => lineOf(['chapters', i])) };
}
