import { describe, expect, it } from 'vitest';
import type { Book } from '../../src/book/model.js';
import { urlBreakPoints } from '../../src/render/break-urls.js';
import { cssString, pageCss } from '../../src/render/print-document.js';

function book(overrides: Partial<Book['meta']> = {}, chapters = 1): Book {
  return {
    name: 'b',
    root: '/b',
    inputs: [],
    meta: { title: 'T', authors: ['Ann Lee'], lang: 'en', description: 'd', subjects: [], keywords: [], identifier: 'urn:x', ...overrides },
    chapters: Array.from({ length: chapters }, (_, i) => ({ id: `ch0${i + 1}`, path: '/b/x.md', title: 'T', depth: 0, matter: 'body' as const, kind: 'chapter' as const, tree: { type: 'root' as const, children: [] }, headings: [], hasMath: false, imagesWithoutAlt: 0 })),
    assets: [],
    singleChapter: chapters === 1,
    modified: new Date(0),
    diagnostics: [],
  };
}

describe('print page rules', () => {
  it('sets the trim size and mirrors the margins, wider inside', () => {
    const css = pageCss(book(), { width: '6in', height: '9in' });
    expect(css).toContain('@page { size: 6in 9in; margin: 0.765in 0.6in 0.9in 0.84in; }');
    expect(css).toMatch(/@page :left \{\s+margin-left: 0\.6in; margin-right: 0\.84in;/);
    expect(css).toMatch(/@page :right \{\s+margin-left: 0\.84in; margin-right: 0\.6in;/);
    expect(css).toContain('@page :first { @top-center { content: none; } }');
  });

  it('puts the author on left pages and the title on right pages of a one-chapter book', () => {
    const css = pageCss(book({ title: 'Say "hi" </style>' }), { width: '148mm', height: '210mm' });
    expect(css).toMatch(/@page :left \{[^}]*@top-center \{ content: "Ann Lee";/);
    expect(css).toContain('content: "Say \\"hi\\" \\3C /style>"');
    expect(css).toContain('size: 148mm 210mm');
  });

  it('quotes CSS strings safely', () => {
    expect(cssString('a\\b"c\nd')).toBe('"a\\\\b\\"c\\A d"');
  });
});

describe('URL breaking', () => {
  it('breaks after slashes and before dots, never inside the scheme', () => {
    expect(urlBreakPoints('https://www.example.org/a/b-c')).toEqual(['https://', 'www', '.example', '.org/', 'a/', 'b', '-c']);
    expect(urlBreakPoints('https://www.example.org/a/b-c').join('')).toBe('https://www.example.org/a/b-c');
  });
});
