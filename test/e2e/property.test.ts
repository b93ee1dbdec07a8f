import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { fromXml } from 'xast-util-from-xml';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/index.js';
import { epubcheck, tempDir } from '../helpers/cli.js';

// Property: any Markdown (with raw HTML, odd Unicode and control characters) builds without
// throwing into an EPUB whose every document is well-formed XML; a book of such chapters passes
// EPUBCheck. fast-check shrinks a failure to a small manuscript and prints its seed.
const t = tempDir();
afterAll(() => t.cleanup());

const fragment = fc.oneof(
  fc.constantFrom(
    '# Heading', '## Sub *heading*', '> quote', '- item', '1. first', '- [ ] task', '```js\nlet x = 1;\n```', '    indented code',
    '| a | b |\n|---|:-:|\n| 1 | 2 |', 'Term\n: definition', '$x^2$', '$$\n\\frac{a}{b}\n$$', 'text[^n]\n\n[^n]: note', '***', '<div align="center">centered</div>',
    '<font color="red">old</font>', '<script>alert(1)</script>', '<iframe src="file:///etc/passwd"></iframe>', '<img src="missing.png">', '![alt](nowhere.png "title")',
    '<svg><script>x</script><circle r="1"/></svg>', '<table><tr><td><p>cell</td></table>', '<p><div>bad nesting</div></p>', '<!-- comment -->', '<a href="javascript:alert(1)">x</a>',
    '[link](#missing)', '<https://example.com>', 'www.example.com', '~~gone~~', '**bold _mixed* nesting_**', '&nbsp;&copy;&#0;&#xD800;', '\\', '<', '&', ']]>', '<?xml?>',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('*', '_', '[', ']', '(', ')', '<', '>', '`', '#', '\n', ' ', '-', '|', '$', '\\', '!', 'a'), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const manuscript = fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('\n\n'));

async function xhtmlDocuments(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return Promise.all(Object.keys(zip.files).filter((n) => n.endsWith('.xhtml')).map((n) => zip.file(n)!.async('string')));
}

describe('random Markdown (fast-check)', () => {
  it('always builds, into well-formed XHTML', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(manuscript, async (text) => {
        const name = `case-${++n}`;
        writeFileSync(join(t.dir, `${name}.md`), `---\ntitle: Case\nlang: en\n---\n\n${text}\n`);
        const report = await build({ cwd: t.dir, inputs: [`${name}.md`], formats: ['epub'], out: 'out', force: true });
        const book = report.books[0]!;
        expect(book.diagnostics.filter((d) => d.rule === 'internal')).toEqual([]);
        expect(book.status).toBe('built');
        for (const doc of await xhtmlDocuments(join(t.dir, 'out', `${name}.epub`))) fromXml(doc);
      }),
      { numRuns: 60, seed: 20261128, endOnFailure: true },
    );
  }, 300_000);

  it('gives a book of random chapters that EPUBCheck passes with no error or warning', async () => {
    const chapters = fc.sample(manuscript, { numRuns: 25, seed: 7 });
    const dir = join(t.dir, 'book');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'book.yaml'), 'title: Property Book\nlang: en\n');
    chapters.forEach((text, i) => writeFileSync(join(dir, `${String(i + 1).padStart(2, '0')}.md`), `${text}\n`));
    const report = await build({ cwd: t.dir, inputs: ['book'], formats: ['epub'], out: 'out', force: true });
    expect(report.books[0]!.status).toBe('built');
    const check = await epubcheck(join(t.dir, 'out', 'book.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 180_000);
});
