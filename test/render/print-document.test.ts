import { describe, expect, it } from 'vitest';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { breakUrls, HAS_ADDRESS_CLASS, urlBreakPoints } from '../../src/render/break-urls.js';
import { pageGeometry, textBlock } from '../../src/render/geometry.js';
import { pageCss } from '../../src/render/print-document.js';
import { roman } from '../../src/render/print-plan.js';

describe('print page rules', () => {
  it('sets the sheet size and one pair of side margins, the mean of inside and outside', () => {
    const css = pageCss(pageGeometry({ trim: { width: '6in', height: '9in' }, cropMarks: false }));
    expect(css).toContain('@page { size: 432pt 648pt; margin: 55.08pt 51.84pt 64.8pt; }');
    // A front-matter page is one page tall: the page area less a hair.
    expect(css).toContain('.front-matter > [data-page] { height: 526.12pt; overflow: hidden; }');
  });

  it('moves pages sideways by half the difference between inside and outside margins', () => {
    const block = textBlock(pageGeometry({ trim: { width: '6in', height: '9in' }, cropMarks: false }));
    expect(block.side - block.shift).toBeCloseTo(43.2, 6);
    expect(block.side + block.shift).toBeCloseTo(60.48, 6);
    expect(block.width).toBeCloseTo(432 - 2 * 51.84, 6);
  });

  it('adds bleed and crop-mark room around the trim, inside the margins', () => {
    const g = pageGeometry({ trim: { width: '6in', height: '9in' }, bleed: '0.125in', cropMarks: true });
    expect(g).toMatchObject({ bleed: 9, offset: 33 });
    expect(pageCss(g)).toContain('@page { size: 498pt 714pt; margin: 88.08pt 84.84pt 97.8pt; }');
  });

  it('mirrors a one-chapter book\'s margins and sets its heads and folios in the template\'s margin boxes', () => {
    const boxes = { head: { left: 'top-left', right: 'top-right' }, folio: { left: 'bottom-left', right: 'bottom-right' } };
    const css = pageCss(pageGeometry({ trim: { width: '6in', height: '9in' }, cropMarks: false }), { left: 'Ann Lee', right: 'Say "hi" </style>', boxes });
    expect(css).toContain('@page :left { margin-left: 43.2pt; margin-right: 60.48pt; @top-left { content: "Ann Lee"; } @bottom-left { content: counter(page); } }');
    expect(css).toContain('@page :right { margin-left: 60.48pt; margin-right: 43.2pt; @top-right { content: "Say \\"hi\\" \\3C /style>"; }');
    expect(css).toContain('@page :first { @top-left { content: none; } @top-right { content: none; } }');
  });

  it('numbers front matter in lower-case roman numerals', () => {
    expect([1, 4, 5, 9, 14, 40, 90, 400, 1994].map(roman)).toEqual(['i', 'iv', 'v', 'ix', 'xiv', 'xl', 'xc', 'cd', 'mcmxciv']);
  });
});

describe('URL breaking', () => {
  it('breaks where typographers break addresses: after // and colons, before slashes, dots and the like', () => {
    expect(urlBreakPoints('https://www.example.org/a/b-c')).toEqual(['https://', 'www', '.example', '.org', '/a', '/b', '-c']);
    expect(urlBreakPoints('mailto:someone@example.org?subject=x')).toEqual(['mailto:', 'someone@example', '.org', '?subject', '=x']);
    expect(urlBreakPoints('https://www.example.org/a/b-c').join('')).toBe('https://www.example.org/a/b-c');
  });

  it('breaks long addresses shown as text, adding no character, and sets their paragraph ragged', () => {
    const address = 'https://www.themoscowtimes.com/2011/06/30/rethinking-the-reset-a7977';
    const tree: Root = {
      type: 'root',
      children: [
        h('p', ['Original url: ', h('a', { href: address }, address)]),
        h('p', ['Short: ', h('a', { href: 'https://x.org/' }, 'short.org/a'), ' and a name: ', h('a', { href: address }, 'The Moscow Times')]),
        h('div.note-p', ['See ', h('code', 'www.example.org/a/long/path/to/a/page.html')]),
      ],
    };
    breakUrls(tree);
    const [first, second, note] = tree.children as Element[];
    const link = first!.children[1] as Element;
    expect(link.children.map((c) => (c.type === 'text' ? c.value : `<${(c as Element).tagName}>`)).join('')).toBe(
      'https://<wbr>www<wbr>.themoscowtimes<wbr>.com<wbr>/2011<wbr>/06<wbr>/30<wbr>/rethinking<wbr>-the<wbr>-reset<wbr>-a7977',
    );
    expect(toString(link)).toBe(address);
    expect(first!.properties.className).toEqual([HAS_ADDRESS_CLASS]);
    expect(second!.properties.className).toBeUndefined();
    expect(toString(second!)).toBe('Short: short.org/a and a name: The Moscow Times');
    expect((second!.children[1] as Element).children).toHaveLength(1);
    expect(note!.properties.className).toEqual(['note-p', HAS_ADDRESS_CLASS]);
  });

  it('breaks a long path in inline code like an address, and sets a paragraph with any long token of code ragged', () => {
    const tree: Root = {
      type: 'root',
      children: [
        h('p', ['Launch mongod with the ', h('code', '--config'), ' ', h('code', '/path/to/your/mongodb.config'), ' parameter.']),
        h('p', ['Call ', h('code', 'compute_something_long_enough()'), ' now.']),
        h('p', ['Short ', h('code', 'mongod.config'), ' only.']),
        h('pre', [h('code', '/path/to/somewhere/in/a/code/block.txt')]),
      ],
    };
    breakUrls(tree);
    const [path, token, short, block] = tree.children as Element[];
    expect((path!.children[3] as Element).children.map((c) => (c.type === 'text' ? c.value : '|')).join('')).toBe('/path|/to|/your|/mongodb|.config');
    expect(path!.properties.className).toEqual([HAS_ADDRESS_CLASS]);
    expect(token!.properties.className).toEqual([HAS_ADDRESS_CLASS]);
    expect(short!.properties.className).toBeUndefined();
    expect(((block!.children[0] as Element).children)).toHaveLength(1);
  });
});
