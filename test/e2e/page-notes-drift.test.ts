import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, poppler, tempDir } from '../helpers/cli.js';

// The page-note layout finds page ends by laying chapters out in page-sized columns; the print must
// break its pages at the same places. Chromium prints a page area of its exact size rounded up
// (705 px of text on a 6 × 9 in page, not 704.16): with columns of the exact size, a page whose
// text came within a pixel of its foot ended a line early in the columns, and every note page
// after it in the chapter was ended too early: body text ran on below its notes. This book
// (generated; its third seed) had such a page.
const t = tempDir();
afterAll(() => t.cleanup());

const WORDS = 'amber basil cedar delta ember fable garnet harbor island juniper kettle lantern meadow nectar orchard pepper quartz river saffron timber umber velvet willow yonder zephyr'.split(' ');

/** Chapters of paragraphs, sections and lists of random lengths, a note in about a third of the paragraphs (notes in words "Nota nota…"). */
function writeBook(dir: string, seed: number, chapters: number): void {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'book.yaml'), 'title: Drift\nlang: en\n');
  let note = 0;
  for (let c = 1; c <= chapters; c++) {
    const parts = [`# Chapter ${c}`];
    const notes: string[] = [];
    for (let b = 0; b < 40; b++) {
      const r = random();
      if (r < 0.15) parts.push(`## Section ${c}.${b}`);
      else if (r < 0.2) parts.push(`- ${sentence(6)}\n- ${sentence(9)}`);
      else {
        let text = sentence(8 + Math.floor(random() * 90));
        if (random() < 0.3) {
          note++;
          text += `[^n${note}]`;
          notes.push(`[^n${note}]: Nota ${note} ${Array.from({ length: 3 + Math.floor(random() * 30) }, () => 'nota').join(' ')}.`);
        }
        parts.push(`${text}.`);
      }
    }
    writeFileSync(join(dir, `c${String(c).padStart(2, '0')}.md`), `${parts.join('\n\n')}\n\n${notes.join('\n')}\n`);
  }
}

describe('page-foot notes against the printed pages', () => {
  it('ends every note page where the print ends it: no body text below a page\'s notes', async () => {
    writeBook(join(t.dir, 'drift'), 3, 12);
    const r = await colophon(['build', 'drift', '--format', 'pdf', '--out', 'out'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const bbox = await poppler('pdftotext', ['-bbox', join(t.dir, 'out', 'drift.pdf'), '-']);
    const pages = [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ y: Number(w[1]), text: w[2]! })));
    const body = new RegExp(`^(${WORDS.join('|')})`);
    const withNotes = pages.map((words, i) => ({ page: i + 1, words, notes: words.find((w) => w.text === 'Nota') })).filter((p) => p.notes !== undefined);
    expect(withNotes.length).toBeGreaterThan(30);
    const below = withNotes.filter((p) => p.words.some((w) => w.y > p.notes!.y + 1 && body.test(w.text))).map((p) => p.page);
    expect(below).toEqual([]);
  }, 120_000);
});
