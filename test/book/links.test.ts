import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { resolveChapterLinks } from '../../src/book/links.js';
import type { Chapter } from '../../src/book/model.js';

const chapter = (tree: Root): Chapter => ({ id: 'ch01', path: '/book/a.md', title: 'A', depth: 0, matter: 'body', kind: 'chapter', tree, headings: [], hasMath: false, imagesWithoutAlt: 0 });
const ids = (tree: Root) => (tree.children as Element[]).map((p) => p.properties.id);

describe('resolveChapterLinks', () => {
  it('renames repeated ids to the next free suffix, and stays fast with tens of thousands of them', () => {
    // The first "x-2" is the author's: the second "x" must skip it.
    const tree = h(null, [h('p', { id: 'x' }), h('p', { id: 'x-2' }), h('p', { id: 'x' }), h('p', { id: 'x' }), h('p', { id: 'x-3' })]) as Root;
    const diagnostics = resolveChapterLinks([chapter(tree)]);
    expect(ids(tree)).toEqual(['x', 'x-2', 'x-3', 'x-4', 'x-3-2']);
    expect(diagnostics.map((d) => d.rule)).toEqual(['duplicate-id', 'duplicate-id', 'duplicate-id']);

    // 40,000 repeats (quadratic renaming took minutes here: each repeat tried every suffix again).
    const many = h(null, Array.from({ length: 40_000 }, () => h('p', { id: 'same' }))) as Root;
    resolveChapterLinks([chapter(many)]);
    expect(new Set(ids(many)).size).toBe(40_000);
    expect(ids(many).at(-1)).toBe('same-40000');
  });

  it('keeps the id of a link it removes, for what still points at it', () => {
    const tree = h(null, [h('p', [h('a', { id: 'l', href: '#missing' }, 'text'), h('span', { ariaLabelledBy: 'l' }, 'd')])]) as Root;
    const diagnostics = resolveChapterLinks([chapter(tree)]);
    expect(diagnostics.map((d) => d.rule)).toEqual(['broken-anchor']);
    const p = tree.children[0] as Element;
    expect(p.children.map((c) => (c.type === 'element' ? `${c.tagName}#${String(c.properties.id ?? '')}` : c.type))).toEqual(['span#l', 'text', 'span#']);
  });
});
