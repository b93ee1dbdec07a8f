import { readFile, stat } from 'node:fs/promises';
import { LIMITS } from './limits.js';
import { isUtf8 } from 'node:buffer';
import { BookError } from '../diagnostics/diagnostic.js';

/** Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 when it is all valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based) of a byte offset. */
function placeOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Decodes manuscript bytes as UTF-8 text ready for parsing: BOM dropped, CRLF and lone CR made LF,
 * NUL and other C0/C1 control characters (which XML forbids) replaced. Invalid UTF-8 fails the book
 * with the byte offset.
 */
export function decodeManuscript(bytes: Uint8Array, path: string): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const place = placeOfByte(bytes, offset);
    throw new BookError({
      file: path,
      ...place,
      severity: 'error',
      rule: 'invalid-utf8',
      message: `the file is not valid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset}); save it as UTF-8`,
    });
  }
  // UTF-16 without its byte-order mark is valid UTF-8 to a decoder, a NUL byte beside every letter:
  // a manuscript has no NULs, so many of them, on one side of each pair, mean UTF-16.
  const sample = bytes.subarray(0, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  if (Math.max(even, odd) > sample.length / 8) {
    throw new BookError({ file: path, line: 1, column: 1, severity: 'error', rule: 'invalid-utf8', message: `the file looks like UTF-16${odd > even ? 'LE' : 'BE'} without a byte-order mark (a zero byte beside each character), not UTF-8; save it as UTF-8` });
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // XML 1.0 forbids C0 controls but tab/LF/CR, and discourages C1; U+FFFD keeps offsets and shows
  // the spot (the Markdown stage reports it). A form feed or vertical tab is white space, as
  // CommonMark has it (old text files put a form feed between pages).
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u000B\u000C]/g, ' ').replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, '\uFFFD');
}

/**
 * Reads one of a book's files (a chapter, SUMMARY.md, book.yaml, book.toml). Only a regular file
 * is read, and only up to the size limit: a FIFO would block the build for ever, a link to
 * `/dev/zero` fill the memory. Anything else fails the book with the reason.
 */
export async function readBookFile(path: string): Promise<Buffer> {
  const refuse = (message: string, cause?: unknown): never => {
    throw new BookError({ file: path, severity: 'error', rule: 'unreadable', message }, cause === undefined ? undefined : { cause });
  };
  try {
    const info = await stat(path);
    if (!info.isFile()) return refuse('not a regular file (a folder, a device or a pipe?); only files are read');
    // Characters are checked once decoded (checkLimits); no file that could pass is larger than this.
    if (info.size > 4 * LIMITS.fileBytes) {
      throw new BookError({ file: path, line: 1, column: 1, severity: 'error', rule: 'limit', message: `the file has ${info.size} bytes; the limit is ${LIMITS.fileBytes} characters — split it into chapters` });
    }
    return await readFile(path);
  } catch (cause) {
    if (cause instanceof BookError) throw cause;
    return refuse(`cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
}

/** Reads a manuscript file; an unreadable file or invalid UTF-8 fails the book. */
export async function readManuscript(path: string): Promise<string> {
  return decodeManuscript(await readBookFile(path), path);
}
