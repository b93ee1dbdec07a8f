import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBookYaml } from '../../src/book/book-yaml.js';

const dir = mkdtempSync(join(tmpdir(), 'colophon-book-yaml-'));
function failure(text: string) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return readBookYaml(path).then(
    () => undefined,
    (error: { diagnostic?: unknown }) => error.diagnostic,
  );
}

describe('book.yaml', () => {
  it('reports a wrong value, an unknown key or a bad chapter entry at its own line', async () => {
    expect(await failure('title: T\nlang: en\n\nsubtitle:\n  - 1\n')).toMatchObject({ line: 4, rule: 'book-yaml', message: expect.stringContaining('subtitle') });
    expect(await failure('title: T\nlang: en\nbogus: 1\n')).toMatchObject({ line: 3, message: 'unknown key "bogus"' });
    expect(await failure('title: T\nchapters:\n  - a.md\n  - ""\n')).toMatchObject({ line: 4, message: expect.stringContaining('chapters.1') });
    expect(await failure('title: T\n__proto__: x\n')).toMatchObject({ line: 2 });
    // Syntax errors were already placed; a value of the wrong shape with no entry stays at the top.
    expect(await failure('title: T\n  bad: [\n')).toMatchObject({ message: expect.stringContaining('not valid YAML') });
    expect(await failure('- a\n- b\n')).toMatchObject({ line: 1 });
  });

  it('gives each chapter entry its line', async () => {
    const path = join(dir, 'lines.yaml');
    writeFileSync(path, 'title: T\nchapters:\n  - a.md\n\n  - b.md\n');
    expect(await readBookYaml(path)).toMatchObject({ chapters: ['a.md', 'b.md'], chapterLines: [3, 5] });
  });
});
