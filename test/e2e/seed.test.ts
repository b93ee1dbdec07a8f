import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, poppler, SEED, tempDir, type CliResult } from '../helpers/cli.js';

// Builds the seed once, exactly as a user would, then checks both editions from the outside.
const t = tempDir();
const out = join(t.dir, 'dist');
let result: CliResult;
let report: { books: Array<Record<string, unknown> & { outputs: Array<Record<string, unknown>> }> };

beforeAll(async () => {
  copyFileSync(SEED, join(t.dir, 'rethinking-the-reset.md'));
  result = await colophon(['build', 'rethinking-the-reset.md', '--out', 'dist', '--report', 'report.json'], { cwd: t.dir });
  report = JSON.parse(readFileSync(join(t.dir, 'report.json'), 'utf8'));
}, 120_000);
afterAll(() => t.cleanup());

describe('the seed manuscript', () => {
  it('builds both editions, and nothing else lands in dist/', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['rethinking-the-reset.epub', 'rethinking-the-reset.pdf']);
  });

  it('prints the empty link (line 5) and the broken paragraph (line 17) in the contract format', () => {
    expect(result.stderr).toMatch(/^rethinking-the-reset\.md:5:4: warning: link "Andrei Tsygankov" has an empty target .*\[empty-link\]$/m);
    expect(result.stderr).toMatch(/^rethinking-the-reset\.md:17:1: warning: paragraph ends mid-sentence .*The Kremlin's.*\[broken-paragraph\]$/m);
    expect(result.stderr).toMatch(/warning: no "lang" set; detected "en"/);
  });

  it('writes a report in the contract shape', () => {
    expect(report.books).toHaveLength(1);
    const book = report.books[0]!;
    expect(book).toMatchObject({ name: 'rethinking-the-reset', status: 'built', inputs: ['rethinking-the-reset.md'] });
    expect(typeof book.ms).toBe('number');
    expect(book.outputs.map((o) => o.format)).toEqual(['epub', 'pdf']);
    expect(book.outputs[1]).toMatchObject({ path: 'dist/rethinking-the-reset.pdf', pages: expect.any(Number) });
    expect((book.diagnostics as Array<{ rule: string; line: number }>).map((d) => [d.rule, d.line])).toEqual([
      ['empty-link', 5],
      ['broken-paragraph', 17],
      ['lang-detected', 1],
    ]);
  });
});

describe('the EPUB', () => {
  it('passes EPUBCheck with 0 errors and 0 warnings', async () => {
    const check = await epubcheck(join(out, 'rethinking-the-reset.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 120_000);

  it('carries title, author, date, language, identifier, description and accessibility metadata', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'rethinking-the-reset.epub')));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:title id="title">Rethinking the Reset</dc:title>');
    expect(opf).toContain('<dc:creator id="creator-1">Andrei Tsygankov</dc:creator>');
    expect(opf).toContain('<dc:date>2011-06-30</dc:date>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toMatch(/<dc:description>Since the reset button/);
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    for (const p of ['accessMode', 'accessModeSufficient', 'accessibilityFeature', 'accessibilityHazard', 'accessibilitySummary']) {
      expect(opf).toContain(`<meta property="schema:${p}">`);
    }
    expect(opf).toContain('properties="cover-image"');
    expect(opf).toContain('<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>');
    expect(await zip.file('OEBPS/cover.svg')!.async('string')).toContain('Rethinking the Reset');
  });

  it('typesets the title block once and keeps the body text', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'rethinking-the-reset.epub')));
    const chapter = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    expect(chapter.match(/Rethinking the Reset/g)).toHaveLength(2); // <title> and the title block
    expect(chapter.match(/Andrei Tsygankov/g)).toHaveLength(2); // the byline and the closing bio
    expect(chapter).not.toContain('June 30, 2011</p>\n<p>');
    expect(chapter).toContain('The Kremlin’s initiatives — from merging');
    expect(chapter).toContain('<a href="https://www.themoscowtimes.com/2011/06/30/rethinking-the-reset-a7977">');
    expect(chapter).not.toContain('href="#"');
  });
});

