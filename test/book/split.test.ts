import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { splitAtChapterHeadings } from '../../src/book/split.js';

const noteref = (id: string, n: number) => h('sup', [h('a', { href: `#fn-${id}`, id: `fnref-${id}`, role: 'doc-noteref' }, String(n))]);
const aside = (id: string, ...content: Array<Element | string>) => h('aside', { id: `fn-${id}`, role: 'doc-footnote', className: ['footnote'] }, [h('p', content)]);

describe('splitting a one-file book at its level-1 headings', () => {
  it('leaves a tree with one level-1 heading (or none) whole', () => {
    expect(splitAtChapterHeadings(h(null, [h('h1', 'Only'), h('p', 'Text'), h('h2', 'Section')]) as Root)).toBeUndefined();
    expect(splitAtChapterHeadings(h(null, [h('p', 'Text')]) as Root)).toBeUndefined();
  });

  it('makes a chapter of each heading and what follows it, an opening of what comes before, and gives each the notes it cites', () => {
    const tree = h(null, [
      h('p', ['Opening text', noteref('a', 1)]),
      h('h1', 'One'),
      h('p', ['First', noteref('b', 2)]),
      h('h2', 'Section'),
      h('h1', 'Two'),
      h('p', ['Second cites a again', noteref('a', 1)]),
      h('section', { className: ['footnotes'], role: 'doc-endnotes' }, [h('hr'), aside('a', 'Note A.'), aside('b', 'Note B cites ', noteref('c', 3)), aside('c', 'Note C.'), aside('d', 'Never cited.')]),
    ]) as Root;
    const split = splitAtChapterHeadings(tree)!;
    expect(split.opening).toBe(true);
    const html = split.chapters.map((c) => toHtml(c));
    expect(html).toHaveLength(3);
    expect(html[0]).toMatch(/^<p>Opening text.*<section class="footnotes" role="doc-endnotes"><hr><aside id="fn-a"/);
    // A note cited in a note goes with it.
    expect(html[1]).toMatch(/^<h1>One<\/h1>.*<h2>Section<\/h2><section[^>]*><hr><aside id="fn-b".*<aside id="fn-c"/);
    // A note already set with an earlier chapter is not repeated; one cited nowhere goes with the last.
    expect(html[2]).toMatch(/^<h1>Two<\/h1><p>Second cites a again.*<section[^>]*><hr><aside id="fn-d"/);
    expect(html.join('').match(/<aside id="fn-a"/g)).toHaveLength(1);
  });

  it('starts with the first heading when nothing shows before it (the title\'s note references stay with it)', () => {
    const split = splitAtChapterHeadings(h(null, [h('span', { className: ['title-notes'] }), h('h1', 'One'), h('p', 'x'), h('h1', 'Two'), h('p', 'y')]) as Root)!;
    expect(split.opening).toBe(false);
    expect(split.chapters.map((c) => toHtml(c))).toEqual(['<span class="title-notes"></span><h1>One</h1><p>x</p>', '<h1>Two</h1><p>y</p>']);
  });
});
