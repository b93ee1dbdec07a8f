import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeFileAtomic } from './write-atomic.js';

/** What the cache remembers of a built book. */
export interface CacheRecord {
  key: string;
  /** Absolute paths of every file read to make the book. */
  inputs: string[];
  /** Written editions, with the size and mtime they had when written. */
  outputs: Array<{ path: string; bytes: number; mtimeMs: number; format: 'epub' | 'pdf'; pages?: number }>;
}

async function hashFile(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** A content hash of every file under `dir` (a template folder), names included. */
export async function hashFolder(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const paths = entries.map((e) => join(e.parentPath, e.name)).sort();
  for (const p of paths) hash.update(relative(dir, p)).update('\0').update((await hashFile(p)) ?? '').update('\0');
  return hash.digest('hex');
}

/**
 * A stamp of a folder's files by name, size and modification time (not content: a tenth of the
 * cost, which the no-change rebuild of a shelf pays on every run). Used for Colophon's own code.
 */
export async function stampFolder(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const paths = entries.map((e) => join(e.parentPath, e.name)).sort();
  const stats = await Promise.all(paths.map((p) => stat(p)));
  paths.forEach((p, i) => hash.update(`${relative(dir, p)}\0${stats[i]!.size}\0${stats[i]!.mtimeMs}\0`));
  return hash.digest('hex');
}

/**
 * Remembers, per book and output folder, a hash of everything that shapes its editions (the
 * inputs' contents, the chapter list, and a salt for Colophon's version, config, template and
 * options), so an unchanged book is skipped. Lives under `.cache/colophon/books`, never in the
 * output folder; a missing or edited edition is rebuilt.
 */
export function createBuildCache(dir: string, salt: string) {
  const recordPath = (out: string, input: string) => join(dir, `${createHash('sha256').update(`${out}\0${input}`).digest('hex').slice(0, 32)}.json`);

  async function key(inputs: ReadonlyArray<string>, listing: ReadonlyArray<string>): Promise<string | undefined> {
    const hash = createHash('sha256').update(salt).update('\0').update(listing.join('\0')).update('\0');
    for (const p of [...inputs].sort()) {
      const h = await hashFile(p);
      if (h === undefined) return undefined;
      hash.update(p).update('\0').update(h).update('\0');
    }
    return hash.digest('hex');
  }

  return {
    /** The record of an up-to-date book, or undefined when it must be built. */
    async fresh(out: string, input: string, listing: ReadonlyArray<string>): Promise<CacheRecord | undefined> {
      let record: CacheRecord;
      try {
        record = JSON.parse(await readFile(recordPath(out, input), 'utf8')) as CacheRecord;
      } catch {
        return undefined;
      }
      if ((await key(record.inputs, listing)) !== record.key) return undefined;
      for (const o of record.outputs) {
        const info = await stat(o.path).catch(() => undefined);
        if (!info || info.size !== o.bytes || info.mtimeMs !== o.mtimeMs) return undefined;
      }
      return record;
    },
    /** Remembers a book just built. */
    async store(out: string, input: string, listing: ReadonlyArray<string>, inputs: string[], outputs: Array<Omit<CacheRecord['outputs'][number], 'mtimeMs'>>): Promise<void> {
      const k = await key(inputs, listing);
      if (k === undefined) return;
      const withTimes = await Promise.all(outputs.map(async (o) => ({ ...o, mtimeMs: (await stat(o.path)).mtimeMs })));
      const record: CacheRecord = { key: k, inputs, outputs: withTimes };
      await writeFileAtomic(recordPath(out, input), new TextEncoder().encode(JSON.stringify(record)));
    },
  };
}

/** The cache's interface. */
export type BuildCache = ReturnType<typeof createBuildCache>;
