import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';

/** One slice of a shelf: books whose shard number is `index` of `count` (both from 1). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `--shard i/n` (1 ≤ i ≤ n). */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new ColophonError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${value}"`, 2);
  return { index, count };
}

/**
 * Whether a book belongs to a shard. The book's path relative to the project (with `/`) is hashed,
 * so a book stays on the same shard whatever other books come and go (a CI machine's cache stays
 * useful), and every machine of a matrix agrees without talking to the others.
 */
export function inShard(input: string, root: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const key = (relative(root, input) || '.').split(sep).join('/');
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return (n % shard.count) + 1 === shard.index;
}
