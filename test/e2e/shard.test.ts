import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without types
import { generateShelf } from '../../scripts/generate-book.mjs';
import { inShard } from '../../src/report/shard.js';
import { colophon, tempDir } from '../helpers/cli.js';

const t = tempDir();
afterAll(() => t.cleanup());

interface Report {
  books: Array<{ name: string; status: string; outputs: Array<{ path: string }> }>;
}
const read = (file: string) => JSON.parse(readFileSync(join(t.dir, file), 'utf8')) as Report;

beforeAll(() => {
  generateShelf(join(t.dir, 'manuscripts'), 12, { size: 1500 });
});

describe('sharded builds', () => {
  it('splits a shelf into disjoint shards that together build every book, the same way every time', async () => {
    const names = readdirSync(join(t.dir, 'manuscripts')).map((f) => f.replace(/\.md$/, '')).sort();
    expect(names).toHaveLength(12);
    const shards: string[][] = [];
    for (const i of [1, 2, 3]) {
      const r = await colophon(['build', '--format', 'epub', '--shard', `${i}/3`, '--out', `out${i}`, '--report', `r${i}.json`], { cwd: t.dir });
      expect(r.code, r.stderr).toBe(0);
      const built = read(`r${i}.json`).books.map((b) => b.name).sort();
      // Each machine writes only its own books.
      expect(readdirSync(join(t.dir, `out${i}`)).sort()).toEqual(built.map((n) => `${n}.epub`));
      shards.push(built);
    }
    expect(shards.flat().sort()).toEqual(names);
    expect(new Set(shards.flat()).size).toBe(12);
    // The split does not change from run to run.
    const again = await colophon(['build', '--format', 'epub', '--shard', '2/3', '--force', '--out', 'again', '--report', 'again.json'], { cwd: t.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(read('again.json').books.map((b) => b.name).sort()).toEqual(shards[1]);
  }, 120_000);

  it('merges the shards\' reports into one, and refuses overlapping ones', async () => {
    const r = await colophon(['merge-reports', 'r1.json', 'r2.json', 'r3.json', '--report', 'merged.json'], { cwd: t.dir });
    expect(r.code, r.stderr).toBe(0);
    const merged = read('merged.json');
    expect(merged.books).toHaveLength(12);
    expect(merged.books.map((b) => b.name)).toEqual([...merged.books.map((b) => b.name)].sort());
    expect(r.stderr).toContain('12 books in 3 reports');
    const overlap = await colophon(['merge-reports', 'r2.json', 'again.json'], { cwd: t.dir });
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/again\.json: book ".+" is also in .*r2\.json: the shards overlap/);
    writeFileSync(join(t.dir, 'bad.json'), '{"books": [{"name": 3}]}');
    const bad = await colophon(['merge-reports', 'bad.json'], { cwd: t.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: not a Colophon report');
  });

  it('rejects a malformed shard and builds nothing for an empty one', async () => {
    const r = await colophon(['build', '--shard', '4/3'], { cwd: t.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "4/3"');
    // One book, and a shard it does not fall in: nothing is built, and that is not an error.
    const file = join('manuscripts', readdirSync(join(t.dir, 'manuscripts'))[0]!);
    const own = [1, 2, 3, 4].find((i) => inShard(join(t.dir, file), t.dir, { index: i, count: 4 }))!;
    const other = (own % 4) + 1;
    const empty = await colophon(['build', file, '--format', 'epub', '--shard', `${other}/4`, '--out', 'lone', '--report', 'lone.json'], { cwd: t.dir });
    expect(empty.code, empty.stderr).toBe(0);
    expect(read('lone.json').books).toEqual([]);
    expect(empty.stderr).toContain(`shard ${other}/4: no books fall in this shard`);
    expect(existsSync(join(t.dir, 'lone'))).toBe(false);
    const mine = await colophon(['build', file, '--format', 'epub', '--shard', `${own}/4`, '--out', 'lone', '--report', 'lone.json'], { cwd: t.dir });
    expect(mine.code, mine.stderr).toBe(0);
    expect(read('lone.json').books).toHaveLength(1);
  });
});
