import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';

// Raw HTML, MathML, SVG and metadata of the kinds a fuzzing session with EPUBCheck found invalid
// output for: every such book must still make an EPUB that passes EPUBCheck without a message.
const t = tempDir();
afterAll(() => t.cleanup());

const CHAPTERS: Record<string, string> = {
  'nesting.md': [
    '---',
    'title: "Hostile ]]> title \uFFFE with a noncharacter"',
    'date: "2024-02-30T00:00:00Z"',
    'identifier: "urn:uuid:zzzz"',
    'lang: en',
    '---',
    '',
    '# Nesting',
    '',
    'A link around a note: [the site[^1] here](https://example.com/) and text.',
    '',
    '<a href="https://a.example/">outer <a href="https://b.example/">inner</a></a>',
    '',
    '<address>x <address>y</address> <header>h</header></address> <dfn>a <dfn>b</dfn></dfn>',
    '',
    '<details><p>no summary</p></details>',
    '<details><p>later</p><summary>S</summary><summary>T</summary></details>',
    '',
    '<figure>text first<figcaption>a</figcaption><p>middle</p><figcaption>b</figcaption></figure>',
    '',
    '<dl><div><dt>a</dt><dd>b</dd></div><dd>orphan</dd></dl>',
    '<dl><dd>first</dd><dt>last</dt></dl>',
    '',
    '<table><caption>c <table><tr><td>t</td></tr></table></caption><tr><td>x</td></tr></table>',
    '',
    '<ruby>漢</ruby> <bdo>abc</bdo> <p>bad \uFFFE char and <span title="a\uFFFEb">t</span></p>',
    '',
    '[^1]: The note.',
    '',
  ].join('\n'),
  'attributes.md': [
    '# Attributes',
    '',
    '<p dir="sideways" lang="not a lang!" aria-hidden="maybe" role="bogus doc-tip" aria-describedby="missing">attrs</p>',
    '',
    '<ol start="x" type="q"><li value="z">one</li></ol><ul><li value="3">two</li></ul>',
    '',
    '<table><tr><th scope="diag" abbr="a" colspan="0" rowspan="-1" headers="nope">h</th></tr></table>',
    '',
    '<p><time datetime="yesterday">then</time> <span data-a:b="1">colon</span></p>',
    '',
    '<h2 id="x y">Spaced</h2> <h2 id="p%q">Percent</h2> <h2 id=\'q"q\'>Quote</h2>',
    '',
    '[mail](mailto:) [proto](//example.com/x) [idn](https://例え.jp/) <https://example.com/a%zz> [hash](https://example.com/#a#b)',
    '',
    '<q cite="http://example.com/a b">quoted</q>',
    '',
  ].join('\n'),
  'math.md': [
    '# Math',
    '',
    '$$',
    '$$',
    '',
    '$\\boxed{x} \\cancel{y}$',
    '',
    '<math><mfrac><mi>a</mi></mfrac><msup><mi>a</mi><mi>b</mi><mi>c</mi></msup><mi><b>x</b></mi>text<math><mi>n</mi></math></math>',
    '',
    '<math><mtable><mi>x</mi><mtd><mi>y</mi></mtd></mtable><mprescripts/><semantics><annotation encoding="TeX">x</annotation></semantics></math>',
    '',
    '<math><mmultiscripts><mi>a</mi><mi>b</mi></mmultiscripts><mo fence="maybe" form="sideways">(</mo></math>',
    '',
  ].join('\n'),
  'structure.md': [
    '# Structure',
    '',
    '<p><span role="generic">g</span> <span role="checkbox">c</span> <span role="doc-tip note">t</span></p>',
    '',
    '<ul role="doc-pagelist"><li>x</li></ul>',
    '',
    '<p><time datetime="P">a</time> <time datetime="Z">b</time> <time datetime="--13-45">c</time> <time datetime="1w2d">d</time> <time datetime="10000">e</time> <time datetime="PT1H30M">kept</time> <del datetime="10:00">f</del></p>',
    '',
    '<table><tbody><tr><td>a</td></tr></tbody><caption>late</caption><thead><tr><th id="head">H</th></tr></thead><thead><tr><td>second head</td></tr></thead></table>',
    '',
    '<table><tfoot><tr><td>foot</td></tr></tfoot><tbody><tr><td headers="head">other table</td></tr></tbody></table>',
    '',
    '<p><ruby><rt>kan</rt>漢</ruby> and <ruby>漢<rt>kan</rt>字</ruby></p>',
    '',
    '<math><mtr><mtd><mi>x</mi></mtd></mtr><annotation>y</annotation><mspace width="thin"/><mspace width="1em 2em"/><mo lspace="infinity">+</mo><mtable rowspacing="1em thick"><mtr><mtd columnalign="left right"><mi>z</mi></mtd></mtr></mtable><mfrac linethickness="+2"><mi>a</mi><mi>b</mi></mfrac></math>',
    '',
    '$a\\\\[2em]b$ and $\\colorbox{b}{x}$',
    '',
    '<a id="gone" href="#missing">broken</a> <span aria-labelledby="gone">labelled</span>',
    '',
    '<time>*March* 3</time> and www.example.com/a--b...c',
    '',
    '<table><colgroup span="2"><col></colgroup><tr><td>x</td></tr></table>',
    '',
    '<ruby>',
    '',
    'word',
    '',
    '<rt>x</rt></ruby>',
    '',
    '## fn-1',
    '',
    'A note.[^1] A note with a label that is not ASCII.[^ñ]',
    '',
    '## Sum $x^2$ here',
    '',
    '[^1]: The note.',
    '[^ñ]: The other note.',
    '',
  ].join('\n'),
  'images.md': ['# Images', '', '![odd](odd.svg) ![foreign](foreign.svg) ![latin](latin.svg) ![cut](cut.png) ![svg2](svg2.svg)', ''].join('\n'),
};

