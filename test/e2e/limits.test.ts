import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, tempDir } from '../helpers/cli.js';

// Pathological Markdown (after cmark's pathological tests): each such book fails fast with a clear
// message, or builds; the others in the batch are built either way.
const t = tempDir();
afterAll(() => t.cleanup());

const books: Record<string, string> = {
  'nested-quotes': `${'> '.repeat(5000)}deep\n`,
  'nested-lists': Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item\n`).join(''),
  'wide-table': `|${'a|'.repeat(2000)}\n|${'-|'.repeat(2000)}\n|${'b|'.repeat(2000)}\n`,
  'nested-divs': `${'<div>'.repeat(20000)}x${'</div>'.repeat(20000)}\n`,
  'nested-brackets': `${'['.repeat(20000)}a${']'.repeat(20000)}\n`,
  'emphasis': '*a **b '.repeat(20000),
  'link-openers': '[a]('.repeat(10000),
  'good': '---\nlang: en\ntitle: Fine\n---\n\nA normal book among bad ones.\n',
};

describe('pathological manuscripts', () => {
  it('fail alone, fast, with the line to fix', async () => {
    for (const [name, text] of Object.entries(books)) writeFileSync(join(t.dir, `${name}.md`), text);
    const started = Date.now();
    const r = await colophon(['build', ...Object.keys(books).map((n) => `${n}.md`), '--format', 'epub', '--report', 'r.json'], { cwd: t.dir });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nested-quotes\.md:1:1: error: block quotes nested \d+ levels deep; the limit is 100 \[limit\]$/m);
    expect(r.stderr).toMatch(/^nested-lists\.md:102:1: error: list nested about 101 levels deep; the limit is 100 \[limit\]$/m);
    expect(r.stderr).toMatch(/^wide-table\.md:2:1: error: a table with 2000 columns; the limit is 256 \[limit\]$/m);
    expect(r.stderr).toMatch(/^nested-divs\.md:1:1: error: .*nest.*deep.*flatten it \[limit\]$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8')) as { books: Array<{ name: string; status: string }> };
    const status = Object.fromEntries(report.books.map((b) => [b.name, b.status]));
    expect(status).toEqual({
      'nested-quotes': 'failed',
      'nested-lists': 'failed',
      'wide-table': 'failed',
      'nested-divs': 'failed',
      'nested-brackets': 'built',
      emphasis: 'built',
      'link-openers': 'built',
      good: 'built',
    });
    expect(readdirSync(join(t.dir, 'dist')).sort()).toEqual(['emphasis.epub', 'good.epub', 'link-openers.epub', 'nested-brackets.epub']);
  }, 120_000);
});
