import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, epubcheck, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('colophon init', () => {
  it('scaffolds a project that builds cleanly, and never overwrites one', async () => {
    const project = join(t.dir, 'press');
    const first = await colophon(['init', project]);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(join(project, 'templates', 'default')).sort()).toContain('template.json');
    // The config imports defineConfig from 'colophon': that is the Colophon running it, installed
    // in the project or not (a global install, npx; it failed with "Cannot find module 'colophon'").
    const bare = await colophon(['build', '--format', 'epub', '--out', 'bare'], { cwd: project });
    expect(bare.code, bare.stderr).toBe(0);
    // As after `npm install --save-dev colophon`.
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(resolve(import.meta.dirname, '../..'), join(project, 'node_modules', 'colophon'));
    const built = await colophon(['build', '--format', 'epub'], { cwd: project });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/warning|error/);
    const check = await epubcheck(join(project, 'dist', 'my-first-book.epub'));
    expect(check.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([]);
    const again = await colophon(['init', project]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exist.*nothing was written/);
  }, 120_000);
});
