import { describe, expect, it } from 'vitest';
import { normaliseDate, parseDate } from '../../src/markdown/parse-date.js';

describe('parseDate', () => {
  it.each([
    ['June 30, 2011', '2011-06-30'],
    ['30 June 2011', '2011-06-30'],
    ['Thursday, June 30, 2011', '2011-06-30'],
    ['Jun. 30, 2011', '2011-06-30'],
    ['2011-06-30', '2011-06-30'],
    ['June 2011', '2011-06'],
  ])('reads %s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it.each(['June 31, 2011', 'Maybe 30, 2011', 'By June 30, 2011 we knew', '2011'])('rejects %s', (text) => expect(parseDate(text)).toBeUndefined());

  it('normalises metadata dates', () => {
    expect(normaliseDate('2011')).toBe('2011');
    expect(normaliseDate('2011-06-30T10:00:00Z')).toBe('2011-06-30');
    expect(normaliseDate(new Date(Date.UTC(2020, 0, 2)))).toBe('2020-01-02');
  });
});
