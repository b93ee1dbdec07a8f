import { BookError } from '../diagnostics/diagnostic.js';

/** Limits that keep pathological manuscripts from hanging a build (the parser slows down sharply past them). */
export const LIMITS = {
  /** Bytes of Markdown in one file. */
  fileBytes: 8 * 1024 * 1024,
  /** Levels of nested lists or block quotes. */
  nesting: 100,
  /** Cells in one table row. */
  tableCells: 256,
  /** Note references in one file (the Markdown parser slows down sharply past a few thousand). */
  notes: 3000,
  /** Headings in one book (each is a contents entry and a bookmark). */
  headings: 10_000,
  /** Distinct embedded files in one book. */
  assets: 5000,
};

const NOTE_REFERENCE = /\[\^[^\]\s]+\](?!:)/g;

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$/;

function fail(path: string, line: number, message: string): never {
  throw new BookError({ file: path, line, column: 1, severity: 'error', rule: 'limit', message });
}

/**
 * Checks a manuscript's text against {@link LIMITS} before parsing, in one linear pass: too deep
 * list or quote nesting and over-wide tables make the Markdown parser take minutes, so such a
 * file fails with the line to fix instead.
 */
export function checkLimits(text: string, path: string): void {
  if (text.length > LIMITS.fileBytes) fail(path, 1, `the file has ${text.length} characters; the limit is ${LIMITS.fileBytes} — split it into chapters`);
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    line++;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const l = text.slice(start, Math.min(end, start + 4096));
    // Block quote depth: `>` markers, each optionally followed by a space.
    const quotes = /^(?: {0,3}>)+/.exec(l)?.[0].split('>').length ?? 1;
    if (quotes - 1 > LIMITS.nesting) fail(path, line, `block quotes nested ${quotes - 1} levels deep; the limit is ${LIMITS.nesting}`);
    // List depth: indentation before a list marker, at two or more columns a level.
    const item = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.exec(l);
    if (item) {
      const columns = item[1]!.replace(/\t/g, '    ').length;
      if (columns / 2 > LIMITS.nesting) fail(path, line, `list nested about ${Math.floor(columns / 2)} levels deep; the limit is ${LIMITS.nesting}`);
    }
    // A table's delimiter row (`|---|:--:|`) says how many columns it has.
    if (l.includes('|') && l.includes('-') && DELIMITER_ROW.test(l)) {
      const cells = l.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').length;
      if (cells > LIMITS.tableCells) fail(path, line, `a table with ${cells} columns; the limit is ${LIMITS.tableCells}`);
    }
    start = end + 1;
  }
  let notes = 0;
  for (const m of text.matchAll(NOTE_REFERENCE)) {
    if (++notes > LIMITS.notes) fail(path, lineAt(text, m.index), `more than ${LIMITS.notes} note references in one file; split it into chapters`);
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Checks a processed book's headings and embedded files against {@link LIMITS}. */
export function checkBookLimits(headings: number, assets: number, path: string): void {
  if (headings > LIMITS.headings) fail(path, 1, `the book has ${headings} headings; the limit is ${LIMITS.headings} — fewer, or split the book`);
  if (assets > LIMITS.assets) fail(path, 1, `the book embeds ${assets} files; the limit is ${LIMITS.assets}`);
}
