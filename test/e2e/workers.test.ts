import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';

// Books of a shelf are read on worker threads (src/book/load-pool.ts). A plugin in the config
// writes down which thread read each book, so the tests know where the work ran.
const t = tempDir();
afterAll(() => t.cleanup());

const CONFIG = [
  "import { threadId } from 'node:worker_threads';",
  "import { mkdirSync, writeFileSync } from 'node:fs';",
  "import { basename, join } from 'node:path';",
  '',
  'const where = () => (_tree: unknown, file: { path: string; value: unknown }) => {',
  "  mkdirSync(join(import.meta.dirname, 'threads'), { recursive: true });",
  "  writeFileSync(join(import.meta.dirname, 'threads', basename(file.path)), String(threadId));",
  "  if (String(file.value).includes('EXIT-THE-THREAD')) process.exit(7);",
  '};',
  'export default { markdown: { remarkPlugins: [where] } };',
].join('\n');

const BOOKS: Record<string, string> = {
  essay: '---\ntitle: An Essay\nlang: en\n---\n\nIt opens "here"; a note follows.[^1]\n\n[^1]: The note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  code: '# Code\n\nSome code:\n\n```js\nconst x = 1;\n```\n\nAnd $x^2$ inline.\n',
  lists: '# Lists\n\n- one\n- two\n\n  more\n\n1. first\n2. second\n\n> A quotation, with <em>raw</em> HTML.\n',
  plain: 'A single paragraph without a title, in English, long enough to guess its language from it.\n',
};

function shelf(name: string, books: Record<string, string>, config = CONFIG): string {
  const dir = join(t.dir, name);
  mkdirSync(join(dir, 'manuscripts'), { recursive: true });
  writeFileSync(join(dir, 'build.config.ts'), config);
  for (const [book, text] of Object.entries(books)) writeFileSync(join(dir, 'manuscripts', `${book}.md`), text);
  return dir;
}

const threads = (dir: string) => Object.fromEntries(readdirSync(join(dir, 'threads')).map((f) => [f, Number(readFileSync(join(dir, 'threads', f), 'utf8'))]));

describe('a shelf on worker threads', () => {
  it('reads books on worker threads and makes the same EPUBs, byte for byte, as the main thread does', async () => {
    const dir = shelf('same', BOOKS);
    const parallel = await colophon(['build', '--format', 'epub', '--jobs', '2', '--out', 'parallel'], { cwd: dir });
    expect(parallel.stderr).not.toMatch(/: error:/);
    expect(parallel.code).toBe(0);
    const onWorkers = threads(dir);
    expect(Object.keys(onWorkers).sort()).toEqual(['code.md', 'essay.md', 'lists.md', 'plain.md']);
    expect(Object.values(onWorkers).every((id) => id > 0)).toBe(true);

    const serial = await colophon(['build', '--format', 'epub', '--jobs', '1', '--force', '--out', 'serial'], { cwd: dir });
    expect(serial.code).toBe(0);
    expect(Object.values(threads(dir)).every((id) => id === 0)).toBe(true);

    for (const book of Object.keys(BOOKS)) {
      const a = readFileSync(join(dir, 'parallel', `${book}.epub`));
      const b = readFileSync(join(dir, 'serial', `${book}.epub`));
      expect(a.equals(b), `${book}.epub differs between worker and main thread`).toBe(true);
    }
    const check = await epubcheck(join(dir, 'parallel', 'essay.epub'));
    expect(check.messages).toEqual([]);
  }, 120_000);

  it('fails only the book whose plugin stops its worker, and builds the rest', async () => {
    const dir = shelf('exit', { ...BOOKS, killer: 'This one stops the thread: EXIT-THE-THREAD.\n' });
    const r = await colophon(['build', '--format', 'epub', '--jobs', '2', '--report', 'r.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/killer\.md.*error: building this book failed: the worker reading this book stopped \(exit code 7\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { books: Array<{ name: string; status: string }> };
    expect(Object.fromEntries(report.books.map((b) => [b.name, b.status]))).toEqual({ code: 'built', essay: 'built', killer: 'failed', lists: 'built', plain: 'built' });
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['code.epub', 'essay.epub', 'lists.epub', 'plain.epub']);
  }, 120_000);

  it('reads the books on the main thread when the config cannot be loaded on a worker', async () => {
    // process.chdir() works on the main thread and throws on a worker thread.
    const dir = shelf('fallback', BOOKS, `process.chdir(import.meta.dirname);\n${CONFIG}`);
    const r = await colophon(['build', '--format', 'epub', '--jobs', '2'], { cwd: dir });
    expect(r.stderr).not.toMatch(/: error:/);
    expect(r.code).toBe(0);
    expect(Object.values(threads(dir)).every((id) => id === 0)).toBe(true);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['code.epub', 'essay.epub', 'lists.epub', 'plain.epub']);
  }, 120_000);
});
