import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Colophon's own folder (where its package.json and templates/ are), found by walking up from
 * this file: the same from `lib/…` modules, the bundled CLI, and `src/` under the tests.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'colophon') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Colophon cannot find its own package.json');
    dir = parent;
  }
})();
