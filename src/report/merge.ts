import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { BookReport, BuildReport } from '../build.js';
import { ColophonError } from '../diagnostics/diagnostic.js';

const reportSchema = z.object({
  books: z.array(
    z.looseObject({
      name: z.string(),
      inputs: z.array(z.string()),
      status: z.enum(['built', 'skipped', 'failed']),
      outputs: z.array(z.looseObject({ path: z.string(), format: z.enum(['epub', 'pdf']), bytes: z.number() })),
      diagnostics: z.array(z.looseObject({})),
      ms: z.number(),
    }),
  ),
});

/**
 * Merges the reports of a sharded build (one `--report` per CI machine) into one, in the same
 * shape: every book once, in name order. A book found in two reports is an error (the shards
 * overlapped: they were given different shelves or configs).
 */
export async function mergeReports(files: ReadonlyArray<string>): Promise<BuildReport> {
  const seen = new Map<string, string>();
  const books: BookReport[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (cause) {
      throw new ColophonError(`${file}: cannot read the report (${(cause as Error).message})`, 2, { cause });
    }
    const parsed = reportSchema.safeParse(raw);
    if (!parsed.success) throw new ColophonError(`${file}: not a Colophon report: ${parsed.error.issues[0]?.path.join('.') || '(top)'}: ${parsed.error.issues[0]?.message}`, 2);
    for (const book of parsed.data.books as unknown as BookReport[]) {
      const key = `${book.name}\u0000${book.inputs.join('\u0000')}`;
      const other = seen.get(key);
      if (other !== undefined) throw new ColophonError(`${file}: book "${book.name}" is also in ${other}: the shards overlap`, 2);
      seen.set(key, file);
      books.push(book);
    }
  }
  books.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { books };
}
