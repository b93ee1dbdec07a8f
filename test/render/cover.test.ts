import { describe, expect, it } from 'vitest';
import { typographicCover, wrapText } from '../../src/render/cover.js';

describe('typographic cover', () => {
  it('wraps titles at spaces', () => {
    expect(wrapText('Rethinking the Reset', 16)).toEqual(['Rethinking the', 'Reset']);
    expect(wrapText('Supercalifragilisticexpialidocious', 10)).toEqual(['Supercalifragilisticexpialidocious']);
  });

  it('is a well-formed SVG with the title and author as text, escaped', () => {
    const svg = typographicCover({ title: 'War & Peace <1>', authors: ['Лев Толстой'], lang: 'ru', description: '', subjects: [], keywords: [], identifier: 'x' });
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('War &#x26; Peace &#x3C;1>');
    expect(svg).toContain('>Лев Толстой</text>');
    expect(svg).toContain('viewBox="0 0 1600 2400"');
  });
});
