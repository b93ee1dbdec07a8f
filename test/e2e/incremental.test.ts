import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { colophon, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

const statuses = () =>
  Object.fromEntries((JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8')) as { books: Array<{ name: string; status: string }> }).books.map((b) => [b.name, b.status]));
const build = (...extra: string[]) => colophon(['build', '--format', 'epub', '--report', 'r.json', ...extra], { cwd: t.dir });

describe('incremental builds', () => {
  it('skips up-to-date books and rebuilds what changed', async () => {
    writeFileSync(join(t.dir, 'build.config.ts'), "export default { books: ['a.md', 'b.md'], metadata: { lang: 'en' } };\n");
    writeFileSync(join(t.dir, 'a.md'), '# A\n\nFirst book.\n');
    writeFileSync(join(t.dir, 'b.md'), '# B\n\nSecond book.\n');
    expect((await build()).code).toBe(0);
    expect(statuses()).toEqual({ a: 'built', b: 'built' });

    const again = await build();
    expect(again.stderr).toContain('0 books built, 2 up to date');
    expect(statuses()).toEqual({ a: 'skipped', b: 'skipped' });

    appendFileSync(join(t.dir, 'a.md'), '\nMore.\n');
    rmSync(join(t.dir, 'dist', 'b.epub'));
    await build();
    expect(statuses()).toEqual({ a: 'built', b: 'built' });

    await build('--force');
    expect(statuses()).toEqual({ a: 'built', b: 'built' });

    writeFileSync(join(t.dir, 'build.config.ts'), "export default { books: ['a.md', 'b.md'], metadata: { lang: 'en', publisher: 'New' } };\n");
    await build();
    expect(statuses()).toEqual({ a: 'built', b: 'built' });
    const opf = await (await JSZip.loadAsync(readFileSync(join(t.dir, 'dist', 'a.epub')))).file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:publisher>New</dc:publisher>');
  }, 120_000);
});
