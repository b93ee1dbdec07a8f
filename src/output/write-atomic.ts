import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';

/** Temp files still being written, removed if the process is interrupted. */
export const pendingTempFiles = new Set<string>();

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, flushed, then renamed over the
 * target. The previous file stays untouched if anything fails, and the temp file is removed. An
 * existing symlink at `path` is refused rather than followed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
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
