import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir, type CliResult } from '../helpers/cli.js';

// The fixture books of issue 3, built in one run to EPUB, then opened and validated.
const fixtures = resolve(import.meta.dirname, '../fixtures');
const inputs = ['mdbook', 'repertoire', 'raw-html', 'languages/deutsch.md', 'languages/arabic.md', 'languages/japanese.md'].map((f) => join(fixtures, f));
const t = tempDir();
let result: CliResult;
let report: { books: Array<{ name: string; status: string; diagnostics: Array<{ file: string; line: number; rule: string; message: string }> }> };

beforeAll(async () => {
  result = await colophon(['build', ...inputs, '--format', 'epub', '--out', join(t.dir, 'a'), '--report', join(t.dir, 'r.json')], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
  report = JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8'));
}, 120_000);
afterAll(() => t.cleanup());

const epub = (name: string) => join(t.dir, 'a', `${name}.epub`);
async function file(name: string, path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(epub(name)));
  const entry = zip.file(`OEBPS/${path}`);
  if (!entry) throw new Error(`${path} not in ${name}.epub: ${Object.keys(zip.files).join(', ')}`);
  return entry.async('string');
}
const rules = (name: string) => report.books.find((b) => b.name === name)!.diagnostics.map((d) => `${d.file.split('/').pop()}:${d.line} ${d.rule}`);

describe('every fixture book', () => {
  it('builds', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(report.books.map((b) => [b.name, b.status])).toEqual([
      ['mdbook', 'built'],
      ['repertoire', 'built'],
      ['raw-html', 'built'],
      ['deutsch', 'built'],
      ['arabic', 'built'],
      ['japanese', 'built'],
    ]);
  });

  it.each(['mdbook', 'repertoire', 'raw-html', 'deutsch', 'arabic', 'japanese'])('%s passes EPUBCheck with no errors or warnings', async (name) => {
    const check = await epubcheck(epub(name));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 120_000);

  it('is byte-identical when built again', async () => {
    await colophon(['build', ...inputs, '--format', 'epub', '--out', join(t.dir, 'b')], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    for (const b of report.books) {
      expect(readFileSync(join(t.dir, 'b', `${b.name}.epub`)).equals(readFileSync(epub(b.name))), b.name).toBe(true);
    }
  }, 120_000);
});

describe('an mdBook src folder with SUMMARY.md', () => {
  it('takes order, nesting and parts from SUMMARY.md and metadata from book.toml', async () => {
    const nav = await file('mdbook', 'toc.xhtml');
    expect(nav).toContain(
      '<ol><li><a href="ch01.xhtml">Preface</a></li><li><span>Getting Started</span><ol><li><a href="ch02.xhtml">Installation</a><ol><li><a href="ch02.xhtml#requirements">Requirements</a></li><li><a href="ch03.xhtml">On Linux</a></li></ol></li><li><a href="ch04.xhtml">First Steps</a></li></ol></li><li><span>Reference</span>',
    );
    const opf = await file('mdbook', 'content.opf');
    expect(opf).toContain('<dc:title id="title">The Field Guide</dc:title>');
    expect(opf).toContain('<dc:creator id="creator-2">Bo Sample</dc:creator>');
  });

  it('marks front and back matter with epub:type, roles and landmarks', async () => {
    expect(await file('mdbook', 'ch01.xhtml')).toContain('<section epub:type="frontmatter preface" role="doc-preface"');
    expect(await file('mdbook', 'ch02.xhtml')).toContain('<section epub:type="bodymatter chapter" role="doc-chapter"');
    expect(await file('mdbook', 'ch06.xhtml')).toContain('<section epub:type="backmatter appendix" role="doc-appendix"');
    const nav = await file('mdbook', 'toc.xhtml');
    expect(nav).toContain('<a epub:type="frontmatter" href="ch01.xhtml">');
    expect(nav).toContain('<a epub:type="bodymatter" href="ch02.xhtml">');
    expect(nav).toContain('<a epub:type="backmatter" href="ch06.xhtml">');
  });

  it('rewrites links between chapters to the right file and id', async () => {
    const preface = await file('mdbook', 'ch01.xhtml');
    expect(preface).toContain('<a href="ch02.xhtml">the installation chapter</a>');
    expect(preface).toContain('<a href="ch05.xhtml#options">configuration options</a>');
    const install = await file('mdbook', 'ch02.xhtml');
    expect(install).toContain('<a href="ch04.xhtml">first steps</a>');
    expect(install).toContain('<a href="ch06.xhtml#terms">glossary</a>');
    expect(await file('mdbook', 'ch03.xhtml')).toContain('<a href="ch02.xhtml#requirements">Installation</a>');
  });

  it('reports drafts, missing chapters, directives, broken links and anchors with their lines', () => {
    expect(rules('mdbook')).toEqual([
      'SUMMARY.md:10 summary-draft',
      'SUMMARY.md:15 summary-missing',
      'first-steps.md:3 mdbook-directive',
      'installation.md:7 broken-link',
      'linux.md:3 broken-anchor',
    ]);
  });
});

describe('the Markdown repertoire', () => {
  it('makes EPUB 3 notes, figures, MathML, highlighted code, aligned tables, task lists and definition lists', async () => {
    const ch = await file('repertoire', 'ch01.xhtml');
    expect(ch).toMatch(/<sup><a href="#fn-a" id="fnref-a" epub:type="noteref" role="doc-noteref">1<\/a><\/sup>/);
    expect(ch).toMatch(/<aside id="fn-a" epub:type="footnote" role="doc-footnote" class="footnote"><p><a href="#fnref-a" role="doc-backlink" class="note-number">1\.<\/a> The first footnote/);
    expect(ch).toMatch(/<figure><img src="images\/[0-9a-f]{20}\.png" alt="A dark red band" \/><figcaption>A figure with a caption<\/figcaption><\/figure>/);
    expect(ch).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"');
    expect(ch).toContain('<annotation encoding="application/x-tex">e^{i\\pi} + 1 = 0</annotation>');
    expect(ch).toContain('Prices like $5 and $10 stay text');
    expect(ch).toContain('<span class="pl-k">def</span>');
    expect(ch).toContain('<th class="align-center">Center</th>');
    expect(ch).toContain('<span class="task task-done" role="img" aria-label="done">☑</span>');
    expect(ch).toContain('<dl>');
    expect(ch).toContain('<h1 id="top" class="opening">Everything Markdown Can Do</h1>');
    expect(ch).toContain('<a href="#lists">the lists</a>');
    const opf = await file('repertoire', 'content.opf');
    expect(opf).toMatch(/<item id="ch01" href="ch01\.xhtml" media-type="application\/xhtml\+xml" properties="mathml" \/>/);
    expect(opf).toContain('<meta property="schema:accessibilityFeature">MathML</meta>');
    // One image lacks alt text, so the book does not claim alternativeText.
    expect(opf).not.toContain('alternativeText');
    expect(opf).not.toContain('dcterms:conformsTo');
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
  });

  it('embeds each image once, converts WebP and cleans SVG', async () => {
    const opf = await file('repertoire', 'content.opf');
    const images = [...opf.matchAll(/href="(images\/[^"]+)" media-type="([^"]+)"/g)].map((m) => m[2]);
    expect(images.sort()).toEqual(['image/png', 'image/png', 'image/svg+xml']);
    const svgHref = /href="(images\/[^"]+\.svg)"/.exec(opf)![1]!;
    const svg = await file('repertoire', svgHref);
    expect(svg).not.toMatch(/script|onload|127\.0\.0\.1|DOCTYPE/i);
    expect(svg).toContain('<text x="50" y="25"');
  });

  it('reports every problem in the source with its line', () => {
    expect(rules('repertoire')).toEqual([
      'book.md:56 math',
      'book.md:62 image-cleaned',
      'book.md:64 image-alt',
      'book.md:66 image-cleaned',
      'book.md:66 image-cleaned',
      'book.md:66 image-cleaned',
      'book.md:66 image-cleaned',
      'book.md:66 image-cleaned',
      'book.md:68 image-missing',
      'book.md:70 broken-anchor',
    ]);
  });
});

