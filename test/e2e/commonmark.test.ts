import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';

// Every example of the CommonMark spec through the EPUB path as one book, one chapter each.
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ markdown: string; number: number; section: string }> };
const t = tempDir();
afterAll(() => t.cleanup());

describe('the CommonMark spec as a book', () => {
  it('builds every example into a valid EPUB', async () => {
    const book = join(t.dir, 'commonmark');
    mkdirSync(book);
    writeFileSync(join(book, 'book.yaml'), 'title: CommonMark Examples\nauthor: CommonMark contributors\nlang: en\n');
    for (const ex of spec.tests) {
      // The spec shows tabs as →.
      writeFileSync(join(book, `ex${String(ex.number).padStart(3, '0')}.md`), ex.markdown.replace(/→/g, '\t'));
    }
    const r = await colophon(['build', book, '--format', 'epub', '--out', join(t.dir, 'out'), '--report', join(t.dir, 'r.json')]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8'));
    expect(report.books[0].status).toBe('built');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const check = await epubcheck(join(t.dir, 'out', 'commonmark.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 300_000);
});
