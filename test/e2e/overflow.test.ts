import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colophon, poppler, tempDir, type CliResult } from '../helpers/cli.js';
import { solidPng } from '../helpers/png.js';

// One over-wide element must not make Chromium shrink the whole page (shrink-to-fit).
const t = tempDir();
let result: CliResult;
const ordinary = 'Ordinary prose fills the measure from the left margin to the right one, line after line, as it should in a book. '.repeat(4);

beforeAll(async () => {
  mkdirSync(join(t.dir, 'book'));
  writeFileSync(join(t.dir, 'book', 'wide.png'), solidPng(4000, 40));
  writeFileSync(
    join(t.dir, 'book', 'wide.md'),
    [
      '---\ntitle: Wide Things\nlang: en\n---',
      ordinary,
      '```\n' + 'x'.repeat(400) + '\n```',
      `| ${Array.from({ length: 12 }, (_, i) => `Column${i}WithALongHeader`).join(' | ')} |\n|${' --- |'.repeat(12)}\n| ${Array.from({ length: 12 }, () => 'supercalifragilistic').join(' | ')} |`,
      '![A very wide red band](wide.png)',
      'A'.repeat(300),
      '<https://example.org/a/very/long/path/that/keeps/going/and/going/without/any/spaces/at/all/index.html>',
      // An image alone after ordinary prose: its paragraph would indent it past the margin.
      ordinary,
      '![A wide band after prose](wide.png)',
      '<div><img src="wide.png" alt="A raw wide band"></div>',
    ].join('\n\n'),
  );
  writeFileSync(join(t.dir, 'book', 'plain.md'), `---\ntitle: Plain Things\nlang: en\n---\n\n${ordinary}\n`);
  // A table whose code column the automatic layout squeezes (a long explanation beside it).
  const explanation = 'A method call on the value before the dot, which the compiler resolves by looking at the type of the receiver and then at the traits in scope, dereferencing as many times as it takes to find the method that matches.';
  const codeTable = `| Operator | Example | Explanation | Overloadable? |\n|---|---|---|---|\n| \`.\` | \`expr.ident(expr, ...)\` | ${explanation} | \`CallableThingAssign\` |\n| \`+\` | \`expr + expr\` | ${explanation} | \`Add\` |`;
  // A line of code too long for the page even in the smallest code type.
  const call = `return call_something(${Array.from({ length: 8 }, (_, i) => `argument_number_${i}`).join(', ')})`;
  writeFileSync(join(t.dir, 'book', 'code.md'), `---\ntitle: Long Lines\nlang: en\n---\n\n${ordinary}\n\n\`\`\`python\ndef f():\n    ${call}\n\nx = 1\n\`\`\`\n\n98. ninety-eight\n99. ninety-nine\n100. one hundred\n\nBetween.\n\n1984. The year the line starts with.\n\n$$\n\\begin{align}\nqq &= rr + ss \\\\\ntt &= uu\n\\end{align}\n$$\n\n$$\nvv = ww\n$$\n\n${codeTable}\n`);
  result = await colophon(['build', 'book/wide.md', 'book/plain.md', 'book/code.md', '--format', 'pdf'], { cwd: t.dir });
}, 120_000);
afterAll(() => t.cleanup());

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  height: number;
  text: string;
}

async function words(pdf: string): Promise<Word[]> {
  const html = await poppler('pdftotext', ['-bbox', pdf, '-']);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), height: Number(m[4]) - Number(m[2]), text: m[5]! });
  }
  return out;
}

describe('overflow guards', () => {
  it('keeps the page size and the full text width despite wide code, tables, images and words', async () => {
    expect(result.code, result.stderr).toBe(0);
    const pdf = join(t.dir, 'dist', 'wide.pdf');
    expect(await poppler('pdfinfo', [pdf])).toMatch(/Page size:\s+432 x 648 pts/);
    const all = await words(pdf);
    expect(all.length).toBeGreaterThan(50);
    // Nothing runs past the trim edge.
    for (const w of all) expect(w.xMax, w.text).toBeLessThanOrEqual(432);
    // The ordinary paragraph still reaches the right margin of page 1 (a shrunk page would end far short of it):
    // 6 in trim, 0.84 in inside and 0.6 in outside margins → the text block ends at 388.8 pt.
    // (Line ends may be hyphenated fragments: "mea‐".)
    const prose = all.filter((w) => w.page === 1 && /^(Ordinary|prose|fills|measure|margin|line|book\.)|^\p{L}+[-‐]$/u.test(w.text));
    expect(Math.max(...prose.map((w) => w.xMax))).toBeGreaterThan(380);
    // And the type is the size it has in a book without wide things (a shrunk book's is smaller).
    const size = (ws: Word[]) => ws.find((w) => w.text === 'Ordinary')!.height;
    expect(size(all)).toBeCloseTo(size(await words(join(t.dir, 'dist', 'plain.pdf'))), 2);
  });

  it('wraps a line of code too long for the page under its own text, not at the left edge', async () => {
    const code = await words(join(t.dir, 'dist', 'code.pdf'));
    const at = (text: string) => code.find((w) => w.text === text)!;
    const [def, ret, x] = [at('def'), at('return'), at('x')];
    const ch = (ret.xMin - def.xMin) / 4;
    expect(ch).toBeGreaterThan(3);
    // The wrapped part: the first word on a line below the return statement's, above `x = 1`.
    const wrapped = code.filter((w) => w.page === ret.page && w.yMin > ret.yMin + 2 && w.yMin < x.yMin - 2).sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    expect(wrapped.length).toBeGreaterThan(0);
    // Four columns in from the line's own indentation; the next line of code back at its own.
    expect(Math.abs(wrapped[0]!.xMin - (ret.xMin + 4 * ch))).toBeLessThan(ch / 2);
    expect(Math.abs(x.xMin - def.xMin)).toBeLessThan(0.5);
  });

  it('keeps a list\'s long numbers whole: indented for them, and not cut in the margin', async () => {
    const text = await poppler('pdftotext', [join(t.dir, 'dist', 'code.pdf'), '-']);
    expect(text).toContain('99. ninety-nine\n100. one hundred');
    expect(text).toContain('1984. The year the line starts with.');
    const list = await words(join(t.dir, 'dist', 'code.pdf'));
    const hundred = list.find((w) => w.text === '100.')!;
    const prose = list.find((w) => w.text === 'Ordinary')!;
    // The widest number starts inside the text block, where the prose starts.
    expect(hundred.xMin).toBeGreaterThanOrEqual(prose.xMin - 0.5);
  });

  it('prints an `align` formula at the size of any other (it was measured as wide as its 100% table, and set at a third)', async () => {
    // Its "=" signs against the plain formula's (the letters come out as math italic characters).
    // (The last three: the code before them has one.)
    const equals = (await words(join(t.dir, 'dist', 'code.pdf'))).filter((w) => w.text === '=').slice(-3);
    expect(equals).toHaveLength(3);
    expect(equals[0]!.height / equals[2]!.height).toBeGreaterThan(0.9);
    // Aligned at the "=".
    expect(Math.abs(equals[0]!.xMin - equals[1]!.xMin)).toBeLessThan(0.5);
  });

  it('breaks code in a table between its words, not inside them, while the table fits', async () => {
    const texts = (await words(join(t.dir, 'dist', 'code.pdf'))).map((w) => w.text);
    expect(texts).toContain('expr.ident(expr,');
    expect(texts).toContain('CallableThingAssign');
  });
});
