import { execFile } from 'node:child_process';
import type { Element, Root, Text } from 'hast';
import type { Point } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { Book } from '../book/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { pointIn } from '../markdown/text-position.js';

/**
 * Characters no font can print. Chromium draws a character that neither the template's fonts
 * nor any font of the system has as an empty box, without a word: a Korean or Hindi book on a
 * machine without fonts for it would print as rows of boxes. Before printing, the book's text is
 * checked against what fontconfig's fonts cover (Chromium's fallback fonts on Linux come from
 * there), and such characters are reported.
 */

/** Code points every Colophon print has fonts for (the templates' Latin, Greek and Cyrillic faces and their punctuation): not looked up. */
function surelyCovered(cp: number): boolean {
  return cp <= 0x052f || (cp >= 0x1e00 && cp <= 0x1fff) || (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x20a0 && cp <= 0x20cf);
}

/** Characters that draw nothing by themselves (format and control characters, combining marks, variation selectors). */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Zs}\p{Zl}\p{Zp}\p{Cs}]/u;

let systemCoverage: Promise<Uint8Array | undefined> | undefined;

/** Every code point some fontconfig font covers, as a bit set; undefined without fontconfig (not Linux, say). */
function coverage(): Promise<Uint8Array | undefined> {
  systemCoverage ??= new Promise((resolve) => {
    execFile('fc-list', ['--format', '%{charset}\n'], { maxBuffer: 64 * 1024 * 1024, timeout: 10_000 }, (error, stdout) => {
      if (error || stdout.trim() === '') return resolve(undefined);
      const bits = new Uint8Array(0x110000 >> 3);
      for (const range of stdout.split(/\s+/)) {
        const m = /^([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(range);
        if (!m) continue;
        const low = parseInt(m[1]!, 16);
        const high = Math.min(m[2] ? parseInt(m[2], 16) : low, 0x10ffff);
        for (let cp = low; cp <= high; cp++) bits[cp >> 3]! |= 1 << (cp & 7);
      }
      resolve(bits);
    });
  });
  return systemCoverage;
}

/** Where a character first appears. */
interface Seen {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A warning naming the characters of the book that no font on this machine has (with the place
 * of the first), or undefined when every one can be printed or fontconfig cannot tell.
 */
export async function missingGlyphs(book: Book): Promise<Diagnostic | undefined> {
  const candidates = new Map<number, Seen>();
  /** Looks at a text of `file`, its characters placed by `place` (from their offset). */
  const look = (text: string, file: string, place: (offset: number) => Point | undefined) => {
    let offset = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (!surelyCovered(cp) && !candidates.has(cp) && !INVISIBLE.test(ch)) {
        const at = place(offset);
        candidates.set(cp, { file, ...(at ? { line: at.line, column: at.column } : {}) });
      }
      offset += ch.length;
    }
  };
  for (const c of book.chapters) {
    visit(c.tree as Root, (node) => {
      // Formulas are set in the template's math font, which has their symbols.
      if (node.type === 'element' && (node as Element).tagName === 'math') return SKIP;
      if (node.type === 'text') look((node as Text).value, c.path, (offset) => pointIn(node as Text, offset));
      return undefined;
    });
  }
  const meta = book.meta;
  const first = book.chapters[0]?.path ?? book.root;
  for (const text of [meta.title, meta.subtitle ?? '', ...meta.authors, meta.publisher ?? '', meta.rights ?? '']) look(text, first, () => ({ line: 1, column: 1 }));
  if (candidates.size === 0) return undefined;
  const bits = await coverage();
  if (!bits) return undefined;
  const missing = [...candidates].filter(([cp]) => (bits[cp >> 3]! & (1 << (cp & 7))) === 0);
  if (missing.length === 0) return undefined;
  const at = missing[0]![1];
  const shown = missing
    .slice(0, 5)
    .map(([c]) => `"${String.fromCodePoint(c)}" U+${c.toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
  const them = missing.length === 1 ? 'it' : 'them';
  return {
    file: at.file,
    ...(at.line === undefined ? {} : { line: at.line, column: at.column ?? 1 }),
    severity: 'warning',
    rule: 'missing-glyph',
    message: `${missing.length === 1 ? 'a character' : `${missing.length} characters`} that no font on this machine has (${shown}${missing.length > 5 ? ', …' : ''}; the first is here): the PDF shows ${them} as empty boxes — install a font that has ${them} (on Debian: fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji)`,
  };
}
