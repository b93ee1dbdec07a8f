import { describe, expect, it } from 'vitest';
import type { Book } from '../../src/book/model.js';
import { urlBreakPoints } from '../../src/render/break-urls.js';
import { pageGeometry } from '../../src/render/geometry.js';
import { cssString, pageCss } from '../../src/render/print-document.js';

function book(overrides: Partial<Book['meta']> = {}, chapters = 1): Book {
  return {
    name: 'b',
    root: '/b',
    inputs: [],
    meta: { title: 'T', authors: ['Ann Lee'], lang: 'en', description: 'd', subjects: [], keywords: [], identifier: 'urn:x', ...overrides },
    chapters: Array.from({ length: chapters }, (_, i) => ({ id: `ch0${i + 1}`, path: '/b/x.md', title: 'T', depth: 0, matter: 'body' as const, kind: 'chapter' as const, tree: { type: 'root' as const, children: [] }, headings: [], hasMath: false, imagesWithoutAlt: 0 })),
    assets: [],
    sourceBytes: 0,
    singleChapter: chapters === 1,
    modified: new Date(0),
    diagnostics: [],
  };
}

describe('print page rules', () => {
  it('sets the trim size and mirrors the margins, wider inside', () => {
    const css = pageCss(book(), pageGeometry({ trim: { width: '6in', height: '9in' }, cropMarks: false }));
    expect(css).toContain('@page { size: 432pt 648pt; margin: 55.08pt 43.2pt 64.8pt 60.48pt; }');
    expect(css).toMatch(/@page :left \{ margin-left: 43\.2pt; margin-right: 60\.48pt;/);
    expect(css).toMatch(/@page :right \{ margin-left: 60\.48pt; margin-right: 43\.2pt;/);
    expect(css).toContain('@page :first { @top-center { content: none; } }');
  });

  it('puts the author on left pages and the title on right pages of a one-chapter book', () => {
    const css = pageCss(book({ title: 'Say "hi" </style>' }), pageGeometry({ trim: { width: '148mm', height: '210mm' }, cropMarks: false }));
    expect(css).toMatch(/@page :left \{[^}]*@top-center \{ content: "Ann Lee";/);
    expect(css).toContain('content: "Say \\"hi\\" \\3C /style>"');
    expect(css).toContain('size: 419.528pt 595.276pt');
  });

  it('adds bleed and crop-mark room around the trim, inside the margins', () => {
    const g = pageGeometry({ trim: { width: '6in', height: '9in' }, bleed: '0.125in', cropMarks: true });
    expect(g).toMatchObject({ bleed: 9, offset: 33 });
    expect(pageCss(book(), g)).toContain('@page { size: 498pt 714pt; margin: 88.08pt 76.2pt 97.8pt 93.48pt; }');
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
