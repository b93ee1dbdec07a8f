import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, type PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without types
import { generateBook } from '../../scripts/generate-book.mjs';
import JSZip from 'jszip';
import { colophon, epubcheck, poppler, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

const book = join(t.dir, 'handbook');
const pdf = join(t.dir, 'dist', 'handbook.pdf');
/** The text of each page, from `pdftotext -layout`, trimmed lines without blanks. */
let pages: string[][] = [];
/** Chapter titles in SUMMARY.md order, from the generated book's files. */
let titles: string[] = [];
/** Titles of the chapters nested in SUMMARY.md (sections of the chapter above them). */
let nested = new Set<string>();

const ROMAN = /^[ivxlc]+$/;

/** The folio: the last line of a page, when it is a number. */
const folioOf = (page: string[]) => {
  const last = page.at(-1) ?? '';
  return /^([ivxlc]+|\d+)$/.test(last) ? last : undefined;
};

beforeAll(async () => {
  generateBook(book, { chapters: 8, seed: 'print-book' });
  titles = ['preface.md', ...Array.from({ length: 6 }, (_, i) => `ch${String(i + 1).padStart(3, '0')}.md`), 'appendix.md'].map(
    (f) => /^# (.+)$/m.exec(readFileSync(join(book, f), 'utf8'))![1]!.replace(/[*_`]/g, ''),
  );
  nested = new Set([...readFileSync(join(book, 'SUMMARY.md'), 'utf8').matchAll(/^ +- \[(.+)\]/gm)].map((m) => m[1]!.replace(/[*_`]/g, '')));
  const r = await colophon(['build', 'handbook', '--format', 'epub,pdf'], { cwd: t.dir });
  expect(r.code, r.stderr).toBe(0);
  const text = await poppler('pdftotext', ['-layout', pdf, '-']);
  pages = text
    .split('\f')
    .slice(0, -1)
    .map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
}, 120_000);

/** The contents: each entry's title and number, read from the contents page. */
function contents(): Array<{ title: string; folio: string }> {
  const page = pages.find((p) => p[0] === 'Contents')!;
  return page.flatMap((line) => {
    const m = /^(.+?)\s*(?:\.\s*){3,}\s*([ivxlc]+|\d+)$/.exec(line);
    return m ? [{ title: m[1]!.trim(), folio: m[2]! }] : [];
  });
}

describe('print edition of a book of several chapters', () => {
  it('opens with a half-title, a title page, a copyright page and the contents, without folios', () => {
    expect(pages[0]).toEqual(['The Generated Handbook']);
    expect(pages[1]).toEqual([]);
    expect(pages[2]![0]).toBe('The Generated Handbook');
    // The copyright page: no urn:uuid (Colophon's identifier means nothing on paper; an ISBN would be printed).
    expect(pages[3]!.join(' ')).toMatch(/Typeset with Colophon/);
    expect(pages[3]!.join(' ')).not.toMatch(/urn:uuid/);
    expect(pages[4]![0]).toBe('Contents');
    for (const p of pages.slice(0, 4)) expect(folioOf(p)).toBeUndefined();
    expect(folioOf(pages[4]!)).toBe('v');
  });

  it('lists every chapter in the contents, with dot leaders, numbered like the page it opens on', () => {
    const entries = contents();
    expect(entries.map((e) => e.title)).toEqual(titles);
    for (const { title, folio } of entries) {
      const index = pages.findIndex((p) => p.includes(title) && folioOf(p) === folio && p[0] === title);
      expect(index, `${title} on page ${folio}`).toBeGreaterThan(4);
      // Chapters open on rectos: odd pages counting from the first; sub-chapters on the next page.
      if (nested.has(title)) expect(pages[index - 1], `a blank page before ${title}`).not.toEqual([]);
      else expect(index % 2, `${title} opens on a verso`).toBe(0);
    }
  });

  it('numbers the front matter in roman numerals and the body from 1 at its first chapter', () => {
    const entries = contents();
    expect(entries[0]!.folio).toMatch(ROMAN);
    expect(entries[1]!.folio).toBe('1');
    expect(entries.slice(1).every((e) => /^\d+$/.test(e.folio))).toBe(true);
    const folios = pages.map(folioOf).filter((f): f is string => f !== undefined && !ROMAN.test(f)).map(Number);
    // Arabic folios count up without gaps except where a blank page (no folio) sits.
    for (let i = 1; i < folios.length; i++) expect(folios[i]! - folios[i - 1]!).toBeGreaterThanOrEqual(1);
    expect(folios.at(-1)).toBeGreaterThan(40);
  });

  it('sets the book title over versos and the chapter title over rectos, and no head on openings or blank pages', () => {
    const starts = contents().map((e) => pages.findIndex((p) => p[0] === e.title && folioOf(p) === e.folio));
    let checked = 0;
    for (const [c, start] of starts.entries()) {
      const end = starts[c + 1] ?? pages.length;
      for (let i = start + 1; i < end; i++) {
        const page = pages[i]!;
        if (page.length === 0) continue; // a blank page before the next opening
        expect(page[0], `head of page ${i + 1}`).toBe(i % 2 === 0 ? titles[c] : 'The Generated Handbook');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    // Blank pages exist only right before a chapter opening and carry nothing at all.
    pages.forEach((p, i) => {
      if (p.length === 0 && i > 1) expect(starts).toContain(i + 1);
    });
  });

  it('hyphenates the justified text without leaving soft hyphens in the extracted text', async () => {
    const text = pages.flat().join('\n');
    expect(text).not.toContain('\u00AD');
    // Lines broken inside a word end with a hyphen.
    expect(pages.flat().filter((l) => /\p{Ll}[-‐]$/u.test(l)).length).toBeGreaterThan(10);
  });

  it('puts the wider margin on the inside: left on rectos, right on versos', async () => {
    const bbox = await poppler('pdftotext', ['-bbox', '-f', '11', '-l', '14', pdf, '-']);
    const lefts = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => Math.min(...[...m[1]!.matchAll(/xMin="([\d.]+)"/g)].map((x) => Number(x[1]))));
    // Pages 11 and 13 are rectos (inside margin 14% of 432 pt = 60.5 pt), 12 and 14 versos (10% = 43.2 pt).
    expect(lefts[0]).toBeCloseTo(60.5, 0);
    expect(lefts[2]).toBeCloseTo(60.5, 0);
    expect(lefts[1]).toBeCloseTo(43.2, 0);
    expect(lefts[3]).toBeCloseTo(43.2, 0);
  });

  it('keeps fonts embedded, the outline nested and page labels roman then arabic', async () => {
    const fonts = (await poppler('pdffonts', [pdf])).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(2);
    for (const line of fonts) expect(line, line).toMatch(/\byes\s+yes\s+yes\b/);
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const depth = (node: PDFDict | undefined): number => {
      let max = 0;
      for (let item = node?.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) max = Math.max(max, 1 + depth(item));
      return max;
    };
    expect(depth(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict))).toBeGreaterThanOrEqual(2);
    const labels = doc.catalog.lookup(PDFName.of('PageLabels'), PDFDict).toString();
    expect(labels).toMatch(/\/S \/r/);
    expect(labels).toMatch(/\/S \/D/);
    expect(doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)).toBeDefined();
  });
});

describe('page list in the EPUB built with the print edition', () => {
  it('marks where every numbered page of a chapter begins, and both editions agree', async () => {
    const epub = join(t.dir, 'dist', 'handbook.epub');
    const check = await epubcheck(epub);
    expect(check.messages, JSON.stringify(check.messages)).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const file = (suffix: string) => zip.file(Object.keys(zip.files).find((n) => n.endsWith(suffix))!)!.async('string');
    const nav = await file('toc.xhtml');
    const list = [...nav.matchAll(/<li><a href="(ch\d+\.xhtml)#(page-[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => ({ file: m[1]!, id: m[2]!, label: m[3]! }));
    expect(nav).toContain('epub:type="page-list"');
    // Every page with a folio inside a chapter is listed, in order: vii, viii, …, 1, 2, …
    const folios = pages.map(folioOf);
    const chapterPages = folios.filter((f, i) => f !== undefined && i > 4);
    expect(list.map((e) => e.label)).toEqual(chapterPages);
    const opf = await file('.opf');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>');
    expect(opf).toMatch(/<dc:source id="print-source">urn:uuid:[^<]+<\/dc:source><meta property="source-of" refines="#print-source">pagination<\/meta>/);
    // The words after each marker are printed on that page (or, inside one long paragraph, soon after).
    const normal = (text: string) => text.replace(/[-‐]\n/g, '').replace(/\s+/g, ' ');
    const pageText = pages.map((p) => normal(p.join('\n')));
    let exact = 0;
    for (const entry of list) {
      const xhtml = await file(entry.file);
      const after = xhtml.slice(xhtml.indexOf(`id="${entry.id}"`));
      const words = after.replace(/<[^>]+>/g, ' ').replace(/^[^>]*>/, '').replace(/&[a-z#0-9]+;/g, ' ').split(/\s+/).filter((w) => /^\p{L}{3,}$/u.test(w)).slice(0, 3);
      const index = folios.indexOf(entry.label);
      const found = pageText.findIndex((text, i) => i >= index && words.every((w) => text.includes(w)));
      expect(found, `${entry.label}: ${words.join(' ')}`).toBeGreaterThanOrEqual(index);
      expect(found - index, `${entry.label}: ${words.join(' ')}`).toBeLessThanOrEqual(2);
      if (found === index) exact++;
    }
    expect(exact / list.length).toBeGreaterThan(0.8);
  }, 120_000);
});

describe('sub-chapters', () => {
  it('open on the next page, either side, while chapters still open on rectos', async () => {
    const dir = join(t.dir, 'nested');
    mkdirSync(dir);
    writeFileSync(join(dir, 'SUMMARY.md'), '# Summary\n\n- [Getting Started](start.md)\n    - [Installation](install.md)\n- [Guessing Game](game.md)\n- [Concepts](concepts.md)\n');
    for (const [file, title] of [['start.md', 'Getting Started'], ['install.md', 'Installation'], ['game.md', 'Guessing Game'], ['concepts.md', 'Concepts']]) {
      writeFileSync(join(dir, file!), `# ${title}\n\nA short chapter of one page.\n`);
    }
    writeFileSync(join(dir, 'book.yaml'), 'title: Nested\nlang: en\n');
    const r = await colophon(['build', 'nested', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = await poppler('pdftotext', ['-layout', join(t.dir, 'dist', 'nested.pdf'), '-']);
    const all = text.split('\f').slice(0, -1).map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
    const body = all.slice(all.findIndex((p) => p[0] === 'Getting Started'));
    // Page 1 (recto), the sub-chapter on page 2 (a verso, no blank before it), the next chapter on
    // page 3, and a blank page 4 before the last chapter, on page 5.
    expect(body.map((p) => p[0] ?? '')).toEqual(['Getting Started', 'Installation', 'Guessing Game', '', 'Concepts']);
    expect(body.map((p) => p.at(-1))).toEqual(['1', '2', '3', undefined, '5']);
    // Bookmarks nested as in SUMMARY.md (the sub-chapter's level-1 heading was a top-level bookmark), counts kept.
    const doc = await PDFDocument.load(readFileSync(join(t.dir, 'dist', 'nested.pdf')), { updateMetadata: false });
    const titles: string[] = [];
    const walk = (node: PDFDict, depth: number): number => {
      let n = 0;
      for (let item = node.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
        titles.push(`${'  '.repeat(depth)}${(item.lookup(PDFName.of('Title')) as PDFString).decodeText()}`);
        expect(item.lookup(PDFName.of('Parent'))).toBe(node);
        n += 1 + walk(item, depth + 1);
      }
      if (n > 0) expect(node.lookup(PDFName.of('Count'))?.toString()).toBe(String(n));
      return n;
    };
    walk(doc.catalog.lookup(PDFName.of('Outlines'), PDFDict), 0);
    expect(titles).toEqual(['Contents', 'Getting Started', '  Installation', 'Guessing Game', 'Concepts']);
  }, 120_000);
});

describe('a contents running over two pages', () => {
  it('numbers each entry once, on the page where its title ends', async () => {
    const dir = join(t.dir, 'many');
    mkdirSync(dir);
    const count = 27;
    for (let i = 1; i <= count; i++) writeFileSync(join(dir, `c${String(i).padStart(2, '0')}.md`), `# Chapter ${i}\n\nA short chapter.\n`);
    writeFileSync(join(dir, 'book.yaml'), 'title: Many Chapters\nlang: en\n');
    const r = await colophon(['build', 'many', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = await poppler('pdftotext', ['-layout', join(t.dir, 'dist', 'many.pdf'), '-']);
    const all = text.split('\f').map((p) => p.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
    const first = all.findIndex((p) => p[0] === 'Contents');
    const body = all.findIndex((p) => p[0] === 'Chapter 1');
    const lines = all.slice(first, body).flat().filter((l) => l.includes('. . .'));
    // Every line is one entry with one number: a second number drawn over it would read as a
    // different one ("4951").
    const entries = lines.map((l) => /^(Chapter \d+)\s*(?:\.\s*){3,}\s*(\d+)$/.exec(l)?.slice(1));
    expect(entries.every((e) => e !== undefined), lines.join('\n')).toBe(true);
    expect(entries.map((e) => e![0])).toEqual(Array.from({ length: count }, (_, i) => `Chapter ${i + 1}`));
    // Each chapter opens on a recto: 1, 3, 5, …
    expect(entries.map((e) => Number(e![1]))).toEqual(Array.from({ length: count }, (_, i) => 2 * i + 1));
  }, 120_000);
});
