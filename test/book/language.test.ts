import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { franc } from 'franc-min';
import { data } from 'franc-min/data.js';
import { describe, expect, it } from 'vitest';
import { detectCode, detectLanguage } from '../../src/book/language.js';

const fixtures = new URL('../fixtures/languages/', import.meta.url);
const texts = [
  ...readdirSync(fixtures).map((f) => readFileSync(new URL(f, fixtures), 'utf8')),
  readFileSync(new URL('../../manuscripts/rethinking-the-reset.md', import.meta.url), 'utf8'),
  // Every language franc-min knows, as a text made of its own model's trigrams (most frequent first).
  ...Object.values(data).flatMap((languages) => Object.values(languages).map((model) => model.split('|').slice(0, 120).join(' '))),
];

describe('language detection', () => {
  it('gives franc-min’s answer for every language it knows, at every length', () => {
    let compared = 0;
    for (const text of texts) {
      for (const length of [9, 10, 40, 300, 2048, 5000]) {
        for (const start of [0, Math.floor(text.length / 3)]) {
          const sample = text.slice(start, start + length);
          expect(detectCode(sample, 10), sample.slice(0, 60)).toBe(franc(sample, { minLength: 10 }));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(800);
  });

  it('gives franc-min’s answer for texts mixing scripts and punctuation', () => {
    const pieces = fc.constantFrom('the ', 'der ', 'и ', 'ΚΑΙ ', 'ја ', 'و ', 'の', '한국어 ', 'ไทย ', '12.5% ', '!?', '\n\t', 'ÆØÅ ', 'ß', 'ǅ ', 'İi ');
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 3, maxLength: 400 }), (parts) => {
        const text = parts.join('');
        expect(detectCode(text, 10)).toBe(franc(text, { minLength: 10 }));
      }),
      { numRuns: 300 },
    );
  });

  it('names the language as a BCP 47 tag, and says when it cannot tell', () => {
    const deutsch = readFileSync(new URL('deutsch.md', fixtures), 'utf8');
    expect(detectLanguage(deutsch)).toEqual({ lang: 'de', sure: true });
    expect(detectLanguage('Too short to tell.')).toEqual({ lang: 'en', sure: false });
    expect(detectLanguage('1234567890 '.repeat(50))).toEqual({ lang: 'en', sure: false });
  });
});
