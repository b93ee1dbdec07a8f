import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, poppler, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

// A manuscript written for pandoc, as such authors hand it over.
const MANUSCRIPT = `% Notes from the Field
% Ada Byron; Charles Babbage
% March 3, 2020

# Arrival

We arrived at dawn.^[The train was late, as *always*.] The water was H~2~O, the
count 2^10^, and the word [fieldwork]{.smallcaps} was new to us.

::: {.note}
Remember to write everything down.
:::

> [!WARNING]
> Keep away from the cliffs.

![The camp at dawn](camp.png){width=40%}

\\newpage

# Departure

We left at dusk.^[Earlier than planned.]
`;

describe('a manuscript in pandoc Markdown', () => {
  it('builds both editions as pandoc would have them: metadata, notes, spans, divs, page breaks', async () => {
    writeFileSync(join(t.dir, 'field.md'), MANUSCRIPT);
    writeFileSync(join(t.dir, 'camp.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
    const r = await colophon(['build', 'field.md', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);

    const epub = join(t.dir, 'out', 'field.epub');
    expect((await epubcheck(epub)).messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:title id="title">Notes from the Field</dc:title>');
    expect(opf).toMatch(/<dc:creator id="creator-1">Ada Byron<\/dc:creator>.*<dc:creator id="creator-2">Charles Babbage<\/dc:creator>/s);
    expect(opf).toContain('<dc:date>2020-03-03</dc:date>');
    const chapter = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    expect(chapter).not.toMatch(/% Notes|:::|\^\[|\\newpage|\{width/);
    expect(chapter).toContain('H<sub>2</sub>O');
    expect(chapter).toContain('2<sup>10</sup>');
    expect(chapter).toContain('<span class="smallcaps">fieldwork</span>');
    expect(chapter).toContain('<div class="note"><p>Remember to write everything down.</p></div>');
    expect(chapter).toMatch(/<img [^>]*style="width: 40%;"/);
    expect(chapter).toMatch(/<div class="warning alert" role="note">\s*<p class="alert-title">Warning<\/p>\s*<p>Keep away from the cliffs\.<\/p>/);
    expect(chapter).toMatch(/role="doc-footnote"[^>]*>.*The train was late, as <em>always<\/em>\./s);

    const pdf = join(t.dir, 'out', 'field.pdf');
    const pages = (await poppler('pdftotext', ['-layout', pdf, '-'])).split('\f').slice(0, -1);
    // The page break: the second chapter's text starts a page, and each note is on its reference's page.
    const departure = pages.findIndex((p) => p.includes('We left at dusk'));
    const arrival = pages.findIndex((p) => p.includes('We arrived at dawn'));
    expect(departure).toBeGreaterThan(arrival);
    expect(pages[arrival]).toMatch(/1\.\s+The train was late, as always\./);
    expect(pages[departure]).toMatch(/2\.\s+Earlier than planned\./);
    expect(pages[departure]!.indexOf('Departure')).toBeLessThan(pages[departure]!.indexOf('We left at dusk'));
    expect(pages.join('')).not.toMatch(/% Notes|:::|\^\[|\\newpage/);
    expect(await poppler('pdfinfo', [pdf])).toMatch(/^Author:\s+Ada Byron, Charles Babbage$/m);
  }, 120_000);

  it('keeps a note on the title heading of an essay, after the title, in both editions', async () => {
    writeFileSync(join(t.dir, 'essay.md'), '# On Notes[^1]\n\nBy Ada Byron[^2]\n\nThe text of the essay.\n\n[^1]: First published in 1999.\n[^2]: A mathematician.\n');
    const r = await colophon(['build', 'essay.md', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const epub = join(t.dir, 'out', 'essay.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const chapter = await (await JSZip.loadAsync(readFileSync(epub))).file('OEBPS/ch01.xhtml')!.async('string');
    expect(chapter).toMatch(/<h1 class="title" id="title">On Notes<sup><a href="#fn-1" id="fnref-1"[^>]*>1<\/a><\/sup><\/h1>/);
    expect(chapter).toMatch(/<aside id="fn-1"[^>]*>.*First published in 1999\./s);
    expect(chapter).toMatch(/<p class="byline">Ada Byron<sup><a href="#fn-2" id="fnref-2"[^>]*>2<\/a><\/sup><\/p>/);
    expect(chapter).toMatch(/<aside id="fn-2"[^>]*>.*A mathematician\./s);
    const text = await poppler('pdftotext', [join(t.dir, 'out', 'essay.pdf'), '-']);
    expect(text).toMatch(/On Notes1/);
    expect(text).toMatch(/1\.\s+First published in 1999\./);
  }, 120_000);

  it('sets a formula wider than the text block smaller, so that none of it runs off the page', async () => {
    const terms = Array.from({ length: 38 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(i < 26 ? 1 : 2)).join('+');
    writeFileSync(join(t.dir, 'wide.md'), `---\ntitle: Wide\nlang: en\n---\n\nBefore.\n\n$$x = ${terms}$$\n\nAfter.\n`);
    const r = await colophon(['build', 'wide.md', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    // Every term, the last one included, is on the page (pdftotext reads the math italic letters).
    const text = (await poppler('pdftotext', [join(t.dir, 'out', 'wide.pdf'), '-'])).normalize('NFKC');
    expect(text).toMatch(/kk\s*\+\s*ll/);
  }, 120_000);
});
