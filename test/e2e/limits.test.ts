import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, tempDir } from '../helpers/cli.js';

// Pathological Markdown (after cmark's pathological tests): each such book fails fast with a clear
// message, or builds; the others in the batch are built either way.
const t = tempDir();
afterAll(() => t.cleanup());

const books: Record<string, string> = {
  'nested-quotes': `${'> '.repeat(5000)}deep\n`,
  'nested-lists': Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item\n`).join(''),
  'wide-table': `|${'a|'.repeat(2000)}\n|${'-|'.repeat(2000)}\n|${'b|'.repeat(2000)}\n`,
  'nested-divs': `${'<div>'.repeat(20000)}x${'</div>'.repeat(20000)}\n`,
  'nested-brackets': `${'['.repeat(20000)}a${']'.repeat(20000)}\n`,
  'emphasis': '*a **b '.repeat(20000),
  'link-openers': '[a]('.repeat(10000),
  'many-notes': `Intro.\n\n${Array.from({ length: 3001 }, (_, i) => `Text.[^${i}]\n`).join('')}`,
  'huge-file': `${'word '.repeat(1_800_000)}\n`,
  'good': '---\nlang: en\ntitle: Fine\n---\n\nA normal book among bad ones.\n',
};

describe('pathological manuscripts', () => {
  it('fail alone, fast, with the line to fix', async () => {
    for (const [name, text] of Object.entries(books)) writeFileSync(join(t.dir, `${name}.md`), text);
    const started = Date.now();
    // One thread: the limits are the subject here (worker threads have tests of their own), and
    // wall-clock limits on threads that share two cores with a busy test run are not.
    const r = await colophon(['build', ...Object.keys(books).map((n) => `${n}.md`), '--format', 'epub', '--report', 'r.json', '--jobs', '1'], { cwd: t.dir });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nested-quotes\.md:1:1: error: block quotes nested \d+ levels deep; the limit is 100 \[limit\]$/m);
    expect(r.stderr).toMatch(/^nested-lists\.md:102:1: error: list nested about 101 levels deep; the limit is 100 \[limit\]$/m);
    expect(r.stderr).toMatch(/^wide-table\.md:2:1: error: a table with 2000 columns; the limit is 256 \[limit\]$/m);
    expect(r.stderr).toMatch(/^nested-divs\.md:1:1: error: .*nest.*deep.*flatten it \[limit\]$/m);
    expect(r.stderr).toMatch(/^many-notes\.md:3003:1: error: more than 3000 note references in one file; split it into chapters \[limit\]$/m);
    expect(r.stderr).toMatch(/^huge-file\.md:1:1: error: the file has 9000001 characters; the limit is 8388608 — split it into chapters \[limit\]$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8')) as { books: Array<{ name: string; status: string }> };
    const status = Object.fromEntries(report.books.map((b) => [b.name, b.status]));
    // cmark's 20,000 nested brackets take the parser 4–12 s depending on the machine's load: close
    // to the default limit (11 s for this file), so it either builds or stops with the time limit's
    // message — never hangs. Either is right; the rest of the shelf is the same.
    const brackets = status['nested-brackets'];
    if (brackets === 'failed') expect(r.stderr).toMatch(/^nested-brackets\.md:1:1: error: the Markdown stage ran out of its \d+ s time limit/m);
    else expect(brackets).toBe('built');
    expect({ ...status, 'nested-brackets': 'built' }, r.stderr.slice(-3000)).toEqual({
      'nested-quotes': 'failed',
      'nested-lists': 'failed',
      'wide-table': 'failed',
      'nested-divs': 'failed',
      'many-notes': 'failed',
      'huge-file': 'failed',
      'nested-brackets': 'built',
      emphasis: 'built',
      'link-openers': 'built',
      good: 'built',
    });
    expect(readdirSync(join(t.dir, 'dist')).sort()).toEqual(['emphasis.epub', 'good.epub', 'link-openers.epub', ...(brackets === 'built' ? ['nested-brackets.epub'] : [])]);
  }, 120_000);
});

describe('the Markdown stage time limit', () => {
  it('stops a book that runs out of time (slow input, a plugin that loops or never settles) and builds the rest', async () => {
    const dir = join(t.dir, 'timed');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'build.config.ts'),
      [
        "const loops = () => (_tree: unknown, file: { value: unknown }) => { if (String(file.value).includes('LOOP')) for (;;) {} };",
        "const stalls = () => (_tree: unknown, file: { value: unknown }) => (String(file.value).includes('STALL') ? new Promise(() => {}) : undefined);",
        'export default { markdown: { timeLimit: 2, remarkPlugins: [loops, stalls] } };',
      ].join('\n'),
    );
    const timed: Record<string, string> = {
      // Quadratic in the Markdown parser: far more than two seconds.
      'emph-closers': 'a_ '.repeat(65000),
      loop: 'A plugin loops on this one: LOOP.',
      stall: 'A plugin never finishes this one: STALL.',
      good: 'Nothing slow here.',
    };
    // More of cmark's pathological inputs: each builds or fails with the time limit, never hangs.
    const cmark: Record<string, string> = {
      'nested-strong-emph': `${'*a **a '.repeat(65000)}b${' a** a*'.repeat(65000)}`,
      'link-closers': 'a]'.repeat(65000),
      mismatched: '*a_ '.repeat(50000),
      'pattern-img': '![[]()'.repeat(160000),
      'unclosed-links': '[a](<b'.repeat(30000),
      'html-comments': `</${'<!--'.repeat(300000)}`,
      'backticks': Array.from({ length: 1000 }, (_, n) => `e${'`'.repeat(n + 1)}`).join(''),
    };
    Object.assign(timed, cmark);
    for (const [name, text] of Object.entries(timed)) writeFileSync(join(dir, `${name}.md`), `---\nlang: en\ntitle: ${name}\n---\n\n${text}\n`);
    const started = Date.now();
    const r = await colophon(['build', '--format', 'epub'].concat(Object.keys(timed).map((n) => `${n}.md`)), { cwd: dir });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    for (const name of ['emph-closers', 'loop', 'stall']) {
      expect(r.stderr).toMatch(new RegExp(`^${name}\\.md:1:1: error: the Markdown stage ran out of its 2 s time limit \\(while [^)]+\\); .*raise markdown\\.timeLimit in build\\.config\\.ts \\[time-limit\\]$`, 'm'));
    }
    for (const name of Object.keys(cmark)) {
      expect(r.stderr).toMatch(new RegExp(`^(✓ ${name}: dist/${name}\\.epub|${name}\\.md:1:1: error: the Markdown stage ran out of its 2 s time limit .*\\[time-limit\\])`, 'm'));
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dir, 'dist'))).toContain('good.epub');
    expect(readdirSync(join(dir, 'dist'))).not.toContain('loop.epub');
  }, 90_000);
});
