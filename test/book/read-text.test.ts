import { describe, expect, it } from 'vitest';
import { decodeManuscript, firstInvalidUtf8 } from '../../src/book/read-text.js';
import { BookError } from '../../src/diagnostics/diagnostic.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeManuscript', () => {
  it('drops the BOM, normalises line ends and replaces control characters', () => {
    expect(decodeManuscript(bytes([0xef, 0xbb, 0xbf], 'a\r\nb\rc\u0000d'), 'x.md')).toBe('a\nb\nc\uFFFDd');
    // A form feed or vertical tab is white space (CommonMark), not an unreadable character.
    expect(decodeManuscript(bytes('page one\u000Cpage\u000Btwo'), 'ff.md')).toBe('page one page two');
  });

  it('fails invalid UTF-8 with the line, column and byte offset', () => {
    try {
      decodeManuscript(bytes('line one\nab', [0xff], 'c'), '/b/x.md');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BookError);
      expect((e as BookError).diagnostic).toMatchObject({ file: '/b/x.md', line: 2, column: 3, rule: 'invalid-utf8', severity: 'error' });
      expect((e as BookError).message).toContain('offset 11');
    }
  });

  it('refuses UTF-16 without a byte-order mark, and keeps a file with a stray NUL', () => {
    const text = '# Title\n\nSome text in the manuscript.\n';
    expect(() => decodeManuscript(Buffer.from(text, 'utf16le'), 'le.md')).toThrow(/looks like UTF-16LE without a byte-order mark/);
    expect(() => decodeManuscript(Buffer.from(text, 'utf16le').swap16(), 'be.md')).toThrow(/looks like UTF-16BE/);
    expect(decodeManuscript(bytes(text, [0], text), 'nul.md')).toContain('\uFFFD');
  });

  it('finds overlong encodings and surrogates', () => {
    expect(firstInvalidUtf8(bytes('ok', [0xc0, 0xaf]))).toBe(2);
    expect(firstInvalidUtf8(bytes([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(bytes('日本語 ✓'))).toBe(-1);
  });
});
