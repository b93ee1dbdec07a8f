import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { colophon, poppler, SEED, tempDir } from '../helpers/cli.js';
import { outline } from '../helpers/pdf.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('print-ready options', () => {
  it('adds 0.125 in bleed and crop marks with TrimBox and BleedBox set, the text unchanged', async () => {
    copyFileSync(SEED, join(t.dir, 'seed.md'));
    writeFileSync(join(t.dir, 'build.config.ts'), "export default { pdf: { trim: '6x9in', bleed: true, cropMarks: true } };\n");
    const r = await colophon(['build', 'seed.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(t.dir, 'dist', 'seed.pdf');
    const boxes = await poppler('pdfinfo', ['-box', pdf]);
    // Sheet: 6×9 in trim + 9 pt bleed + 24 pt for the marks on every side.
    expect(boxes).toMatch(/Page size:\s+498 x 714 pts/);
    // Boxes relative to the sheet (a recto's sheet is moved left to widen the inside margin).
    const box = (name: string) => boxes.match(new RegExp(`${name}:\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)`))!.slice(1).map(Number);
    const [mx, my] = box('MediaBox');
    const relative = (name: string) => box(name).map((v, i) => Math.round((v - (i % 2 === 0 ? mx! : my!)) * 100) / 100);
    expect(relative('TrimBox')).toEqual([33, 33, 465, 681]);
    expect(relative('BleedBox')).toEqual([24, 24, 474, 690]);
    const text = await poppler('pdftotext', [pdf, '-']);
    expect(text.split('\n').filter((l) => l.trim() !== '').slice(0, 3)).toEqual(['Rethinking the Reset', 'Andrei Tsygankov', 'June 30, 2011']);
    expect((await poppler('pdfinfo', [pdf])).match(/Pages:\s+(\d+)/)![1]).toBe('3');
  });

  it('converts the interior to gray and to PDF/X-3 through Ghostscript when asked', async () => {
    writeFileSync(join(t.dir, 'code.md'), '---\ntitle: Colour\nlang: en\n---\n\n# Colour\n\nText before the code.\n\n```js\nconst answer = 42; // a comment\nconsole.log("a string");\n```\n');
    // Highlighted code prints in colour by default.
    let r = await colophon(['build', 'code.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(t.dir, 'dist', 'code.pdf');
    const ink = async () => (await poppler('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', pdf])).trim().split(/\s+/).slice(0, 3).map(Number);
    expect((await ink()).some((v) => v > 0)).toBe(true);
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default { pdf: { grayscale: true } };\n');
    r = await colophon(['build', 'code.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await ink()).toEqual([0, 0, 0]);
    expect(await poppler('pdftotext', [pdf, '-'])).toContain('console.log');
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default { pdf: { pdfx: true, bleed: true } };\n');
    r = await colophon(['build', 'code.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const raw = readFileSync(pdf, 'latin1');
    expect(raw).toMatch(/\/GTS_PDFXVersion\s*\(PDF\/X-3:2002\)/);
    expect(raw).toMatch(/\/OutputIntents\s*\[/);
    expect(raw).toMatch(/\/S\s*\/GTS_PDFX/);
    const info = await poppler('pdfinfo', ['-box', pdf]);
    expect(info).toMatch(/PDF version:\s+1\.3/);
    expect(info).toMatch(/TrimBox:/);
    expect(info).toMatch(/BleedBox:/);
    for (const line of (await poppler('pdffonts', [pdf])).split('\n').slice(2).filter((l) => l.trim() !== '')) expect(line).toMatch(/\byes\s+yes\b/);
  });

  it('keeps the outline nested by chapter and section, and the metadata, in the gray and PDF/X-3 editions', async () => {
    const book = join(t.dir, 'gray-book');
    mkdirSync(book, { recursive: true });
    writeFileSync(join(book, 'book.yaml'), 'title: Gray Book\nauthor: A. Writer\nlang: en\n');
    for (const n of [1, 2, 3]) writeFileSync(join(book, `ch${n}.md`), `# Chapter ${n}\n\nText of chapter ${n}.\n\n## Section ${n}.1\n\nMore text.\n\n### Sub ${n}.1.1\n\nDeep.\n`);
    const expected = ['Contents', ...[1, 2, 3].flatMap((n) => [`Chapter ${n}`, `  Section ${n}.1`, `    Sub ${n}.1.1`])];
    const read = async (pdf: string) => ({ doc: await PDFDocument.load(readFileSync(pdf), { updateMetadata: false }), titles: await outline(pdf), version: readFileSync(pdf, 'latin1').slice(0, 8) });
    for (const [config, version] of [['{ grayscale: true }', '%PDF-1.5'], ['{ pdfx: true, bleed: true }', '%PDF-1.3']] as const) {
      writeFileSync(join(t.dir, 'build.config.ts'), `export default { pdf: ${config} };\n`);
      const r = await colophon(['build', 'gray-book', '--format', 'pdf'], { cwd: t.dir });
      expect(r.code, r.stderr).toBe(0);
      const pdf = join(t.dir, 'dist', 'gray-book.pdf');
      const { doc, titles, version: header } = await read(pdf);
      // Ghostscript nested each chapter under the one before it.
      expect(titles, config).toEqual(expected);
      expect(header).toBe(version);
      const info = await poppler('pdfinfo', [pdf]);
      expect(info).toMatch(/Title:\s+Gray Book/);
      expect(info).toMatch(/Author:\s+A\. Writer/);
      expect(info).toMatch(/Producer:\s+Colophon/);
      if (version === '%PDF-1.5') {
        // A plain PDF keeps its language and its XMP metadata, as Colophon wrote them.
        expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en');
        const xmp = await poppler('pdfinfo', ['-meta', pdf]);
        expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li>');
        expect(xmp).toContain('<pdf:Producer>Colophon');
      }
    }
  }, 180_000);

  it.each(['default', 'modern'])('sets each note at the foot of the page that cites it, by default, with links both ways (%s template)', async (template) => {
    const book = join(t.dir, 'footnoted');
    mkdirSync(book, { recursive: true });
    writeFileSync(join(book, 'book.yaml'), 'title: Footnoted\nauthor: N. Writer\nlang: en\nchapters:\n  - a.md\n  - b.md\n');
    const filler = (n: number) => 'The committee met again in the spring and argued about the harbour, the budget and the new road for most of the afternoon. '.repeat(n);
    // Notes of every length, some pages citing several, one citing the same note twice, a long
    // note near a page end, a note cited inside a list item.
    const chapter = (c: string) => {
      const parts = [`# Chapter ${c.toUpperCase()}`];
      for (let i = 1; i <= 9; i++) {
        parts.push(`${filler(2 + ((i * 7) % 5))}Here is MARK${c}${i}.[^${c}${i}] ${filler(1 + (i % 3))}`);
        if (i % 4 === 0) parts.push(`- An item that cites MARK${c}x${i}.[^${c}${i}x]\n- Another item.`);
      }
      parts.push(`Again MARK${c}again.[^${c}1]`);
      for (let i = 1; i <= 9; i++) parts.push(`[^${c}${i}]: NOTE${c}${i} ${'A further remark on the sources. '.repeat(i % 3 === 0 ? 6 : 1)}`);
      for (let i = 4; i <= 9; i += 4) parts.push(`[^${c}${i}x]: NOTE${c}x${i} on the list item.`);
      return parts.join('\n\n');
    };
    writeFileSync(join(book, 'a.md'), chapter('a'));
    writeFileSync(join(book, 'b.md'), chapter('b'));
    writeFileSync(join(t.dir, 'build.config.ts'), `export default { template: '${template}' };\n`);
    const r = await colophon(['build', 'footnoted', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(t.dir, 'dist', 'footnoted.pdf');
    const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
    const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(bbox)![1]);
    const pages = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({ top: Number(w[1]), bottom: Number(w[2]), text: w[3]! })));
    const find = (word: string) => pages.flatMap((words, page) => words.filter((w) => w.text.startsWith(word)).map((w) => ({ page, ...w })));
    let checked = 0;
    for (const c of ['a', 'b']) {
      for (const id of [...Array.from({ length: 9 }, (_, i) => `${i + 1}`), 'x4', 'x8']) {
        const [mark] = find(`MARK${c}${id}.`);
        const notes = find(`NOTE${c}${id}`);
        expect(mark, `MARK${c}${id}`).toBeDefined();
        expect(notes, `NOTE${c}${id} printed once`).toHaveLength(1);
        const note = notes[0]!;
        expect(note.page, `NOTE${c}${id} on the page citing it`).toBe(mark!.page);
        // Under all the page's text, in the lower part of the page: from the first note down,
        // only the notes' smaller type (and the folio).
        const words = pages[note.page]!;
        const notesTop = Math.min(...words.filter((w) => w.text.startsWith('NOTE')).map((w) => w.top));
        const size = (w: { top: number; bottom: number }) => w.bottom - w.top;
        const body = words.filter((w) => w.bottom < notesTop);
        const bodySize = body.map(size).sort((x, y) => x - y)[Math.floor(body.length / 2)]!;
        expect(mark!.top).toBeLessThan(notesTop);
        expect(note.top).toBeGreaterThan(height * 0.5);
        expect(words.filter((w) => w.top >= notesTop - 1 && size(w) >= bodySize * 0.95), 'body text below the notes').toEqual([]);
        // Room for the rule between the page's last line and its notes (the rule once touched the line's descenders).
        const lastLine = Math.max(...body.filter((w) => size(w) >= bodySize * 0.95).map((w) => w.bottom));
        expect(notesTop - lastLine, `space above NOTE${c}${id}`).toBeGreaterThanOrEqual(13);
        checked++;
      }
    }
    expect(checked).toBe(22);
    // The second citation of a note does not print it again, and chapters no longer end with a notes section.
    expect(find('MARKaagain.')).toHaveLength(1);
    const raw = await poppler('pdftotext', [pdf, '-']);
    expect(raw.match(/NOTEa1 /g)).toHaveLength(1);
    // Links both ways: the reference to its note, the note's number back to the reference.
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    let internal = 0;
    for (const page of doc.getPages()) {
      const annots = page.node.Annots();
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const annot = annots!.lookup(i, PDFDict);
        const action = annot.lookup(PDFName.of('A'));
        const goTo = action instanceof PDFDict && action.lookup(PDFName.of('S'))?.toString() === '/GoTo';
        if (annot.lookup(PDFName.of('Subtype'))?.toString() === '/Link' && (goTo || annot.has(PDFName.of('Dest')))) internal++;
      }
    }
    // 23 references (one note cited twice) and 22 back links, plus the contents' links.
    expect(internal).toBeGreaterThanOrEqual(45);
  });

  it('sets a note too long for any page after its chapter, and keeps the other notes at the foot of their pages', async () => {
    const book = join(t.dir, 'long-note');
    mkdirSync(book, { recursive: true });
    writeFileSync(join(book, 'book.yaml'), 'title: Long Note\nauthor: N. Writer\nlang: en\nchapters:\n  - a.md\n  - b.md\n');
    const filler = (n: number) => 'The committee met again in the spring and argued about the harbour, the budget and the new road. '.repeat(n);
    const a = [
      '# Notes Everywhere',
      `${filler(4)}In a heading below.`,
      '## A heading with a note[^h]',
      `| Column | Other |\n|---|---|\n| a cell with a note[^t] | x |`,
      `> A quotation citing a note.[^q] ${filler(2)}`,
      `${filler(6)}The long one.[^long] ${filler(3)}Then a note with code.[^code] ${filler(2)}THE END OF THE TEXT.`,
      '[^h]: NOTEH in a heading.',
      '[^t]: NOTET in a table.',
      '[^q]: NOTEQ in a quotation.',
      `[^long]: NOTELONG ${'This note goes on and on about the sources and their reliability. '.repeat(70)}`,
      '[^code]: NOTECODE with code:\n\n    ```\n    let y = 2;\n    ```',
    ];
    writeFileSync(join(book, 'a.md'), a.join('\n\n'));
    writeFileSync(join(book, 'b.md'), `# Second\n\n${filler(5)}`);
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default {};\n');
    const r = await colophon(['build', 'long-note', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = await poppler('pdftotext', ['-layout', join(t.dir, 'dist', 'long-note.pdf'), '-']);
    const pages = text.split('\f');
    const pageOf = (word: string) => pages.findIndex((p) => p.includes(word));
    expect(pageOf('NOTEH')).toBe(pageOf('A heading with a note'));
    expect(pageOf('NOTET')).toBe(pageOf('a cell with a note'));
    expect(pageOf('NOTEQ')).toBe(pageOf('A quotation citing a note'));
    expect(pageOf('NOTECODE')).toBe(pageOf('Then a note with code'));
    // The long note follows the chapter's text, and runs on over the next page.
    const end = pageOf('THE END OF THE TEXT.');
    expect(pageOf('NOTELONG')).toBeGreaterThanOrEqual(end);
    const page = pages[pageOf('NOTELONG')]!;
    if (pageOf('NOTELONG') === end) expect(page.indexOf('NOTELONG')).toBeGreaterThan(page.indexOf('THE END OF THE TEXT.'));
  });

  it('never leaves a one-chapter book\'s colophon line alone on its last page', async () => {
    // Books of 22 to 32 one-line paragraphs: around a full page, one of them had the closing line alone.
    const names = Array.from({ length: 11 }, (_, k) => `lines-${22 + k}`);
    for (const [k, name] of names.entries()) {
      writeFileSync(join(t.dir, `${name}.md`), `---\ntitle: Short Lines\nlang: en\n---\n\n${Array.from({ length: 22 + k }, (_, i) => `Line number ${i} of a short book.`).join('\n\n')}\n`);
    }
    const r = await colophon(['build', ...names.map((n) => `${n}.md`), '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    for (const name of names) {
      const pages = (await poppler('pdftotext', [join(t.dir, 'dist', `${name}.pdf`), '-'])).split('\f').filter((p) => p.trim() !== '');
      const last = pages.at(-1)!.split('\n').filter((l) => l.trim() !== '');
      expect(last.some((l) => l.startsWith('Line number')), `${name}: ${last.join(' | ')}`).toBe(true);
    }
  }, 120_000);

  it('ends a one-chapter book with its colophon line, after a note set after the text', async () => {
    const filler = 'The committee met again in the spring and argued about the harbour, the budget and the new road. ';
    writeFileSync(join(t.dir, 'one-long-note.md'), `---\ntitle: One Long Note\nlang: en\n---\n\n${filler.repeat(5)}The long one.[^long] ${filler.repeat(2)}Short.[^short]\n\n[^long]: NOTELONG ${'This note goes on and on about the sources. '.repeat(80)}\n[^short]: NOTESHORT.\n`);
    const r = await colophon(['build', 'one-long-note.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = await poppler('pdftotext', [join(t.dir, 'dist', 'one-long-note.pdf'), '-']);
    const words = text.replace(/\s+/g, ' ');
    expect(words.indexOf('NOTELONG')).toBeGreaterThan(-1);
    expect(words.lastIndexOf('Typeset with Colophon')).toBeGreaterThan(words.lastIndexOf('sources.'));
  });

  it('sets the notes of a page that ends inside a quotation as wide as the text, and fills that page (both templates)', async () => {
    const prose = (i: number) => `Paragraph ${i} with some words that run on for a while to fill the line and the page with text, as essays do. More words follow here to make it longer and longer still, until it wraps a few times on the page.`;
    const quoted = Array.from({ length: 20 }, (_, i) => `Quoted sentence ${i + 1} goes on for a while to fill the lines of the quotation with text.${i % 3 === 0 ? `[^q${i + 1}]` : ''}`);
    const notes = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `[^q${i + 1}]: QNOTE ${i + 1} on the quotation, long enough to take two lines in the notes box at the foot of the page.\n` : '')).join('');
    writeFileSync(join(t.dir, 'quoted.md'), `---\ntitle: A Book of Citations\nauthor: A. Tester\nlang: en\n---\n\n${[1, 2, 3].map(prose).join('\n\n')}\n\n> ${quoted.slice(0, 8).join(' ')}\n>\n> ${quoted.slice(8).join(' ')}\n\nAfter the quote.\n\n${notes}`);
    for (const template of ['default', 'modern']) {
      writeFileSync(join(t.dir, 'build.config.ts'), `export default { template: '${template}' };\n`);
      const r = await colophon(['build', 'quoted.md', '--format', 'pdf', '--out', `quoted-${template}`], { cwd: t.dir });
      expect(r.code, r.stderr).toBe(0);
      const bbox = await poppler('pdftotext', ['-bbox', join(t.dir, `quoted-${template}`, 'quoted.pdf'), '-']);
      const pages = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ x: Number(w[1]), y: Number(w[2]), text: w[3]! })));
      const first = pages[0]!;
      // The first page holds the three paragraphs and the start of the quotation (a stale measure
      // once ended it after the first paragraph in the modern template).
      expect(first.some((w) => w.text === 'Quoted'), template).toBe(true);
      // Its notes start where the body text does, not at the quotation's indent.
      const left = (word: string) => Math.min(...first.filter((w) => w.text === word).map((w) => w.x));
      const noteNumber = first.find((w) => w.text === '1.')!;
      expect(noteNumber, template).toBeDefined();
      expect(left('Paragraph') - left('Quoted'), template).toBeLessThan(-5);
      expect(Math.abs(noteNumber.x - left('Paragraph')), template).toBeLessThan(1.5);
      expect(first.some((w) => w.text === 'QNOTE'), template).toBe(true);
    }
  });

  it('sets dense notes (a note on every line) at the foot of the pages citing them, pages filled', async () => {
    // 60 one-line paragraphs, each citing a note: a page ended a line too early for each try
    // (a raised reference's top is in the line above), so every page gave up its notes.
    const text = Array.from({ length: 60 }, (_, i) => `Para ${i + 1} word.[^${i + 1}]`).join('\n\n');
    const notes = Array.from({ length: 60 }, (_, i) => `[^${i + 1}]: DENSE${i + 1} note.`).join('\n');
    writeFileSync(join(t.dir, 'dense.md'), `---\ntitle: Dense\nlang: en\n---\n\n${text}\n\n${notes}\n`);
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default {};\n');
    const r = await colophon(['build', 'dense.md', '--format', 'pdf', '--out', 'dense'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const pages = (await poppler('pdftotext', ['-layout', join(t.dir, 'dense', 'dense.pdf'), '-'])).split('\f').slice(0, -1);
    for (let i = 1; i <= 60; i++) {
      const cited = pages.findIndex((p) => new RegExp(`Para ${i} word`).test(p));
      expect(pages.findIndex((p) => new RegExp(`DENSE${i} note`).test(p)), `note ${i}`).toBe(cited);
    }
    // Each page holds a dozen lines or more with their notes (it held 6, or none, before).
    expect(pages.length).toBeLessThanOrEqual(5);
    for (const page of pages.slice(0, -1)) expect(page.match(/Para \d+ word/g)?.length ?? 0).toBeGreaterThanOrEqual(12);
  }, 120_000);

  it('keeps page-foot notes out of a link, emphasis or code the page ends inside', async () => {
    // Each variant on a page of its own, one line lower than the last: the page ends inside the
    // long link (or emphasis, or code) for some of them.
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const variants = Array.from({ length: 30 }, (_, k) => k + 26);
    const inline = (k: number) => (k % 3 === 0 ? `[${words(60)}](https://example.org/v${k})` : k % 3 === 1 ? `*${words(60)}*` : `\`${words(60)}\``);
    const text = variants.map((k) => [...Array.from({ length: k }, () => 'Filler line.'), `Cited here.[^n${k}] ${inline(k)} after.`].join('\n\n')).join('\n\n\\newpage\n\n');
    const notes = variants.map((k) => `[^n${k}]: NOTE${k} explains the citation.`).join('\n');
    writeFileSync(join(t.dir, 'inside.md'), `---\ntitle: Inside\nlang: en\n---\n\n${text}\n\n${notes}\n`);
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default {};\n');
    const r = await colophon(['build', 'inside.md', '--format', 'pdf', '--out', 'inside'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(t.dir, 'inside', 'inside.pdf');
    const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
    const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(bbox)![1]);
    const pages = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({ x1: Number(w[1]), y1: Number(w[2]), x2: Number(w[3]), y2: Number(w[4]), text: w[5]! })));
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    let split = 0;
    for (const [index, page] of doc.getPages().entries()) {
      const annots = page.node.Annots();
      const links: number[][] = [];
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const annot = annots!.lookup(i, PDFDict);
        const action = annot.lookup(PDFName.of('A'));
        if (action instanceof PDFDict && action.lookup(PDFName.of('URI'))) links.push(annot.lookup(PDFName.of('Rect'))!.toString().replace(/[[\]]/g, '').trim().split(/\s+/).map(Number));
      }
      const noteWords = pages[index]!.filter((w) => /^NOTE\d+$/.test(w.text) || w.text === 'explains');
      // No link covers a note: a link's rectangle (PDF units, from the bottom) against the note's words (from the top).
      for (const w of noteWords) for (const [x1, y1, x2, y2] of links) expect(w.x1 < x2! && w.x2 > x1! && height - w.y2 < y2! && height - w.y1 > y1!, `a link over ${w.text} on page ${index + 1}`).toBe(false);
      // A page ending inside the inline text: its last word before the notes and the next page's first word are both of it.
      const before = pages[index]!.filter((w) => /^word\d+$/.test(w.text));
      if (before.length > 0 && noteWords.length > 0 && pages[index + 1]?.some((w) => /^word\d+$/.test(w.text))) split++;
    }
    expect(split).toBeGreaterThan(2);
    // Every note in the notes' own type: the same word as wide in all of them (not in the code's font).
    const widths = pages.flat().filter((w) => w.text === 'explains').map((w) => Math.round((w.x2 - w.x1) * 10) / 10);
    expect(widths).toHaveLength(variants.length);
    expect(new Set(widths).size, widths.join(' ')).toBe(1);
    for (const k of variants) {
      const ref = pages.findIndex((p) => p.some((w) => w.text.startsWith('here.')) && p.some((w) => w.text === `NOTE${k}`));
      expect(ref, `NOTE${k} on the page citing it`).toBeGreaterThanOrEqual(0);
    }
  }, 120_000);

  it('sets all notes together at the end of the book when asked, listed in the contents', async () => {
    const book = join(t.dir, 'noted');
    mkdirSync(book, { recursive: true });
    writeFileSync(join(book, 'book.yaml'), 'title: Noted\nauthor: N. Writer\nlang: en\nchapters:\n  - a.md\n  - b.md\n');
    writeFileSync(join(book, 'a.md'), '# Alpha\n\nA claim.[^1]\n\n[^1]: The alpha source.\n');
    writeFileSync(join(book, 'b.md'), '# Beta\n\nAnother claim.[^x]\n\n[^x]: The beta source.\n');
    writeFileSync(join(t.dir, 'build.config.ts'), "export default { pdf: { notes: 'book' } };\n");
    const r = await colophon(['build', 'noted', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const text = await poppler('pdftotext', ['-layout', join(t.dir, 'dist', 'noted.pdf'), '-']);
    const pages = text.split('\f').map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean));
    const notesPage = pages.findIndex((p) => p[0] === 'Notes');
    expect(notesPage).toBeGreaterThan(0);
    expect(pages[notesPage]!.join(' ')).toMatch(/Alpha.*The alpha source\..*Beta.*The beta source\./);
    // The chapters themselves no longer end with their notes.
    expect(pages.slice(0, notesPage).flat().join(' ')).not.toContain('source.');
    const entry = pages.flat().find((l) => /^Notes\s*(\.\s*)+\d+$/.test(l));
    expect(entry, 'a contents entry for the notes').toBeDefined();
    expect(pages[notesPage]!.at(-1)).toBe(entry!.match(/(\d+)$/)![1]);
  });

  it('lays out a right-to-left book from the right: headings, contents numbers at the left end of their leaders', async () => {
    const book = join(t.dir, 'arabic');
    mkdirSync(book, { recursive: true });
    writeFileSync(join(book, 'book.yaml'), 'title: كتاب تجريبي\nauthor: كاتب\nlang: ar\nchapters:\n  - a.md\n  - b.md\n');
    const prose = 'في الصباح حزموا أمتعتهم وذهبوا إلى محطة القطار، لكن القطار تأخر كثيرا. '.repeat(30);
    writeFileSync(join(book, 'a.md'), `# الفصل الأول\n\n${prose}\n`);
    writeFileSync(join(book, 'b.md'), `# الفصل الثاني\n\n${prose}\n`);
    writeFileSync(join(t.dir, 'build.config.ts'), 'export default {};\n');
    const r = await colophon(['build', 'arabic', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const bbox = await poppler('pdftotext', ['-bbox', join(t.dir, 'dist', 'arabic.pdf'), '-']);
    const pages = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ x1: Number(w[1]), y: Number(w[2]), x2: Number(w[3]), text: w[4]! })));
    // pdftotext gives Arabic words in visual order (reversed); accept either.
    const is = (w: { text: string }, word: string) => w.text === word || w.text === [...word].reverse().join('');
    const contents = pages.find((words) => words.some((w) => is(w, 'المحتويات')))!;
    expect(contents, 'an Arabic contents title').toBeDefined();
    const title = contents.find((w) => is(w, 'الفصل'))!;
    const line = contents.filter((w) => Math.abs(w.y - title.y) < 3);
    const titleLeft = Math.min(...line.filter((w) => w.text !== '.' && !/^\d+$/.test(w.text)).map((w) => w.x1));
    const number = line.find((w) => /^\d+$/.test(w.text))!;
    const dots = line.filter((w) => w.text === '.');
    expect(number, 'the page number of the first chapter').toBeDefined();
    expect(dots.length).toBeGreaterThan(5);
    // Number, then leader dots, then the title, from left to right.
    expect(number.x2).toBeLessThan(Math.min(...dots.map((d) => d.x1)));
    expect(Math.max(...dots.map((d) => d.x2))).toBeLessThan(titleLeft);
    // Chapter headings sit at the right edge of the text block.
    const opening = pages.find((words) => words !== contents && words.some((w) => is(w, 'الثاني') && w.y < 200))!;
    const heading = opening.filter((w) => is(w, 'الثاني') || is(w, 'الفصل'));
    const body = opening.filter((w) => w.y > 250 && w.y < 500);
    expect(Math.max(...heading.map((w) => w.x2))).toBeCloseTo(Math.max(...body.map((w) => w.x2)), 0);
    // Bookmarks in logical order, as the headings read (Chromium's came with the words reversed).
    const doc = await PDFDocument.load(readFileSync(join(t.dir, 'dist', 'arabic.pdf')), { updateMetadata: false });
    const titles: string[] = [];
    for (let item = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict).lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      titles.push((item.lookup(PDFName.of('Title')) as { decodeText(): string }).decodeText());
    }
    expect(titles.slice(1)).toEqual(['الفصل الأول', 'الفصل الثاني']);
  });

  it('rejects a bad bleed with the expected form', async () => {
    writeFileSync(join(t.dir, 'build.config.ts'), "export default { pdf: { bleed: 'lots' } };\n");
    const r = await colophon(['build', 'seed.md', '--format', 'pdf'], { cwd: t.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`pdf.bleed: expected a length such as "6in", "148mm" or "432pt", got "lots"`);
  });
});
