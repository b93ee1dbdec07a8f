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

  it('points links at the new name of an id it renamed: white space, or the edition\'s own (a one-chapter book\'s title)', () => {
    const href = (tree: Root) => {
      const found: string[] = [];
      const walk = (node: Root | Element) => node.children.forEach((c) => c.type === 'element' && (c.tagName === 'a' ? found.push(String(c.properties.href ?? '(unlinked)')) : walk(c)));
      walk(tree);
      return found;
    };
    const one = h(null, [h('h2', { id: 'title' }, 'My title'), h('p', { id: 'key point' }, 'K'), h('p', { id: 'page-3' }, 'P'), h('p', [h('a', { href: '#title' }, 'a'), h('a', { href: '#key%20point' }, 'b'), h('a', { href: '#page-3' }, 'c')])]) as Root;
    const diagnostics = resolveChapterLinks([chapter(one)]);
    expect(ids(one).slice(0, 3)).toEqual(['title-2', 'key-point', 'page-3-2']);
    expect(href(one)).toEqual(['#title-2', '#key-point', '#page-3-2']);
    expect(diagnostics.map((d) => d.rule)).toEqual(['duplicate-id', 'duplicate-id']);
    // From another chapter too; in a book of several chapters "title" is the manuscript's own.
    const a = h(null, [h('p', [h('a', { href: 'b.md#key%20point' }, 'x'), h('a', { href: 'b.md#title' }, 'y')])]) as Root;
    const b = h(null, [h('p', { id: 'key point' }, 'K'), h('h2', { id: 'title' }, 'T')]) as Root;
    expect(resolveChapterLinks([chapter(a), { ...chapter(b), id: 'ch02', path: '/book/b.md' }])).toEqual([]);
    expect(href(a)).toEqual(['ch02.xhtml#key-point', 'ch02.xhtml#title']);
  });

  it('takes a link to a folder for a link to its README, as GitHub shows it', () => {
    const a = h(null, [h('p', [h('a', { href: '../linked-list' }, 'x'), h('a', { href: '../linked-list/#usage' }, 'y'), h('a', { href: '../missing' }, 'z')])]) as Root;
    const b = h(null, [h('h2', { id: 'usage' }, 'Usage')]) as Root;
    const diagnostics = resolveChapterLinks([{ ...chapter(a), path: '/book/deque/README.md' }, { ...chapter(b), id: 'ch02', path: '/book/linked-list/README.md' }]);
    const hrefs = (a.children[0] as Element).children.map((c) => (c.type === 'element' ? String(c.properties.href ?? '(unlinked)') : c.type));
    expect(hrefs).toEqual(['ch02.xhtml', 'ch02.xhtml#usage', 'text']);
    expect(diagnostics.map((d) => d.rule)).toEqual(['broken-link']);
  });
});
