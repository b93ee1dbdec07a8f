import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { hyphenateTree, patternFor } from '../../src/render/hyphenate.js';

const SHY = '\u00AD';

describe('hyphenation for print', () => {
  it('finds patterns by language tag, with the usual spelling for a bare language', () => {
    expect(patternFor('en')).toBe('en-us');
    expect(patternFor('en-GB')).toBe('en-gb');
    expect(patternFor('de-AT')).toBe('de-1996');
    expect(patternFor('fr-CA')).toBe('fr');
    expect(patternFor('ja')).toBeUndefined();
  });

  it('puts soft hyphens into prose words, following lang inside the book', () => {
    const tree: Root = { type: 'root', children: [h('p', ['Extraordinary representatives ', h('span', { lang: 'de' }, 'Donaudampfschifffahrt')])] };
    hyphenateTree(tree, 'en');
    const text = toText(tree as unknown as Element);
    expect(text).toContain(`Ex${SHY}tra${SHY}or${SHY}di${SHY}nary`);
    expect(text).toContain(`rep${SHY}re${SHY}sen${SHY}ta${SHY}tives`);
    expect(text).toMatch(/Do\u00ADnau\u00ADdampf/);
    expect(text.replaceAll(SHY, '')).toBe('Extraordinary representatives Donaudampfschifffahrt');
  });

  it('leaves names written in mixed case whole (MongoDB, JavaScript, iPhone), and capitalised words hyphenated', () => {
    const tree: Root = { type: 'root', children: [h('p', 'MongoDB JavaScript iPhones PostgreSQL Extraordinary')] };
    hyphenateTree(tree, 'en');
    const words = toText(tree as unknown as Element).split(' ');
    expect(words.slice(0, 4).join(' ')).toBe('MongoDB JavaScript iPhones PostgreSQL');
    expect(words[4]).toContain(SHY);
  });

  it('leaves code, headings, addresses and words with digits whole', () => {
    const tree: Root = {
      type: 'root',
      children: [
        h('h2', 'Extraordinary'),
        h('p', [h('code', 'representatives'), ' ', h('a', { href: 'https://example.com/' }, 'https://example.com/extraordinary'), ' version1234567 user@example.org representatives']),
      ],
    };
    hyphenateTree(tree, 'en');
    const text = toText(tree as unknown as Element);
    expect(text.split(SHY).length - 1).toBe(4); // only the last word: rep-re-sen-ta-tives
    expect(text).toContain('Extraordinary');
    expect(text).toContain('https://example.com/extraordinary');
  });

  it('leaves a link showing an address unhyphenated and unbroken (break-urls.ts breaks it)', () => {
    const address = 'https://www.themoscowtimes.com/2011/06/30/rethinking-the-reset-a7977';
    const tree: Root = { type: 'root', children: [h('p', [h('a', { href: address }, address)])] };
    hyphenateTree(tree, 'en');
    expect(((tree.children[0] as Element).children[0] as Element).children).toEqual([{ type: 'text', value: address }]);
  });

  it('never hyphenates scripts that break lines without a hyphen (Thai, Lao, Khmer, CJK)', () => {
    for (const lang of ['th', 'th-TH', 'lo', 'km', 'zh-Hant', 'ja']) expect(patternFor(lang), lang).toBeUndefined();
    const tree: Root = { type: 'root', children: [h('p', 'ภาษาไทยเป็นภาษาที่มีระดับเสียงของคำแน่นอนหรือวรรณยุกต์เช่นเดียวกับภาษาจีน')] };
    hyphenateTree(tree, 'th');
    expect(toText(tree as unknown as Element)).not.toContain(SHY);
  });

  it('does nothing for a language without patterns', () => {
    const tree: Root = { type: 'root', children: [h('p', 'これは日本語の文章です')] };
    hyphenateTree(tree, 'ja');
    expect(toText(tree as unknown as Element)).not.toContain(SHY);
  });
});
