import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without types
import { generateShelf } from '../../scripts/generate-book.mjs';
import { CLI, colophon, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
const t = tempDir();
afterAll(() => t.cleanup());
beforeAll(() => generateShelf(join(t.dir, 'manuscripts'), 3, { size: 1200 }));

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
async function onTerminal(args: string[], env: Record<string, string>): Promise<string> {
  const { CI: _ci, NO_COLOR: _nc, ...rest } = process.env;
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const { stdout } = await run('script', ['-qec', `${command} 2>&1`, '/dev/null'], { cwd: t.dir, env: { ...rest, TERM: 'xterm', COLUMNS: '100', ...env }, timeout: 120_000 });
  return stdout;
}

describe.skipIf(!existsSync('/usr/bin/script'))('progress on a terminal', () => {
  it('shows a live status line and colours the results; NO_COLOR turns colour off', async () => {
    const live = await onTerminal(['build', '--format', 'epub', '--force'], {});
    expect(live).toMatch(/\r\x1b\[2K\[\d\/3\] \d+:\d\d/);
    expect(live).toContain('\x1b[32m✓\x1b[0m');
    expect(live).toContain('3 books built');
    const plain = await onTerminal(['build', '--format', 'epub', '--force'], { NO_COLOR: '1' });
    expect(plain).not.toContain('\x1b[32m');
    expect(plain).toMatch(/\[\d\/3\]/);
  }, 120_000);

  it('prints plain lines, no control characters, when piped', async () => {
    const r = await colophon(['build', '--format', 'epub', '--force'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\x1b/);
    expect(r.stderr.match(/^✓ /gm)).toHaveLength(3);
    const verbose = await colophon(['build', '--format', 'epub', '--force', '--verbose'], { cwd: t.dir });
    expect(verbose.stderr.match(/^ {2}essay-\d+: reading \d+ ms, making the EPUB \d+ ms, writing \d+ ms$/gm)).toHaveLength(3);
  });
});
