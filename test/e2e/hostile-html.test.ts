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
  'images.md': ['# Images', '', '![odd](odd.svg) ![foreign](foreign.svg) ![latin](latin.svg) ![cut](cut.png)', ''].join('\n'),
};

const SVGS: Record<string, string> = {
  'odd.svg': '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" version="9" zoomAndPan="x"><use xlink:href="#nope"/><a href="#nope2"><text>x</text></a><rect id="1bad" fill="url(#grad)" width="1" height="1"/><rect id="d" width="1" height="1"/><rect id="d" width="2" height="2"/></svg>',
  'foreign.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><foo/><bar:baz xmlns:bar="http://bar"/><title><b>bold</b> title</title><font><glyph/></font><animateColor/></svg>',
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
    writeFileSync(join(dir, 'SUMMARY.md'), '# Summary\n\n- [Nesting](nesting.md)\n- [Attributes](attributes.md)\n- [Math](math.md)\n- [Images](images.md)\n');
    const r = await colophon(['build', dir, '--format', 'epub', '--out', join(t.dir, 'out')], { cwd: t.dir });
    expect(r.stderr).not.toMatch(/\[internal\]|\n\s+at /);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect(r.stderr).toMatch(/"cut\.png" is a PNG image cut short/);
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
  }, 120_000);
});
