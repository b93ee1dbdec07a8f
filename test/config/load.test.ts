import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../src/config/load.js';
import { tempDir } from '../helpers/cli.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('config', () => {
  it('fills defaults: dist, both formats, 6×9 in, the default template', () => {
    const c = resolveConfig({}, '/proj', 'test');
    expect(c.out).toBe('/proj/dist');
    expect(c.formats).toEqual(['epub', 'pdf']);
    expect(c.trim).toEqual({ width: '6in', height: '9in' });
    expect(c.templateDir).toMatch(/templates\/default$/);
  });

  it('accepts presets and custom trims', () => {
    expect(resolveConfig({ pdf: { trim: 'a5' } }, '/p', 't').trim).toEqual({ width: '148mm', height: '210mm' });
    expect(resolveConfig({ pdf: { trim: { width: '7in', height: '10in' } } }, '/p', 't').trim).toEqual({ width: '7in', height: '10in' });
  });

  it('reports a bad value with its path, the expected values and what it got', () => {
    expect(() => resolveConfig({ pdf: { trim: '7x7' } }, '/p', 'build.config.ts')).toThrow(
      /build\.config\.ts: invalid config:\n {2}pdf\.trim: expected one of "6x9in", "5x8in", "5\.5x8\.5in", "a5", "a4", "letter" or an object, got "7x7"/,
    );
    expect(() => resolveConfig({ formats: ['mobi'] }, '/p', 'c')).toThrow(/formats\.0: expected one of "epub", "pdf", got "mobi"/);
    expect(() => resolveConfig({ metadta: {} }, '/p', 'c')).toThrow(/unknown key "metadta"/);
  });

  it('loads build.config.ts with jiti and resolves paths against its folder', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeFileSync(join(t.dir, 'build.config.ts'), "const trim: string = 'a4';\nexport default { out: 'public', pdf: { trim }, books: ['book.md'] };\n");
    const c = await loadConfig({ cwd: t.dir });
    expect(c.out).toBe(join(t.dir, 'public'));
    expect(c.trim.width).toBe('210mm');
    expect(c.books).toEqual([{ input: join(t.dir, 'book.md'), metadata: {} }]);
  });

  it('says which config failed to load when it throws', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeFileSync(join(t.dir, 'build.config.ts'), "const a = 1;\nthrow new Error('boom');\n");
    await expect(loadConfig({ cwd: t.dir })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/build\.config\.ts:2:7: the config could not be loaded: boom$/) });
  });

  it('says where a config has a syntax error', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeFileSync(join(t.dir, 'build.config.ts'), "export default {\n  metadata: { title: 'x' \n  formats: ['epub'],\n};\n");
    await expect(loadConfig({ cwd: t.dir })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/build\.config\.ts:3:3: the config could not be loaded: .*Unexpected token/) });
  });
});