describe('raw HTML', () => {
  it('keeps figures and content, maps obsolete markup, and removes what is unsafe', async () => {
    const ch = await file('raw-html', 'ch01.xhtml');
    expect(ch).toMatch(/<figure>\s*<img src="images\/[0-9a-f]{20}\.png" alt="A red rectangle" width="120" height="60" \/>\s*<figcaption>Figure 1: A photo, pasted as HTML\.<\/figcaption>\s*<\/figure>/);
    expect(ch).toContain('<div class="align-center"><img src="images/');
    expect(ch).toContain('<div class="center"><span>Centered old markup</span></div>');
    expect(ch).toContain('<th class="align-left">Name</th><td class="valign-top">Value</td>');
    expect(ch).toContain('<span class="big">big</span> <code>tt</code> <s>strike</s> <abbr title="HyperText">HTML</abbr>');
    expect(ch).toContain('inside a custom element');
    expect(ch).toContain('<a>bad link</a> and <a href="mailto:a@example.org">mail</a>');
    expect(ch).not.toMatch(/iframe|video|script|<!--|onclick|javascript|style=|bgcolor|<font|<center/);
  });

  it('reports each change', () => {
    const r = rules('raw-html');
    for (const rule of ['html-attribute', 'html-obsolete', 'html-removed', 'html-unknown', 'html-url', 'image-remote', 'image-alt']) {
      expect(r.some((x) => x.endsWith(rule)), rule).toBe(true);
    }
    // Comments are dropped without a word: an author's notes, shown by no renderer (the Rust book has 473).
    expect(r.filter((x) => x.includes('comment'))).toEqual([]);
    expect(r).toContain('book.md:24 html-removed');
  });
});

describe('languages', () => {
  it('detects the language of a book with no metadata and says so', async () => {
    expect(rules('deutsch')).toEqual(['deutsch.md:1 lang-detected']);
    expect(await file('deutsch', 'content.opf')).toContain('<dc:language>de</dc:language>');
    const ch = await file('deutsch', 'ch01.xhtml');
    expect(ch).toContain('lang="de"');
    expect(ch).toContain('Er sagte: „Das Wetter wird besser.“');
    expect(await file('deutsch', 'toc.xhtml')).toContain('>Inhalt</h1>');
  });

  it('sets right-to-left direction and page progression for Arabic', async () => {
    expect(await file('arabic', 'content.opf')).toContain('<spine toc="ncx" page-progression-direction="rtl">');
    expect(await file('arabic', 'ch01.xhtml')).toMatch(/<html [^>]*lang="ar" dir="rtl"/);
  });

  it('keeps CJK text as characters, not numeric references', async () => {
    const ch = await file('japanese', 'ch01.xhtml');
    expect(ch).toContain('lang="ja"');
    expect(ch).toContain('朝、彼らは荷物をまとめて駅へ向かった。');
    expect(ch).not.toMatch(/&#x?[0-9a-f]+;/i);
  });
});
