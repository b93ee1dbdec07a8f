import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

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
    for (const n of [1, 2, 3]) writeFileSync(join(t.dir, `book${n}.md`), `---\nlang: en\ntitle: Book ${n}\n---\n\n${'A paragraph of the book. '.repeat(200)}\n`);
    const child = spawn(process.execPath, [CLI, 'build', 'book1.md', 'book2.md', 'book3.md', '--format', 'pdf'], { cwd: t.dir });
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
    expect(readdirSync(join(t.dir, 'dist')).sort()).toEqual(['book1.pdf', 'book2.pdf', 'book3.pdf']);
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
});
