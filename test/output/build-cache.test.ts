import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stampFolder } from '../../src/output/build-cache.js';
import { tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('stampFolder (the build cache salt for Colophon’s own code)', () => {
  it('changes when a file is rebuilt, added or resized, and only then', async () => {
    const dir = join(t.dir, 'lib');
    mkdirSync(join(dir, 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'colophon.mjs'), 'export {};\n');
    writeFileSync(join(dir, 'chunks', 'a.mjs'), 'export const a = 1;\n');
    const when = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(dir, 'chunks', 'a.mjs'), when, when);
    const first = await stampFolder(dir);
    expect(await stampFolder(dir)).toBe(first);
    // Rebuilt: same bytes, new time.
    const later = new Date('2026-01-02T00:00:00Z');
    utimesSync(join(dir, 'chunks', 'a.mjs'), later, later);
    const rebuilt = await stampFolder(dir);
    expect(rebuilt).not.toBe(first);
    writeFileSync(join(dir, 'chunks', 'b.mjs'), '');
    expect(await stampFolder(dir)).not.toBe(rebuilt);
  });
});
