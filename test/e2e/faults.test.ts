import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, colophon, poppler, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);

const t = tempDir();
afterAll(() => t.cleanup());

/** True if the process is alive (a zombie counts as gone: it only waits to be reaped). */
function alive(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)]).toString().trim().startsWith('Z');
  } catch {
    return false;
  }
}

/** Every process descended from `pid`. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows) if (parent === p && child !== undefined) (found.push(child), walk(child));
  };
  walk(pid);
  return found;
}

describe('faults', () => {
  it('retries a book on a fresh browser when Chromium is killed mid-batch, and leaves no process behind', async () => {
    // Later books are longer, so some are still printing when the first one is done.
    const books = [1, 2, 3, 4, 5];
    for (const n of books) writeFileSync(join(t.dir, `book${n}.md`), `---\nlang: en\ntitle: Book ${n}\n---\n\n${`${'A paragraph of the book. '.repeat(40)}\n\n`.repeat(5 * n)}`);
    const child = spawn(process.execPath, [CLI, 'build', ...books.map((n) => `book${n}.md`), '--format', 'pdf', '--jobs', '1'], { cwd: t.dir });
    let stderr = '';
    let killed = 0;
    const seen = new Set<number>();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const pid of descendants(child.pid!)) seen.add(pid);
      if (killed === 0 && stderr.includes('✓ book1')) {
        for (const pid of descendants(child.pid!)) {
          try {
            process.kill(pid, 'SIGKILL');
            killed++;
          } catch {
            // already gone
          }
        }
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(killed).toBeGreaterThan(0);
    expect(code, stderr).toBe(0);
    expect(readdirSync(join(t.dir, 'dist')).sort()).toEqual(books.map((n) => `book${n}.pdf`));
    // Every browser process the build started (the retry's included) is gone.
    expect(seen.size).toBeGreaterThan(killed);
    // (A zombie is already dead: it only waits for a container without an init to reap it.)
    const alive = [...seen].filter((pid) => {
      try {
        return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)]).toString().trim().startsWith('Z');
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 120_000);

  it('stops on Ctrl-C with exit 130, keeping finished editions whole and leaving no temp file or browser', async () => {
    const dir = join(t.dir, 'interrupt');
    mkdirSync(dir);
    const names = Array.from({ length: 8 }, (_, i) => `book${i + 1}`);
    for (const name of names) writeFileSync(join(dir, `${name}.md`), `---\nlang: en\ntitle: ${name}\n---\n\n${'Words of the book, one after another. '.repeat(400)}\n`);
    const child = spawn(process.execPath, [CLI, 'build', ...names.map((n) => `${n}.md`), '--jobs', '1'], { cwd: dir });
    let stderr = '';
    const seen = new Set<number>();
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const pid of descendants(child.pid!)) seen.add(pid);
      if (!sent && stderr.includes('✓ book1')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(sent).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted');
    const written = readdirSync(join(dir, 'dist'));
    expect(written.filter((f) => f.endsWith('.tmp') || f.startsWith('.'))).toEqual([]);
    // It stopped early, and every edition it left is whole.
    expect(written.length).toBeLessThan(names.length * 2);
    for (const file of written.filter((f) => f.endsWith('.pdf'))) expect((await poppler('pdfinfo', [join(dir, 'dist', file)])).match(/Pages:\s+(\d+)/)).not.toBeNull();
    for (const file of written.filter((f) => f.endsWith('.epub'))) expect(readFileSync(join(dir, 'dist', file)).subarray(0, 2).toString()).toBe('PK');
    expect([...seen].filter(alive)).toEqual([]);
  }, 120_000);

  it('reports a full disk with the file named, and leaves the previous edition untouched', async () => {
    const dir = join(t.dir, 'full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'book.md'), '---\nlang: en\ntitle: Full\n---\n\n# Full\n\nThe first version.\n');
    const first = await colophon(['build', 'book.md', '--format', 'epub'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(dir, 'dist', 'book.epub'));
    // An injected write failure (as root, permissions cannot stop a write): every temp file's write fails with ENOSPC.
    writeFileSync(
      join(dir, 'full-disk.mjs'),
      `import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const open = fs.open;
fs.open = async (path, ...rest) => {
  const handle = await open(path, ...rest);
  if (String(path).endsWith('.tmp')) handle.writeFile = async () => { throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); };
  return handle;
};
syncBuiltinESMExports();
`,
    );
    writeFileSync(join(dir, 'book.md'), '---\nlang: en\ntitle: Full\n---\n\n# Full\n\nThe second version.\n');
    const r = await run(process.execPath, ['--import', './full-disk.mjs', CLI, 'build', 'book.md', '--format', 'epub'], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.md:1:1: error: cannot write .*dist\/book\.epub \(ENOSPC\); the previous edition, if any, is untouched/);
    expect(readFileSync(join(dir, 'dist', 'book.epub')).equals(before)).toBe(true);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['book.epub']);
  });
});
