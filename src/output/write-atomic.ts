import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';

/** Temp files still being written, removed if the process is interrupted. */
export const pendingTempFiles = new Set<string>();

/**
 * Makes sure `dir` is a folder, creating it and any missing parents one at a time (Node's
 * recursive mkdir loops for ever under /proc). A file, a link to nothing or a path through a file
 * is refused with a message saying so (exit 2). With `create: false`, only checks that it could
 * be made, creating nothing.
 */
export async function ensureFolder(dir: string, options: { create: boolean } = { create: true }): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; ) {
    let info;
    try {
      info = await stat(at);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOTDIR') throw new ColophonError(`cannot make the folder ${dir}: part of its path is a file`, 2, { cause });
      if (code !== 'ENOENT') throw new ColophonError(`cannot use the folder ${dir} (${code})`, 2, { cause });
      if ((await lstat(at).catch(() => undefined))?.isSymbolicLink()) throw new ColophonError(`cannot make the folder ${dir}: ${at} is a symbolic link to nothing`, 2);
      missing.push(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
      continue;
    }
    if (!info.isDirectory()) throw new ColophonError(`cannot make the folder ${dir}: ${at} is a file`, 2);
    break;
  }
  if (!options.create) return;
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      if (code !== 'EEXIST') throw new ColophonError(`cannot make the folder ${folder} (${code})`, 2, { cause });
    }
  }
}

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, flushed, then renamed over the
 * target. The previous file stays untouched if anything fails, and the temp file is removed. An
 * existing symlink at `path` is refused rather than followed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await ensureFolder(dir);
  try {
    if ((await lstat(path)).isSymbolicLink()) {
      throw new ColophonError(`${path} is a symbolic link; Colophon does not write through links — remove it`, 1);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pendingTempFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    if (cause instanceof ColophonError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new ColophonError(`cannot write ${path} (${code}); the previous edition, if any, is untouched`, 1, { cause });
  } finally {
    pendingTempFiles.delete(temp);
  }
}