describe('the PDF', () => {
  const pdf = () => join(out, 'rethinking-the-reset.pdf');

  it('is 6×9 in with the book\'s metadata and Colophon as creator and producer', async () => {
    const info = await poppler('pdfinfo', [pdf()]);
    expect(info).toMatch(/Page size:\s+432 x 648 pts/);
    expect(info).toMatch(/^Title:\s+Rethinking the Reset$/m);
    expect(info).toMatch(/^Author:\s+Andrei Tsygankov$/m);
    expect(info).toMatch(/^Subject:\s+Since the reset button/m);
    expect(info).toMatch(/^Creator:\s+Colophon \d+\.\d+\.\d+$/m);
    expect(info).toMatch(/^Producer:\s+Colophon/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).not.toMatch(/Chrom|Skia/);
  });

  it('embeds every font, all from the shipped Source Serif 4', async () => {
    const rows = (await poppler('pdffonts', [pdf()])).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/SourceSerif4/);
      expect(row.split(/\s+/).slice(-5, -3)).toEqual(['yes', 'yes']);
    }
  });

  it('has text in reading order with curly quotes and dashes, the title block first', async () => {
    const text = await poppler('pdftotext', [pdf(), '-']);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(0, 3)).toEqual(['Rethinking the Reset', 'Andrei Tsygankov', 'June 30, 2011']);
    expect(text).toContain('“We are not a threat to Russia');
    expect(text).toContain('each other’s policies');
    expect(text).toMatch(/The Kremlin’s\s+initiatives — from merging/);
    expect(text.indexOf('Since the reset button')).toBeLessThan(text.indexOf('Original url:'));
    expect(text).not.toContain('"');
  });

  it('has running heads and folios, and none on the opening page\'s head', async () => {
    const pages = (await poppler('pdftotext', ['-layout', pdf(), '-'])).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.trim().split('\n')[0]!.trim()).toBe('Rethinking the Reset');
    expect(pages[1]!.trim().split('\n')[0]!.trim()).toBe('Andrei Tsygankov');
    pages.forEach((page, i) => expect(page.trim().split('\n').at(-1)!.trim()).toBe(String(i + 1)));
  });

  it('sets the line before the source URL with ordinary word spaces, not stretched to the margin', async () => {
    const bbox = await poppler('pdftotext', ['-bbox', pdf(), '-']);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ x1: Number(m[1]), y: Number(m[2]), x2: Number(m[3]), text: m[4]! }));
    const at = words.findIndex((w) => w.text === 'Original');
    const [original, url] = [words[at]!, words[at + 1]!];
    expect(url.text).toBe('url:');
    expect(Math.abs(url.y - original.y)).toBeLessThan(1);
    // A word space of the 10.5 pt text is about 2.5 pt; justified, this line had gaps of ~25 pt.
    expect(url.x1 - original.x2).toBeLessThan(5);
  });

  it('has bookmarks and a working link to the source URL', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf()), { updateMetadata: false });
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    const first = outlines.lookup(PDFName.of('First'), PDFDict);
    expect((first.lookup(PDFName.of('Title')) as PDFString | PDFHexString).decodeText()).toBe('Rethinking the Reset');
    const uris: string[] = [];
    for (const page of doc.getPages()) {
      const annots = page.node.Annots();
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const a = annots!.lookup(i, PDFDict).lookup(PDFName.of('A'), PDFDict);
        const uri = a?.lookup(PDFName.of('URI'));
        if (uri) uris.push(uri.toString());
      }
    }
    expect(uris.join(' ')).toContain('https://www.themoscowtimes.com/2011/06/30/rethinking-the-reset-a7977');
  });
});

it('leaves no temp files behind', () => {
  expect(existsSync(out) && readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
