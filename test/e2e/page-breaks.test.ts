import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, poppler, tempDir } from '../helpers/cli.js';

// Long listings break across pages instead of leaving the foot of the page before them empty;
// short ones stay whole; a paragraph introducing a block stays on the page with it.
const t = tempDir();
afterAll(() => t.cleanup());

const prose = (i: number) => `Paragraph ${i} with some words that run on for a while to fill the line and the page with text, as essays do. More words follow here to make it longer and longer still, until it wraps a few times on the page.`;
const listing = (name: string, lines: number) => '```\n' + Array.from({ length: lines }, (_, i) => `${name}${String(i + 1).padStart(2, '0')} = compute(${i});`).join('\n') + '\n```';

/** The words of each page, top to bottom. */
async function pageWords(pdf: string): Promise<string[][]> {
  const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
  return [...bbox.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map((m) => [...m[1]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]!));
}
const pageOf = (pages: string[][], word: string) => pages.findIndex((p) => p.includes(word));

describe.each(['default', 'modern'])('page breaks around code (%s template)', (template) => {
  const buildPdf = async (name: string, text: string) => {
    writeFileSync(join(t.dir, 'build.config.ts'), `export default { template: '${template}' };\n`);
    writeFileSync(join(t.dir, `${name}.md`), `---\ntitle: Listings\nlang: en\n---\n\n${text}`);
    const r = await colophon(['build', `${name}.md`, '--format', 'pdf', '--out', template], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    return join(t.dir, template, `${name}.pdf`);
  };
  const build = async (name: string, text: string) => pageWords(await buildPdf(name, text));

  it('starts a long listing under the paragraph introducing it and breaks it, three lines at least on each side', async () => {
    // Half a page of prose, then a 30-line listing: more than the half page left.
    const pages = await build('long', [...[1, 2, 3].map(prose), 'The long listing follows:', listing('long', 30), prose(4)].join('\n\n'));
    expect(pageOf(pages, 'long01')).toBe(0);
    expect(pageOf(pages, 'long30')).toBe(1);
    expect(pages[0]!.indexOf('long01')).toBeGreaterThan(pages[0]!.lastIndexOf('follows:'));
    const first = Array.from({ length: 30 }, (_, i) => pageOf(pages, `long${String(i + 1).padStart(2, '0')}`)).filter((p) => p === 0).length;
    expect(first).toBeGreaterThanOrEqual(3);
    expect(first).toBeLessThanOrEqual(27);
  }, 60_000);

  it('sets a table of many columns in smaller type, whole words in its cells', async () => {
    const table = (columns: number, word: string) => `| ${Array.from({ length: columns }, (_, i) => `H${i}`).join(' | ')} |\n|${' --- |'.repeat(columns)}\n| ${Array.from({ length: columns }, () => word).join(' | ')} |`;
    const bbox = await poppler('pdftotext', ['-bbox', await buildPdf('tables', [table(3, 'narrowcell'), table(11, 'Region')].join('\n\n')), '-']);
    const heights = (word: string) => [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].filter((m) => m[3] === word).map((m) => Number(m[2]) - Number(m[1]));
    expect(heights('narrowcell')).toHaveLength(3);
    // Each "Region" whole on its line (it was broken "Regi|on" at the body's table size), and smaller.
    expect(heights('Region')).toHaveLength(11);
    expect(Math.max(...heights('Region'))).toBeLessThan(Math.min(...heights('narrowcell')) * 0.85);
  }, 60_000);

  it('sizes table columns by their content: a short header stays whole beside a long comment, and a table too wide even so still fits the page', async () => {
    const complexity = '| Data Structure | Access | Search | Insertion | Deletion | Comments |\n| --- | :-: | :-: | :-: | :-: | :-- |\n| Array | 1 | n | n | n | |\n| Hash Table | - | n | n | n | In case of perfect hash function costs would be O(1) |';
    const words = ['Extraordinary', 'Representatives', 'Internationalisation', 'Characteristically', 'Misunderstanding', 'Responsibilities', 'Notwithstanding', 'Transformational', 'Comprehensively', 'Administratively', 'Environmentally', 'Straightforwardly', 'Incomprehensible', 'Interdisciplinary', 'Telecommunications', 'Counterproductive', 'Uncharacteristic', 'Disproportionate', 'Acknowledgements', 'Photosynthesis'];
    const overfull = `| ${words.map((_, i) => `C${i}`).join(' | ')} |\n|${' --- |'.repeat(words.length)}\n| ${words.join(' | ')} |`;
    const pdf = await buildPdf('columns', [complexity, 'Between the tables.', overfull, 'The last line.'].join('\n\n'));
    const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
    const placed = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ x1: Number(m[1]), x2: Number(m[2]), word: m[3]! }));
    // "Comments" whole (a column of equal width broke it "Comment|s"), and so are the other headers.
    for (const header of ['Structure', 'Insertion', 'Deletion', 'Comments']) expect(placed.map((w) => w.word)).toContain(header);
    // Every letter of the over-wide table is on the page, inside the page's width.
    const width = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    expect(Math.max(...placed.map((w) => w.x2))).toBeLessThan(width);
    // Its words may break anywhere now (their pieces are read across the cells' lines), but every letter is there.
    const letters = new Map<string, number>();
    for (const c of placed.map((w) => w.word).join('')) letters.set(c, (letters.get(c) ?? 0) + 1);
    for (const c of words.join('')) letters.set(c, (letters.get(c) ?? 0) - 1);
    expect([...letters].filter(([, n]) => n < 0)).toEqual([]);
    expect(placed.map((w) => w.word).join(' ')).toContain('The last line.');
  }, 60_000);

  it('sets a code block with lines of about 75 characters smaller, so they do not wrap, and leaves short code alone', async () => {
    const long = '    let result = compute_something(argument_one, argument_two, argument_three);';
    const pdf = await buildPdf('wide-code', ['```rust', 'fn main() {', long, '}', '```', '', 'Short:', '', '```rust', 'fn short() {}', '```'].join('\n'));
    const bbox = await poppler('pdftotext', ['-bbox', pdf, '-']);
    const words = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ top: Number(m[1]), height: Number(m[2]) - Number(m[1]), word: m[3]! }));
    const at = (word: string) => words.find((w) => w.word === word)!;
    // The long line on one line (it wrapped before "argument_three);").
    expect(at('argument_three);').top).toBeCloseTo(at('let').top, 1);
    expect(at('main()').height).toBeLessThan(at('short()').height * 0.85);
  }, 60_000);

  it('keeps a short listing whole, on the page of the paragraph introducing it, wherever it falls', async () => {
    // Each variant on a page of its own, its introduction one line lower than the last one's:
    // some of them fall at the foot of the page, where the listing does not fit.
    const variants = Array.from({ length: 36 }, (_, k) => k + 14);
    const text = variants
      .map((k) => [...Array.from({ length: k }, () => 'Filler line.'), `The listing intro${k} follows:`, listing(`v${k}x`, 6)].join('\n\n'))
      .join('\n\n\\newpage\n\n');
    const pages = await build('short', text);
    let moved = 0;
    for (const k of variants) {
      const lines = Array.from({ length: 6 }, (_, i) => pageOf(pages, `v${k}x${String(i + 1).padStart(2, '0')}`));
      expect(new Set(lines).size, `listing ${k} split`).toBe(1);
      expect(pageOf(pages, `intro${k}`), `introduction ${k} left behind`).toBe(lines[0]);
      // Gone over to a page of its own, with no filler of its variant on it.
      if (!pages[lines[0]!]!.includes('Filler')) moved++;
    }
    // The introduction did go over to the next page with its listing at least once.
    expect(moved).toBeGreaterThan(0);
  }, 60_000);
});