const SVGS: Record<string, string> = {
  'odd.svg': '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" version="9" zoomAndPan="x"><use xlink:href="#nope"/><a href="#nope2"><text>x</text></a><rect id="1bad" fill="url(#grad)" width="1" height="1"/><rect id="d" width="1" height="1"/><rect id="d" width="2" height="2"/></svg>',
  'foreign.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><foo/><bar:baz xmlns:bar="http://bar"/><title><b>bold</b> title</title><font><glyph/></font><animateColor/></svg>',
  'svg2.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><use xlink:href="#r"/><rect id="r" width="1" height="1" fill-rule="EvenOdd" paint-order="stroke" vector-effect="non-scaling-stroke"/><image xlink:href="#nothing" width="1" height="1"/><text writing-mode="vertical-rl" xml:lang="not a tag">t</text><rect/><circle/><path/><text>a<![CDATA[b]]>c</text><symbol id="s" x="0"/></svg>',
  'latin.svg': '\uFEFF<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>café</text></svg>',
};

describe('hostile raw HTML, MathML, SVG and metadata', () => {
  it('still make an EPUB that EPUBCheck passes without a message', async () => {
    const dir = join(t.dir, 'hostile');
    mkdirSync(dir);
    for (const [file, text] of Object.entries(CHAPTERS)) writeFileSync(join(dir, file), text);
    for (const [file, text] of Object.entries(SVGS)) writeFileSync(join(dir, file), text);
    // A PNG cut short: its header is whole, its end (IEND) missing.
    execFileSync('python3', ['-c', `import zlib,struct\ndef c(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d))\nraw=b'\\x89PNG\\r\\n\\x1a\\n'+c(b'IHDR',struct.pack('>IIBBBBB',4,4,8,2,0,0,0))+c(b'IDAT',zlib.compress(b'\\x00'*13*4))\nopen('${join(dir, 'cut.png')}','wb').write(raw)`]);
    writeFileSync(join(dir, 'SUMMARY.md'), '# Summary\n\n- [Nesting](nesting.md)\n- [Attributes](attributes.md)\n- [Math](math.md)\n- [Structure](structure.md)\n- [Images](images.md)\n');
    const r = await colophon(['build', dir, '--format', 'epub', '--out', join(t.dir, 'out')], { cwd: t.dir });
    expect(r.stderr).not.toMatch(/\[internal\]|\n\s+at /);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect(r.stderr).toMatch(/"cut\.png" is a PNG image cut short/);
    expect(r.stderr).toMatch(/image "svg2\.svg": paint-order on <rect> removed \(not an SVG 1\.1 attribute of this element\)/);
    expect(r.stderr).toMatch(/image "svg2\.svg": <rect> without height and width removed/);

    expect(r.stderr).toMatch(/identifier "urn:uuid:zzzz" is marked as a UUID but is not one/);
    expect(r.stderr).toMatch(/date "2024-02-30T00:00:00Z" is not a date Colophon can read/);
    const epub = join(t.dir, 'out', 'hostile.epub');
    const check = await epubcheck(epub);
    expect(check.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([]);
    // The repairs keep what can be kept.
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const chapter = (n: number) => zip.file(`OEBPS/ch0${n}.xhtml`)!.async('string');
    const nesting = await chapter(1);
    expect(nesting).toMatch(/<a href="https:\/\/example.com\/">the site<\/a><sup><a href="#fn-1"[^>]*role="doc-noteref"[^>]*>1<\/a><\/sup><a href="https:\/\/example.com\/"> here<\/a>/);
    expect(nesting).not.toContain('\uFFFE');
    const attributes = await chapter(2);
    expect(attributes).toContain('href="https://xn--r8jz45g.jp/"');
    expect(attributes).toContain('href="https://example.com/x"');
    expect(attributes).toContain('href="https://example.com/a%25zz"');
    expect(attributes).toContain('href="https://example.com/#a%23b"');
    expect(attributes).toContain('role="doc-tip"');
    expect(attributes).toMatch(/id="x-y"/);
    // The SVG 2 image: xlink declared, values and links SVG 1.1 refuses gone, the rest kept.
    const svgs = await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.svg')).map((f) => zip.file(f)!.async('string')));
    const svg2 = svgs.find((s) => s.includes('id="r"'))!;
    expect(svg2).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="10" height="10" xmlns:xlink="http:\/\/www\.w3\.org\/1999\/xlink"><use xlink:href="#r"/);
    expect(svg2).not.toMatch(/<image|EvenOdd|vertical-rl|paint-order|not a tag/);
    expect(svg2).toContain('<text>abc</text>');
    const structure = await chapter(4);
    // One role token, and only where EPUBCheck accepts it.
    expect(structure).toContain('<span role="doc-tip">t</span>');
    expect(structure).not.toMatch(/role="(generic|checkbox|doc-pagelist)"/);
    expect(structure).toContain('<time datetime="PT1H30M">kept</time>');
    expect(structure).not.toMatch(/datetime="(P|Z|--13-45|1w2d|10000|10:00)"/);
    // Table parts in order, nothing lost; `headers` only within its own table.
    expect(structure).toMatch(/<table><caption>late<\/caption><thead><tr><th id="head">H<\/th><\/tr><\/thead><tbody><tr><td>a<\/td><\/tr><\/tbody><tbody><tr><td>second head<\/td><\/tr><\/tbody><\/table>/);
    expect(structure).toMatch(/<table><tbody><tr><td>other table<\/td><\/tr><\/tbody><tfoot>/);
    expect(structure).toContain('漢');
    expect(structure).not.toMatch(/<ruby><rt>/);
    expect(structure).not.toMatch(/lspace="infinity"|linethickness="\+2"|mathbackground="b"|<mo[^>]*height=/);
    // The broken link's id stays for what refers to it.
    expect(structure).toMatch(/<span id="gone"\s*\/>broken <span aria-labelledby="gone">/);
    // A time without datetime holds only text; an address is shown as written.
    expect(structure).toContain('<span><em>March</em> 3</span>');
    expect(structure).toContain('>www.example.com/a--b...c</a>');
    // A heading named like a note does not take the note's link; a label that is not ASCII links.
    expect(structure).toMatch(/<h2 id="fn-1-2">fn-1<\/h2>/);
    expect(structure).toMatch(/<a href="#fn-1" id="fnref-1"[^>]*>1<\/a>.*<aside id="fn-1"/s);
    expect(structure).toMatch(/<a href="#fn-ñ" id="fnref-ñ"[^>]*>2<\/a>.*<aside id="fn-ñ"/s);
    // A formula's TeX source is not read out in the contents.
    expect(await zip.file('OEBPS/toc.xhtml')!.async('string')).toContain('>Sum x2 here</a>');
  }, 120_000);

  it('gives a book whose title heading or metadata has nothing to show a title it can', async () => {
    const dir = join(t.dir, 'untitled');
    mkdirSync(join(dir, 'parts'), { recursive: true });
    writeFileSync(join(dir, 'parts', 'SUMMARY.md'), '# Summary\n\n# ![](art.png)\n\n- [ ](a.md)\n- [B](b.md)\n');
    writeFileSync(join(dir, 'parts', 'a.md'), '#\n\nThe first chapter has an empty heading.\n');
    writeFileSync(join(dir, 'parts', 'b.md'), '# {#only-an-id}\n\nThe second one has a heading with only an id.\n');
    writeFileSync(join(dir, 'essay.md'), '# ![](art.png)\n\nAn essay whose title heading is an image.\n');
    writeFileSync(join(dir, 'art.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
    mkdirSync(join(dir, 'circular'));
    writeFileSync(join(dir, 'circular', 'book.yaml'), 'title: &x [*x]\n');
    writeFileSync(join(dir, 'circular', 'a.md'), '# A\n\nText.\n');
    writeFileSync(join(dir, 'control.md'), '---\ntitle: "\\x01"\n---\n\nText.\n');
    const r = await colophon(['build', ...['essay.md', 'parts', 'circular', 'control.md'].map((b) => join(dir, b)), '--format', 'epub', '--out', join(t.dir, 'untitled-out')], { cwd: t.dir });
    expect(r.stderr).not.toMatch(/\[internal\]|\n\s+at /);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/circular[\/]book\.yaml:1:1: error: not usable YAML: an alias refers to the value it is part of/);
    expect(r.stderr).toMatch(/control\.md:2:1: error: invalid front matter: title: expected text with something visible in it/);
    expect(r.stderr).toMatch(/SUMMARY\.md:3:1: warning: a part heading has no text/);
    for (const [book, title] of [['essay', 'essay'], ['parts', 'parts']] as const) {
      const epub = join(t.dir, 'untitled-out', `${book}.epub`);
      const check = await epubcheck(epub);
      expect(check.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`)).toEqual([]);
      const zip = await JSZip.loadAsync(readFileSync(epub));
      expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain(`<dc:title id="title">${title}</dc:title>`);
      const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
      expect(nav).not.toMatch(/<a [^>]*><\/a>|<span><\/span>/);
      if (book === 'parts') expect(nav).toMatch(/<a href="ch01.xhtml">a<\/a>.*<a href="ch02.xhtml">B<\/a>/s);
    }
  }, 120_000);
});
