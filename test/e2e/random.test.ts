import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';
import { randomChapters } from '../helpers/random-markdown.js';

// Random Markdown with hostile raw HTML (seeded, so a failure reproduces) must always build to a
// valid EPUB and print without crashing.
const t = tempDir();
afterAll(() => t.cleanup());

describe('random manuscripts', () => {
  it.each([12345, 777, 4242])('seed %i builds a valid EPUB and a PDF', async (seed) => {
    const book = join(t.dir, `random-${seed}`);
    mkdirSync(book);
    writeFileSync(join(book, 'book.yaml'), `title: Random ${seed}\nlang: en\n`);
    randomChapters(seed, 60).forEach((text, i) => writeFileSync(join(book, `ch${i + 1}.md`), text));
    const r = await colophon(['build', book, '--out', join(t.dir, 'out')]);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect(r.stderr).not.toMatch(/\[internal\]|\n\s+at /);
    const check = await epubcheck(join(t.dir, 'out', `random-${seed}.epub`));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
  }, 180_000);
});
