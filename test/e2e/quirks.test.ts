import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';
import { outline } from '../helpers/pdf.js';
import { outlineItems } from '../../src/render/pdf-finish.js';
import { solidPng } from '../helpers/png.js';

const t = tempDir();
afterAll(() => t.cleanup());

/** Writes a book's files (paths relative to its folder, folders made as needed) and returns the folder. */
function writeBook(name: string, files: Record<string, string | Buffer>): string {
  const root = join(t.dir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The text of one file of a built EPUB (`OEBPS/<name>`). */
async function epubFile(epub: string, name: string): Promise<string> {
  return (await JSZip.loadAsync(readFileSync(epub))).file(`OEBPS/${name}`)!.async('string');
}

// Ordinary manuscripts that Colophon used to refuse or misread (found by fuzzing).
describe('manuscripts as people write them', () => {
  it('reads YAML numbers as text, keeps hidden and aria-level, warns of a note reference without a note, nests lists 99 deep, and skips SUMMARY links that are not chapters', async () => {
    const list = Array.from({ length: 99 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
    writeFileSync(join(t.dir, 'orwell.md'), `---\ntitle: 1984\ndate: 1949\nauthor: [George Orwell]\nlang: en\n---\n\n<p hidden>Not shown.</p>\n\n<div role="heading" aria-level="2">A heading by role</div>\n\nBig Brother is watching you.[^nope]\n\n${list}\n`);
    writeBook('summary', {
      'SUMMARY.md': '# Summary\n\n- [One](one.md)\n- [Notes](notes.txt)\n- [Itself](SUMMARY.md)\n',
      'one.md': '---\nlang: en\n---\n\n# One\n\nText.\n',
      'notes.txt': 'Not a chapter.\n',
    });
    const r = await colophon(['build', 'orwell.md', 'summary', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/orwell\.md:12:29: warning: note reference \[\^nope\] has no note/);
    expect(r.stderr).toMatch(/SUMMARY\.md:4:1: warning: "notes\.txt" is not a Markdown file/);
    expect(r.stderr).toMatch(/SUMMARY\.md:5:1: warning: "SUMMARY\.md" is this SUMMARY\.md/);
    for (const name of ['orwell', 'summary']) expect((await epubcheck(join(t.dir, 'out', `${name}.epub`))).messages).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(join(t.dir, 'out', 'orwell.epub')));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:title id="title">1984</dc:title>');
    expect(opf).toContain('<dc:date>1949</dc:date>');
    expect(opf).toContain('<dc:description>Big Brother is watching you.');
    const chapter = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    expect(chapter).toContain('<p hidden="">Not shown.</p>');
    expect(chapter).toContain('<div role="heading" aria-level="2">A heading by role</div>');
    expect(chapter).toContain('level 99');
    const summary = await JSZip.loadAsync(readFileSync(join(t.dir, 'out', 'summary.epub')));
    expect(Object.keys(summary.files).filter((f) => /ch\d+\.xhtml$/.test(f))).toEqual(['OEBPS/ch01.xhtml']);
  }, 120_000);

  it('keeps quotes a German author typed, gives German marks to English pairs, keeps parts off the back matter and note numbers off contents entries', async () => {
    writeBook('buch', {
      'book.yaml': 'title: Buch\nlang: de\n',
      'SUMMARY.md': '# Summary\n\n# Erster Teil\n\n- [Eins](eins.md)\n\n[Anhang](anhang.md)\n',
      'eins.md': '# Eins\n\nEr sagte „Hallo“ und "Tschüss" und ging.\n\nSie schrieb: "Er rief \'Halt\' und lief." Und Peter\'s Hund bellte.\n\n## Abschnitt mit Note[^a]\n\nText.\n\n[^a]: Die Note.\n',
      'anhang.md': '# Anhang\n\nMehr.\n',
    });
    const r = await colophon(['build', 'buch', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const epub = join(t.dir, 'out', 'buch.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const eins = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    expect(eins).toContain('Er sagte „Hallo“ und „Tschüss“ und ging.');
    // Inner quotation marks too; an apostrophe stays one.
    expect(eins).toContain('Sie schrieb: „Er rief ‚Halt‘ und lief.“ Und Peter’s Hund bellte.');
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toContain('>Abschnitt mit Note</a>');
    // The appendix after the numbered chapters is not part of the last part.
    expect(nav).toMatch(/<li><span>Erster Teil<\/span><ol><li><a href="ch01\.xhtml">Eins<\/a>.*?<\/ol><\/li><li><a href="ch02\.xhtml">Anhang<\/a><\/li><\/ol>/s);
  }, 120_000);

  it('makes PDF bookmarks of headings that cite notes or wrap with the headings\' own text, and leaves a heading that really ends in a digit alone', async () => {
    writeBook('bookmarks', {
      'book.yaml': 'title: Bookmarks\nauthor: A. Tester\nlang: en\n',
      'one.md': '# Origins[^a]\n\nText.[^b]\n\n## A section with *emphasis* and `code`[^c]\n\nMore.\n\n[^a]: On the title.\n[^b]: In the text.\n[^c]: On the section.\n',
      'two.md': '# Apollo 11\n\nText.\n\n## Origins1\n\nA heading that reads so.\n',
      'three.md': '# The Quick Brown Fox Jumps Over the Lazy Dog and Keeps Running Far Away Into the Night\n\nText.\n\n## A Second Level Heading That Is Also Quite Long and Wraps Onto Another Line\n\nMore.\n',
    });
    writeFileSync(join(t.dir, 'single.md'), '# The Title[^t]\n\nBody.[^b]\n\n## Part two[^c]\n\nMore.\n\n[^t]: On the title.\n[^b]: Body.\n[^c]: Section.\n');
    const r = await colophon(['build', 'bookmarks', 'single.md', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    // Headings that wrap keep the spaces at their line ends (Chromium's bookmarks lost them).
    expect(await outline(join(t.dir, 'out', 'bookmarks.pdf'))).toEqual([
      'Contents',
      'Origins',
      '  A section with emphasis and code',
      'The Quick Brown Fox Jumps Over the Lazy Dog and Keeps Running Far Away Into the Night',
      '  A Second Level Heading That Is Also Quite Long and Wraps Onto Another Line',
      'Apollo 11',
      '  Origins1',
    ]);
    expect(await outline(join(t.dir, 'out', 'single.pdf'))).toEqual(['The Title', '  Part two']);
  }, 120_000);

  it('leaves empty chapter files out of the book with a warning, and warns of empty notes (an empty inline note left out)', async () => {
    const book = writeBook('drafts', {
      'SUMMARY.md': '# Summary\n\n- [One](one.md)\n- [Empty](empty.md)\n- [Only metadata](meta.md)\n- [Three](three.md)\n',
      'one.md': '---\ntitle: Drafts\nlang: en\n---\n\n# One\n\nText.^[] And a note.[^x]\n\n[^x]:\n',
      'empty.md': '',
      'meta.md': '---\ndescription: nothing yet\n---\n\n   \n',
      'three.md': '# Three\n\nText.\n',
    });
    const r = await colophon(['build', 'drafts', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/empty\.md:1:1: warning: this chapter is empty: it is left out of the book until it has text \[empty-chapter\]/);
    expect(r.stderr).toMatch(/meta\.md:1:1: warning: this chapter has only front matter, no text: it is left out/);
    expect(r.stderr).toMatch(/one\.md:8:6: warning: empty inline note \^\[\]: left out \[note-empty\]/);
    expect(r.stderr).toMatch(/one\.md:10:1: warning: note \[\^x\] is empty/);
    const epub = join(t.dir, 'out', 'drafts.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(epub));
    expect(Object.keys(zip.files).filter((f) => /ch\d+\.xhtml$/.test(f)).sort()).toEqual(['OEBPS/ch01.xhtml', 'OEBPS/ch02.xhtml']);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toContain('>Three</a>');
    expect(nav).not.toContain('Empty');
    expect(nav).not.toContain('Only metadata');
    // The empty inline note made no note: the only reference is [^x]'s, numbered 1.
    const one = await zip.file('OEBPS/ch01.xhtml')!.async('string');
    expect(one.match(/role="doc-noteref"/g)).toHaveLength(1);
    // Nor a page in print: the contents list One and Three only.
    const { stdout } = await promisify(execFile)('pdftotext', [join(t.dir, 'out', 'drafts.pdf'), '-']);
    expect(stdout).not.toMatch(/Empty|Only metadata/);
    expect(stdout).toMatch(/Three/);
    // Writing the chapter brings it in (the empty file is one of the book's inputs).
    writeFileSync(join(book, 'empty.md'), '# Not empty now\n\nText.\n');
    const again = await colophon(['build', 'drafts', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(await epubFile(epub, 'toc.xhtml')).toContain('>Empty</a>');
  }, 120_000);

  it("builds a folder holding only a README.md from it, and says when a folder's README is not one of its chapters", async () => {
    writeBook('only-readme', { 'README.md': '# A Tool\n\nWhat the tool does, in a paragraph.\n' });
    writeBook('with-readme', { 'README.md': '# About these notes\n\nBuild with colophon.\n', '01-start.md': '# Start\n\nText.\n', '02-end.md': '# End\n\nText.\n' });
    const r = await colophon(['build', 'only-readme', 'with-readme', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await epubFile(join(t.dir, 'out', 'only-readme.epub'), 'ch01.xhtml')).toContain('What the tool does');
    expect(r.stderr).toMatch(/with-readme\/README\.md:1:1: warning: README\.md is not a chapter of this book .*list it in a SUMMARY\.md or in book\.yaml's chapters to make it one \[readme-skipped\]/);
    expect(r.stderr).not.toMatch(/only-readme.*readme-skipped/);
    const nav = await epubFile(join(t.dir, 'out', 'with-readme.epub'), 'toc.xhtml');
    expect(nav).toContain('>Start</a>');
    expect(nav).not.toContain('About these notes');
  }, 60_000);

  it("sets the Rust book's <Listing> as a captioned listing: file name above the code, number and caption below", async () => {
    writeBook('listings', {
      'ch01.md': '---\ntitle: Listings\nlang: en\n---\n\n# Hello\n\n<Listing number="1-1" file-name="src/main.rs" caption="A program that prints `Hello, world!`">\n\n```rust\nfn main() {\n    println!("Hello, world!");\n}\n```\n\n</Listing>\n\n<Listing>\n\n```text\n$ cargo run\n```\n\n</Listing>\n',
    });
    const r = await colophon(['build', 'listings', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/html-obsolete|html-attribute|html-nesting/);
    const epub = join(t.dir, 'out', 'listings.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const xhtml = await epubFile(epub, 'ch01.xhtml');
    expect(xhtml).toMatch(/<figure class="listing"><p class="listing-file">Filename: <code>src\/main\.rs<\/code><\/p><pre><code class="language-rust">[\s\S]*?<\/pre>\s*<figcaption>Listing 1-1: A program that prints <code>Hello, world!<\/code><\/figcaption><\/figure>/);
    expect(xhtml).toMatch(/<figure class="listing"><pre><code class="language-text">\$ cargo run\n<\/code><\/pre>\s*<\/figure>/);
    const { stdout } = await promisify(execFile)('pdftotext', [join(t.dir, 'out', 'listings.pdf'), '-']);
    expect(stdout).toMatch(/Filename: src\/main\.rs\s+fn main\(\) \{[\s\S]*Listing 1-1: A program that prints Hello, world!/);
  }, 60_000);

  it('prints a <details> box open, its summary and hidden text both on paper', async () => {
    writeBook('details', { 'd.md': '---\ntitle: Details\nlang: en\n---\n\nBefore.\n\n<details>\n<summary>Click to expand</summary>\n\nThe HIDDEN answer.\n\n</details>\n\nAfter.\n' });
    const r = await colophon(['build', 'details/d.md', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect((await epubcheck(join(t.dir, 'out', 'd.epub'))).messages).toEqual([]);
    const { stdout } = await promisify(execFile)('pdftotext', [join(t.dir, 'out', 'd.pdf'), '-']);
    expect(stdout).toMatch(/Click to expand\s+The HIDDEN answer\.\s+After\./);
  }, 60_000);

  it('reports an HTML comment never closed, which hides the rest of the file, and not a closed one', async () => {
    writeBook('comments', { 'c.md': '---\ntitle: Comments\nlang: en\n---\n\nFirst paragraph.\n\n<!-- a closed note\nover two lines -->\n\nSecond paragraph.\n\n<!-- TODO fix this later\n\n## Lost heading\n\nLost paragraph.\n' });
    const r = await colophon(['build', 'comments/c.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/html-comment/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/c\.md:13:1: warning: this HTML comment is never closed \(no "-->"\): the 2 lines of text after it are hidden from the book — close it \[html-comment\]/);
    const xhtml = await epubFile(join(t.dir, 'out', 'c.epub'), 'ch01.xhtml');
    expect(xhtml).toContain('Second paragraph.');
    expect(xhtml).not.toContain('a closed note');
  }, 60_000);

  it('names chapters by headings of emoji or punctuation, and leaves hidden files out of a folder book', async () => {
    writeBook('odd-titles', {
      'book.yaml': 'title: Odd Titles\nlang: en\n',
      '01.md': '# 😀🎉🚀\n\nText.\n',
      '02.md': '# …\n\nText.\n',
      '03.md': '# 1984\n\nText.\n',
      '.notes.md': '# Draft notes\n\nPrivate.\n',
      // What macOS leaves beside a file on a shared drive: binary, not UTF-8.
      '._01.md': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0x4d, 0x61, 0x63, 0x20, 0x4f, 0x53, 0x20, 0x58, 0xb0, 0xff]),
    });
    const r = await colophon(['build', 'odd-titles', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const epub = join(t.dir, 'out', 'odd-titles.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const nav = await epubFile(epub, 'toc.xhtml');
    expect([...nav.matchAll(/<a href="ch\d+\.xhtml">([^<]*)<\/a>/g)].map((m) => m[1])).toEqual(['😀🎉🚀', '…', '1984']);
    expect(nav).not.toContain('Draft notes');
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(t.dir, 'out', 'odd-titles.pdf'), '-']);
    expect(stdout).not.toMatch(/Draft notes|\b01\b.*\.\s\./);
  }, 60_000);

  it('keeps only web links EPUBCheck can read as written: no host, a hex address or one slash is unlinked, an upper-case scheme, an IDN or an IPv6 host kept', async () => {
    writeBook('urls', {
      'u.md': '---\ntitle: U\nlang: en\n---\n\nSee [a](http:///x) [b](http:a.com) [c](http:/a.com) [d](http://0x7f.1/) [e](http://127.0.0.1:8080/p) [f](https://例え.jp/パス) [g](https://user@example.org:443/x?y#z) [i](https://example.org) [j](HTTP://EXAMPLE.ORG/) [k](http://[2001:db8::1]:8080/p) <http://[::1]/> [l](http://[nope]/).\n\n<a href="http:a.com">raw</a>\n',
    });
    const r = await colophon(['build', 'urls/u.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/is not a valid web address; the link is removed/g)).toHaveLength(6);
    const epub = join(t.dir, 'out', 'u.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const chapter = await epubFile(epub, 'ch01.xhtml');
    const links = [...chapter.matchAll(/<a( href="[^"]*")?>([a-z]+)<\/a>/g)].filter((m) => m[1]).map((m) => m[2]);
    expect(links).toEqual(['e', 'f', 'g', 'i', 'j', 'k']);
    // An IPv6 host keeps its brackets (Markdown had percent-encoded them, and the link was removed).
    expect(chapter).toContain('<a href="http://[2001:db8::1]:8080/p">k</a>');
    expect(chapter).toContain('<a href="http://[::1]/">http://[::1]/</a>');
  }, 60_000);

  it('sets a title page too long for its page smaller, so that nothing on it is cut off', async () => {
    writeBook('long-title', {
      'book.yaml': `title: ${'A Very Long Title '.repeat(28).trim()}\nsubtitle: A subtitle\nauthor: Jane Doe\npublisher: Some Press\nlang: en\n`,
      'a.md': '# One\n\nText.\n',
      'b.md': '# Two\n\nText.\n',
    });
    const r = await colophon(['build', 'long-title', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const { stdout } = await promisify(execFile)('pdftotext', ['-f', '3', '-l', '3', join(t.dir, 'out', 'long-title.pdf'), '-']);
    expect(stdout.match(/Title/g)).toHaveLength(28);
    expect(stdout).toMatch(/A subtitle[\s\S]*Jane Doe[\s\S]*Some Press/i);
  }, 60_000);

  it('uses a chapter listed twice in book.yaml once, and says so', async () => {
    writeBook('twice', { 'book.yaml': 'title: Twice\nlang: en\nchapters:\n  - a.md\n  - b.md\n  - ./a.md\n', 'a.md': '# Alpha\n\nText.\n', 'b.md': '# Beta\n\nText.\n' });
    const r = await colophon(['build', 'twice', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/book\.yaml:6:1: warning: chapter "\.\/a\.md" is listed twice in chapters; only its first place is used \[chapter-duplicate\]/);
    const nav = await epubFile(join(t.dir, 'out', 'twice.epub'), 'toc.xhtml');
    expect([...nav.matchAll(/<a href="ch\d+\.xhtml">([^<]*)<\/a>/g)].map((m) => m[1])).toEqual(['Alpha', 'Beta']);
  }, 60_000);

  it('keeps the EPUB page list when the manuscript has blocks that print nothing (an anchor of its own, hidden or empty paragraphs)', async () => {
    const book = writeBook('anchors', {
      'book.yaml': 'title: Anchors\nauthor: A. Tester\nlang: en\n',
    });
    const prose = 'Words that fill a page of the book, line after line, until the page runs over. '.repeat(40);
    writeFileSync(join(book, 'one.md'), `# One\n\n${prose}\n\n<a id="old-anchor"></a>\n\n<p hidden>Hidden.</p>\n\n<p><span></span></p>\n\n<p>&nbsp;</p>\n\n- \n- item\n\n${prose}\n`);
    writeFileSync(join(book, 'two.md'), `# Two\n\n${prose}\n`);
    const r = await colophon(['build', 'anchors', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const epub = join(t.dir, 'out', 'anchors.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    expect(await epubFile(epub, 'toc.xhtml')).toContain('epub:type="page-list"');
    const one = await epubFile(epub, 'ch01.xhtml');
    // The chapter runs over several pages: each has its marker.
    expect((one.match(/epub:type="pagebreak"/g) ?? []).length).toBeGreaterThan(1);
  }, 120_000);

  it("keeps a raw image's width and height in pixels, and reports other values", async () => {
    writeBook('sized', {
      'fig.png': solidPng(650, 200),
      'sized.md': '---\ntitle: Sized\nlang: en\n---\n\n# Sized\n\n<img src="fig.png" width="650" height="200" alt="A diagram">\n\n<img src="fig.png" width="50%" height="200px" alt="Another">\n',
    });
    const r = await colophon(['build', 'sized/sized.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/attribute width on <img> removed/);
    expect(r.stderr).toMatch(/sized\.md:10:1: warning: width="50%" on <img> removed: not a valid value/);
    const epub = join(t.dir, 'out', 'sized.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const chapter = await epubFile(epub, 'ch01.xhtml');
    expect(chapter).toMatch(/<img src="images\/[0-9a-f]+\.png" width="650" height="200" alt="A diagram" \/>/);
    expect(chapter).toMatch(/<img src="images\/[0-9a-f]+\.png" alt="Another" \/>/);
  }, 120_000);

  it('lists a chapter once in the EPUB contents when it opens with a smaller heading of its own title', async () => {
    writeBook('guide', {
      'SUMMARY.md': '# Summary\n\n- [Getting Started](start.md)\n  - [Installation](install.md)\n',
      'start.md': '---\ntitle: Guide\nlang: en\n---\n\n# Getting Started\n\nText.\n',
      'install.md': '## Installation\n\nText.\n\n## Requirements\n\nMore.\n',
    });
    const r = await colophon(['build', 'guide', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const nav = await epubFile(join(t.dir, 'out', 'guide.epub'), 'toc.xhtml');
    expect(nav.match(/>Installation</g)).toHaveLength(1);
    expect(nav).toContain('<li><a href="ch02.xhtml">Installation</a><ol><li><a href="ch02.xhtml#requirements">Requirements</a></li></ol></li>');
  }, 120_000);

  it('takes a title repeated atop every chapter as the book title, and a one-file book title from its first heading wherever it is', async () => {
    writeBook('ydkjs', {
      'book.yaml': 'lang: en\nchapters:\n  - foreword.md\n  - ch1.md\n  - ch2.md\n',
      'foreword.md': "# You Don't Know JS Yet\n# Foreword\n\nWords.\n",
      'ch1.md': "# You Don't Know JS Yet\n# Chapter 1: What Is JavaScript?\n\nText.\n\n## About This Book\n\nMore.\n",
      'ch2.md': "# You Don't Know JS Yet\n# Chapter 2: Surveying JS\n\nText.\n",
    });
    writeFileSync(join(t.dir, 'README.md'), 'Other languages: [Deutsch](README-de.md)\n\n# The Real Title\n\nBody text of the readme, long enough to be a paragraph.\n');
    const r = await colophon(['build', 'ydkjs', 'README.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/foreword\.md:1:1: warning: every chapter opens with the same level-1 heading "You Don’t Know JS Yet": it is taken as the book's title/);
    expect(r.stderr).not.toContain('title-missing');
    const ydkjs = join(t.dir, 'out', 'ydkjs.epub');
    expect(await epubFile(ydkjs, 'content.opf')).toContain('<dc:title id="title">You Don’t Know JS Yet</dc:title>');
    const nav = await epubFile(ydkjs, 'toc.xhtml');
    for (const title of ['Foreword', 'Chapter 1: What Is JavaScript?', 'Chapter 2: Surveying JS']) expect(nav).toContain(`>${title}</a>`);
    expect(nav).not.toMatch(/<li><a href="ch0\d\.xhtml">You Don’t Know JS Yet<\/a>/);
    // The foreword is front matter again, now that it is named by its own heading.
    expect(nav).toMatch(/epub:type="frontmatter"[^>]*href="ch01\.xhtml"|href="ch01\.xhtml"[^>]*epub:type="frontmatter"|<a epub:type="bodymatter" href="ch02\.xhtml"/);
    expect((await epubFile(ydkjs, 'ch02.xhtml')).match(/<h1/g)).toHaveLength(1);
    expect(await epubFile(join(t.dir, 'out', 'README.epub'), 'content.opf')).toContain('<dc:title id="title">The Real Title</dc:title>');
    // With another title given, a heading atop every chapter is the author's own: kept, with its id and links.
    writeBook('own-heading', { 'book.yaml': 'title: Ids\nlang: en\n', 'a.md': '# Same {#same}\n\nText, see [here](#same).\n\n## A\n\nMore.\n', 'b.md': '# Same {#same}\n\nText.\n\n## B\n\nMore.\n' });
    const own = await colophon(['build', 'own-heading', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(own.code, own.stderr).toBe(0);
    expect(own.stderr).not.toMatch(/repeated-title|broken-anchor/);
    expect(await epubFile(join(t.dir, 'out', 'own-heading.epub'), 'ch01.xhtml')).toContain('<h1 id="same">Same</h1>');
  }, 120_000);

  it("takes in mdBook's {{#include}} files in code blocks — whole, by lines or by anchor, only from inside the book — and rebuilds when one changes", async () => {
    writeFileSync(join(t.dir, 'secret.rs'), 'SECRET OUTSIDE\n');
    const root = writeBook('rbook', {
      'book.toml': '[book]\ntitle = "Includes"\nauthors = ["A. Tester"]\nlanguage = "en"\n',
      'src/SUMMARY.md': '# Summary\n\n- [One](one.md)\n- [Two](two.md)\n',
      'listings/main.rs': 'use std::io;\n\n// ANCHOR: all\nfn main() {\n    // ANCHOR: print\n    println!("Guess the number!");\n    // ANCHOR_END: print\n    let x = 5;\n}\n// ANCHOR_END: all\n',
      'src/one.md': '# One\n\n```rust\n{{#include ../listings/main.rs}}\n```\n\n```rust\n{{#rustdoc_include ../listings/main.rs:print}}\n```\n\n```rust\n{{#include ../listings/main.rs:1:1}}\n```\n',
      'src/two.md': '# Two\n\n```rust\n{{#include ../../secret.rs}}\n{{#include nowhere.rs}}\n\\{{#include shown.rs}}\n```\n',
    });
    const r = await colophon(['build', 'rbook', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/two\.md:3:1: warning: mdBook directive \{\{#include \.\.\/\.\.\/secret\.rs\}\}: "\.\.\/\.\.\/secret\.rs" is outside the book's folder/);
    expect(r.stderr).toMatch(/two\.md:3:1: warning: mdBook directive \{\{#include nowhere\.rs\}\}: "nowhere\.rs" not found/);
    const epub = join(t.dir, 'out', 'rbook.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const text = async (name: string) => (await epubFile(epub, name)).replace(/<[^>]+>/g, '').replace(/&quot;/g, '"');
    const one = await text('ch01.xhtml');
    expect(one).toContain('use std::io;\n\nfn main() {\n    println!("Guess the number!");\n    let x = 5;\n}');
    expect(one).not.toContain('ANCHOR');
    expect(one).toMatch(/\n {4}println!\("Guess the number!"\);\n/);
    expect(one).not.toContain('{{#');
    const two = await text('ch02.xhtml');
    expect(two).not.toContain('SECRET OUTSIDE');
    expect(two).toContain('{{#include ../../secret.rs}}');
    expect(two).toContain('{{#include shown.rs}}');
    expect(two).not.toContain('\\{{#');
    // The included file is an input of the book: changing it rebuilds the book.
    writeFileSync(join(root, 'listings', 'main.rs'), 'fn changed() {}\n');
    const again = await colophon(['build', 'rbook', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(await text('ch01.xhtml')).toContain('fn changed() {}');
  }, 120_000);

  it('keeps links to an id it had to rename: one with a space, one a one-chapter book\'s title block also has', async () => {
    writeFileSync(join(t.dir, 'renamed.md'), '---\nlang: en\n---\n\n# Essay\n\nSee [the part](#title) and [the point](#key%20point).\n\n## The title part {#title}\n\nText.\n\n<p id="key point">Key point.</p>\n');
    const r = await colophon(['build', 'renamed.md', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/broken-anchor/);
    const epub = join(t.dir, 'out', 'renamed.epub');
    const chapter = await epubFile(epub, 'ch01.xhtml');
    expect(chapter).toContain('<a href="#title-2">the part</a>');
    expect(chapter).toContain('<a href="#key-point">the point</a>');
    expect(chapter).toMatch(/<h2 id="title-2">/);
    expect((await epubcheck(epub)).messages).toEqual([]);
    // The print edition's links too: two internal links, each to its place.
    const pdf = await PDFDocument.load(readFileSync(join(t.dir, 'out', 'renamed.pdf')), { updateMetadata: false });
    const links = pdf.getPages().flatMap((p) => p.node.Annots()?.asArray() ?? []).map((a) => pdf.context.lookup(a, PDFDict)).filter((a) => a.get(PDFName.of('Subtype')) === PDFName.of('Link'));
    expect(links.filter((a) => a.get(PDFName.of('Dest')) !== undefined || a.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('D')) !== undefined)).toHaveLength(2);
  }, 120_000);

  it('takes a symbolic link to a chapter inside the book as a chapter, refuses one leading out, and says why a folder or SUMMARY.md gave no chapters', async () => {
    writeBook('linked', { 'book.yaml': 'title: Linked\nlang: en\n', '01-one.md': '# One\n\nText.\n', 'drafts/two.md': '# Two\n\nText two.\n' });
    symlinkSync('drafts/two.md', join(t.dir, 'linked', '02-two.md'));
    writeBook('leaking', { 'book.yaml': 'title: Leaking\nlang: en\n', '01-one.md': '# One\n\nText.\n' });
    writeFileSync(join(t.dir, 'outside.md'), '# Secret\n\nNot part of the book.\n');
    symlinkSync(join(t.dir, 'outside.md'), join(t.dir, 'leaking', '02-link.md'));
    writeBook('nested', { 'en/01-intro/01-chapter1.markdown': '# Intro\n\nx\n', 'en/02-basics/01-chapter2.markdown': '# Basics\n\nx\n' });
    writeBook('summary-none', { 'SUMMARY.md': '# Summary\n\n- [Intro](intro.txt)\n- [Section](#intro)\n', 'c.md': '# C\n\nText.\n' });
    const r = await colophon(['build', 'linked', 'leaking', 'nested/en', 'summary-none', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\[internal\]|\n\s+at /);
    const zip = await JSZip.loadAsync(readFileSync(join(t.dir, 'out', 'linked.epub')));
    expect(Object.keys(zip.files).filter((f) => /ch\d+\.xhtml$/.test(f))).toHaveLength(2);
    expect(await epubFile(join(t.dir, 'out', 'linked.epub'), 'ch02.xhtml')).toContain('Text two.');
    expect(r.stderr).toMatch(/leaking.*error: chapter "02-link\.md" leads outside the book's folder/);
    expect(r.stderr).toMatch(/nested[\/]en:1:1: error: the folder holds no Markdown chapters \(\.md files\); its subfolders hold some \(01-intro\/01-chapter1\.markdown, 02-basics\/01-chapter2\.markdown\): list the chapters/);
    // Every entry left out is named, then the error.
    expect(r.stderr).toMatch(/SUMMARY\.md:3:1: warning: "intro\.txt" is not a Markdown file[\s\S]*SUMMARY\.md:4:1: warning: "Section" links to #intro[\s\S]*SUMMARY\.md:1:1: error: the book has no chapters/);
  }, 60_000);

  it("takes an mdBook without a language in book.toml for English, as mdBook does, unless the config says otherwise", async () => {
    writeBook('mdbook-nolang', { 'book.toml': '[book]\ntitle = "No Language"\n', 'src/SUMMARY.md': '# Summary\n\n- [One](one.md)\n', 'src/one.md': '# One\n\nGanz kurzer Text.\n' });
    const r = await colophon(['build', 'mdbook-nolang', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/lang-detected/);
    expect(await epubFile(join(t.dir, 'out', 'mdbook-nolang.epub'), 'content.opf')).toContain('<dc:language>en</dc:language>');
    const dir = join(t.dir, 'configured');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'build.config.ts'), "export default { metadata: { lang: 'de' } };\n");
    const configured = await colophon(['build', join(t.dir, 'mdbook-nolang'), '--format', 'epub', '--out', 'out'], { cwd: dir });
    expect(configured.code, configured.stderr).toBe(0);
    expect(await epubFile(join(dir, 'out', 'mdbook-nolang.epub'), 'content.opf')).toContain('<dc:language>de</dc:language>');
  }, 60_000);

  it('nests bookmarks by the book, not by raw heading levels: chapters of ## headings at the top, the book notes\' chapter headings under Notes', async () => {
    writeBook('h2-chapters', { 'book.yaml': 'title: H2\nlang: en\n', 'a.md': '## Alpha\n\nText.\n\n### Alpha sub\n\nMore.\n', 'b.md': '## Beta\n\nText.\n' });
    writeBook('book-notes', { 'book.yaml': 'title: Notes\nlang: en\n', ...Object.fromEntries([1, 2].map((n) => [`c${n}.md`, `# Chapter ${n}\n\nText.[^a]\n\n[^a]: Note ${n}.\n`])) });
    const titles = { preface: 'Preface', a: 'Alpha', a2: 'Alpha two', b: 'Beta', z: 'Appendix' };
    writeBook('parts', {
      'book.toml': '[book]\ntitle = "Parts"\nlanguage = "en"\n',
      'src/SUMMARY.md': '# Summary\n\n[Preface](preface.md)\n\n# Part One\n\n- [Alpha](a.md)\n  - [Alpha two](a2.md)\n\n# Part Two\n\n- [Beta](b.md)\n\n[Appendix](z.md)\n',
      ...Object.fromEntries(Object.entries(titles).map(([file, title]) => [`src/${file}.md`, `# ${title}\n\nText of ${title}.\n`])),
    });
    const dir = join(t.dir, 'notes-at-end');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'build.config.ts'), "export default { pdf: { notes: 'book' } };\n");
    const r = await colophon(['build', join(t.dir, 'h2-chapters'), join(t.dir, 'book-notes'), join(t.dir, 'parts'), '--format', 'pdf', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // SUMMARY.md's parts are bookmarks over their chapters, going where their first chapter opens.
    expect(await outline(join(dir, 'out', 'parts.pdf'))).toEqual(['Contents', 'Preface', 'Part One', '  Alpha', '    Alpha two', 'Part Two', '  Beta', 'Appendix']);
    const doc = await PDFDocument.load(readFileSync(join(dir, 'out', 'parts.pdf')), { updateMetadata: false });
    const destinations = new Map<string, string>();
    for (const { dict } of outlineItems(doc)) destinations.set((dict.lookup(PDFName.of('Title')) as PDFHexString).decodeText(), String(dict.get(PDFName.of('Dest'))));
    expect(destinations.get('Part One')).toBe(destinations.get('Alpha'));
    expect(destinations.get('Part Two')).toBe(destinations.get('Beta'));
    expect(destinations.get('Part One')).not.toBe('undefined');
    expect(await outline(join(dir, 'out', 'h2-chapters.pdf'))).toEqual(['Contents', 'Alpha', '  Alpha sub', 'Beta']);
    expect(await outline(join(dir, 'out', 'book-notes.pdf'))).toEqual(['Contents', 'Chapter 1', 'Chapter 2', 'Notes', '  Chapter 1', '  Chapter 2']);
  }, 120_000);

  it('makes chapters of a one-file book\'s level-1 headings, as pandoc does: contents, notes and links across them, front matter and recto openings in print', async () => {
    writeFileSync(
      join(t.dir, 'whole-book.md'),
      '---\ntitle: The Whole Book\nauthor: A. Writer\nlang: en\n---\n\nA few words before the first chapter.[^a]\n\n# The Beginning\n\nIt starts here and goes on to [the end](#the-end).[^b]\n\n## A Section\n\nMore of it.\n\n# The Middle\n\nMiddle text.[^a]\n\n# The End {#the-end}\n\nAnd so it ends.\n\n[^a]: Note A.\n[^b]: Note B.\n',
    );
    const r = await colophon(['build', 'whole-book.md', '--format', 'epub,pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const epub = join(t.dir, 'out', 'whole-book.epub');
    expect((await epubcheck(epub)).messages).toEqual([]);
    const nav = await epubFile(epub, 'toc.xhtml');
    expect([...nav.matchAll(/<a href="(ch\d+\.xhtml(?:#(?!page-)[^"]*)?)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['ch01.xhtml The Whole Book', 'ch02.xhtml The Beginning', 'ch02.xhtml#a-section A Section', 'ch03.xhtml The Middle', 'ch04.xhtml The End']);
    // Each chapter has the notes it cites first; a link to another chapter's heading goes there.
    expect(await epubFile(epub, 'ch01.xhtml')).toMatch(/<aside id="fn-a"/);
    const beginning = await epubFile(epub, 'ch02.xhtml');
    expect(beginning).toContain('<a href="ch04.xhtml#the-end">the end</a>');
    expect(beginning).toMatch(/<aside id="fn-b"/);
    expect(await epubFile(epub, 'ch03.xhtml')).toContain('href="ch01.xhtml#fn-a"');
    // In print: a book of four chapters, each a top-level bookmark, opening on a recto.
    expect(await outline(join(t.dir, 'out', 'whole-book.pdf'))).toEqual(['Contents', 'The Whole Book', 'The Beginning', '  A Section', 'The Middle', 'The End']);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(t.dir, 'out', 'whole-book.pdf'), '-']);
    const contents = stdout.split('\f').find((page) => /^\s*Contents/.test(page))!;
    const numbers = ['The Whole Book', 'The Beginning', 'The Middle', 'The End'].map((title) => Number(new RegExp(`${title}[ .]+(\\d+)`).exec(contents)![1]));
    expect(numbers.every((n) => n % 2 === 1)).toBe(true);
  }, 120_000);

  it('reports a metadata value it cannot use where it was written: the front matter\'s line, book.yaml\'s', async () => {
    writeFileSync(join(t.dir, 'dated.md'), '---\ntitle: D\nlang: en\ndate: 2024-02-30\ncover-image: missing.png\n---\n\nText.\n');
    writeBook('dated-book', { 'book.yaml': 'title: B\nlang: en\n\ndate: 2024-13-01\n', 'a.md': '# One\n\nText.\n' });
    const r = await colophon(['build', 'dated.md', 'dated-book', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^dated\.md:4:1: warning: date "2024-02-30" is not a date Colophon can read; that day is not in the calendar \[date\]$/m);
    expect(r.stderr).toMatch(/^dated\.md:5:1: warning: cover-image: image "missing\.png" not found/m);
    expect(r.stderr).toMatch(/^dated-book[\/]book\.yaml:4:1: warning: date "2024-13-01" is not a date/m);
  }, 60_000);

  it('sets code left to right in a right-to-left book, in both editions (it read ";f(a, b)")', async () => {
    writeFileSync(join(t.dir, 'rtl-code.md'), '---\ntitle: "קוד"\nlang: he\n---\n\nפסקה בעברית.\n\n```js\nconst x = "LTR";\nf(a, b);\n```\n\nקוד `g(c, d);` בתוך שורה.\n');
    const r = await colophon(['build', 'rtl-code.md', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const xhtml = await epubFile(join(t.dir, 'out', 'rtl-code.epub'), 'ch01.xhtml');
    expect(xhtml).toContain('<pre dir="ltr"><code class="language-js">');
    expect(xhtml).toContain('<code dir="ltr">g(c, d);</code>');
    const checked = await epubcheck(join(t.dir, 'out', 'rtl-code.epub'));
    expect([checked.fatals, checked.errors, checked.warnings], JSON.stringify(checked.messages)).toEqual([0, 0, 0]);
    const text = await promisify(execFile)('pdftotext', ['-layout', join(t.dir, 'out', 'rtl-code.pdf'), '-']);
    expect(text.stdout).toMatch(/^const x = "LTR";\nf\(a, b\);$/m);
  }, 60_000);

  it('puts a folder book\'s foreword first and its appendices last when only file names order it, and says so', async () => {
    const files = { 'apA.md': '# Appendix A: Extra\n\nMore.\n', 'ch1.md': '# Chapter 1: Start\n\nText.\n', 'ch2.md': '# Chapter 2: More\n\nText.\n', 'foreword.md': '# Foreword\n\nBefore.\n' };
    writeBook('implicit-order', files);
    writeBook('listed-order', { ...files, 'book.yaml': 'title: Listed\nchapters: [apA.md, ch1.md, ch2.md, foreword.md]\n' });
    const r = await colophon(['build', 'implicit-order', 'listed-order', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const order = async (name: string) => [...(await epubFile(join(t.dir, 'out', `${name}.epub`), 'toc.xhtml')).matchAll(/<a href="ch\d+\.xhtml">([^<]*)<\/a>/g)].map((m) => m[1]);
    expect(await order('implicit-order')).toEqual(['Foreword', 'Chapter 1: Start', 'Chapter 2: More', 'Appendix A: Extra']);
    expect(r.stderr).toContain('chapters put in reading order, not file-name order: "Foreword" first, "Appendix A: Extra" last; list them in a book.yaml (chapters: [...]) to choose the order [chapter-order]');
    // An order the author gave is kept.
    expect(await order('listed-order')).toEqual(['Appendix A: Extra', 'Chapter 1: Start', 'Chapter 2: More', 'Foreword']);
    expect(r.stderr.match(/chapter-order/g)).toHaveLength(1);
  }, 60_000);

  it('titles a one-file book by a heading with a line of links above it once, not again in its body, and describes it by what follows', async () => {
    writeFileSync(join(t.dir, 'links-above.md'), 'Read this in: [English](README.md) · [Deutsch](README-de.md)\n\n# The Art of Command Line\n\nFluency on the command line is a skill.\n\n## Basics\n\nSee [the top](#the-art-of-command-line).\n');
    const r = await colophon(['build', 'links-above.md', '--format', 'epub', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const xhtml = await epubFile(join(t.dir, 'out', 'links-above.epub'), 'ch01.xhtml');
    expect(xhtml.match(/<h1[^>]*>The Art of Command Line<\/h1>/g)).toEqual(['<h1 class="title" id="title">The Art of Command Line</h1>']);
    expect(xhtml).toContain('<a href="#the-art-of-command-line">the top</a>');
    expect(await epubFile(join(t.dir, 'out', 'links-above.epub'), 'content.opf')).toContain('<dc:description>Fluency on the command line is a skill.</dc:description>');
    const checked = await epubcheck(join(t.dir, 'out', 'links-above.epub'));
    expect([checked.fatals, checked.errors, checked.warnings]).toEqual([0, 0, 0]);
  }, 60_000);
});
