import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without types
import { generateBook } from '../../scripts/generate-book.mjs';
import { colophon, epubcheck, poppler, tempDir, type CliResult } from '../helpers/cli.js';

// The second template shipped with Colophon proves the template boundary: same books, another look.
const t = tempDir();
afterAll(() => t.cleanup());
let result: CliResult;

beforeAll(async () => {
  generateBook(join(t.dir, 'book'), { chapters: 5, seed: 'modern' });
  writeFileSync(join(t.dir, 'build.config.ts'), "export default { template: 'modern' };\n");
  result = await colophon(['build', 'book'], { cwd: t.dir });
}, 120_000);

describe('the modern template', () => {
  it('builds a valid EPUB with its own stylesheet', async () => {
    expect(result.code, result.stderr).toBe(0);
    const check = await epubcheck(join(t.dir, 'dist', 'book.epub'));
    expect(check.messages).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(join(t.dir, 'dist', 'book.epub')));
    const css = await zip.file(Object.keys(zip.files).find((n) => n.endsWith('style.css'))!)!.async('string');
    expect(css).toContain('Colophon modern template');
    expect(css).toContain('font-family: sans-serif');
  });

  it('prints in its own fonts, with heads and folios at the outer edge of the page', async () => {
    const pdf = join(t.dir, 'dist', 'book.pdf');
    const fonts = await poppler('pdffonts', [pdf]);
    expect(fonts).toMatch(/SourceSans3/);
    expect(fonts).not.toMatch(/SourceSerif4/);
    // Every full page of text: its folio against the text block's edges.
    const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
    const pages = [...bbox.matchAll(/<page width="([\d.]+)"[^>]*>([\s\S]*?)<\/page>/g)].map((m) => {
      const words = [...m[2]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ x1: Number(w[1]), y: Number(w[2]), x2: Number(w[3]), text: w[4]! }));
      return { width: Number(m[1]), words };
    });
    let rectos = 0;
    let versos = 0;
    pages.forEach((page, i) => {
      const body = page.words.filter((w) => w.y > 80 && w.y < 560);
      const folio = page.words.filter((w) => w.y > 580 && /^\d+$/.test(w.text)).at(-1);
      if (!folio || body.length < 50) return;
      const left = Math.min(...body.map((w) => w.x1));
      const right = Math.max(...body.map((w) => w.x2));
      // Odd pages (counting from 1) are rectos: folio flush right; versos: flush left.
      if (i % 2 === 0) {
        expect(folio.x2, `folio of page ${i + 1}`).toBeGreaterThan(right - 2);
        rectos++;
      } else {
        expect(folio.x1, `folio of page ${i + 1}`).toBeLessThan(left + 2);
        versos++;
      }
    });
    expect(rectos).toBeGreaterThan(3);
    expect(versos).toBeGreaterThan(3);
  });
});
