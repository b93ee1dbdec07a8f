import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/output/zip.js';
import { tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

/** What Python's zipfile (an independent reader) finds in the archive: CRC check, names, methods, dates, contents. */
function readBack(bytes: Uint8Array): { bad: string | null; entries: Array<{ name: string; method: number; date: number[]; text: string }> } {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, bytes);
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    "print(json.dumps({'bad': bad, 'entries': [{'name': i.filename, 'method': i.compress_type, 'date': list(i.date_time), 'text': z.read(i).decode('utf-8')} for i in z.infolist()]}))",
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as ReturnType<typeof readBack>;
}

describe('writeZip', () => {
  it('writes an archive other readers open: stored and deflated entries, UTF-8 names, CRCs, one timestamp', () => {
    const long = 'Colophon '.repeat(5000);
    const bytes = writeZip(
      [
        { name: 'mimetype', data: 'application/epub+zip', store: true },
        { name: 'OEBPS/chapitre-é.xhtml', data: long },
        { name: 'OEBPS/empty.css', data: '' },
        { name: 'OEBPS/bytes.txt', data: new TextEncoder().encode('ünïcödé bytes') },
      ],
      new Date('2024-03-05T06:07:08Z'),
    );
    // OCF: the mimetype entry first, stored, its name at byte 30 and its content right after.
    expect(Buffer.from(bytes.subarray(30, 58)).toString('latin1')).toBe('mimetypeapplication/epub+zip');
    const { bad, entries } = readBack(bytes);
    expect(bad).toBeNull();
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['mimetype', 0],
      ['OEBPS/chapitre-é.xhtml', 8],
      ['OEBPS/empty.css', 8],
      ['OEBPS/bytes.txt', 8],
    ]);
    expect(entries.map((e) => e.text)).toEqual(['application/epub+zip', long, '', 'ünïcödé bytes']);
    expect(entries.every((e) => e.date.join() === '2024,3,5,6,7,8')).toBe(true);
    // Deflate did its work.
    expect(bytes.length).toBeLessThan(long.length / 20);
  });

  it('gives identical bytes for identical input, and clamps dates MS-DOS cannot hold', () => {
    const entries = [{ name: 'a.txt', data: 'same' }];
    expect(Buffer.from(writeZip(entries, new Date(0))).equals(Buffer.from(writeZip(entries, new Date(0))))).toBe(true);
    expect(readBack(writeZip(entries, new Date(0))).entries[0]!.date).toEqual([1980, 1, 1, 0, 0, 0]);
  });
});
