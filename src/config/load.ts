import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ColophonError } from '../diagnostics/diagnostic.js';
import { packageRoot } from '../package-root.js';
import { formatIssues } from './issues.js';
import type { MetadataInput } from './metadata-schema.js';
import { configSchema, trimPresets, type ParsedConfig } from './schema.js';

/** The templates shipped with Colophon. */
export const builtinTemplatesDir = join(packageRoot, 'templates');

/** One book the config lists, paths resolved. */
export interface ConfiguredBook {
  /** Absolute path of the Markdown file or book folder. */
  input: string;
  name?: string;
  metadata: MetadataInput;
}

/** The config after loading, validation, defaults and path resolution. */
export interface ResolvedConfig {
  /** Absolute path of the config file, if one was loaded. */
  file?: string;
  /** Folder that relative paths resolve against: the config's folder, or the current directory. */
  root: string;
  /** Absolute output folder. */
  out: string;
  formats: ParsedConfig['formats'];
  metadata: MetadataInput;
  /** Absolute path of the template folder. */
  templateDir: string;
  /** Trim size as CSS lengths. */
  trim: { width: string; height: string };
  /** Bleed beyond the trim (a CSS length), when the print edition has one. */
  bleed?: string;
  /** Crop marks at the trim corners. */
  cropMarks: boolean;
  /** Where the print edition sets notes. */
  notes: 'page' | 'chapter' | 'book';
  /** A gray interior, and PDF/X-3 output, both through Ghostscript. */
  grayscale: boolean;
  pdfx: boolean;
  markdown: ParsedConfig['markdown'];
  books: ConfiguredBook[];
}

/** Where to look for a config, and what the command line overrides. */
export interface LoadConfigOptions {
  /** `--config PATH`; when absent, `build.config.ts` in `cwd` if it exists. */
  configPath?: string;
  cwd?: string;
}

async function importConfig(file: string, cacheRoot: string): Promise<unknown> {
  // Node 20 cannot import .ts; jiti transpiles it (lazily imported: --help stays instant).
  const { createJiti } = await import('jiti');
  // The transpiled config is cached (keyed by content) under .cache/colophon, never in the output.
  // `import { defineConfig } from 'colophon'` is this Colophon, installed in the project or not (a
  // global install, npx): the config never fails for want of a local copy, nor gets another version's.
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: join(cacheRoot, 'jiti'), alias: { colophon: join(packageRoot, 'lib', 'index.js') } });
  try {
    const module = (await jiti.import(file)) as Record<string, unknown> | null;
    // `export default …` (an empty or null default is reported by the config's check, not as a crash).
    return module !== null && typeof module === 'object' && 'default' in module ? module.default : module;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0]!.trim() : String(cause);
    // jiti reads `.then` of what the file exports: an export of null or undefined fails there.
    const hint = /reading 'then'/.test(reason) ? ' — it must export an object: export default { … } (or defineConfig({ … }))' : '';
    throw new ColophonError(`${placeIn(file, cause)}: the config could not be loaded: ${reason}${hint}`, 2, { cause });
  }
}

/**
 * The config file with the line and column of what failed in it, when the error tells: a syntax
 * error names them in its message, an error thrown while it runs in its stack.
 */
function placeIn(file: string, cause: unknown): string {
  if (!(cause instanceof Error)) return file;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const place = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`);
  // The parser counts columns from 0, a stack trace from 1.
  const parsed = place.exec(cause.message);
  if (parsed) return `${file}:${parsed[1]}:${Number(parsed[2]) + 1}`;
  const thrown = place.exec(cause.stack ?? '');
  if (!thrown) return file;
  // A column past the end of its line counts in the transpiled code, not in the file: the line alone.
  const line = readFileSync(file, 'utf8').split('\n')[Number(thrown[1]) - 1];
  return line !== undefined && Number(thrown[2]) <= line.length + 1 ? `${file}:${thrown[1]}:${thrown[2]}` : `${file}:${thrown[1]}`;
}

function resolveTemplate(name: string, root: string, source: string): string {
  const candidates =
    name.includes('/') || name.includes('\\') || name.startsWith('.')
      ? [resolve(root, name)]
      : [join(root, 'templates', name), join(builtinTemplatesDir, name)];
  const found = candidates.find((dir) => existsSync(dir) && statSync(dir).isDirectory());
  if (found === undefined) {
    throw new ColophonError(`${source}: template: no template folder "${name}" (looked in ${candidates.join(', ')})`, 2);
  }
  return found;
}

/** Validates a config object (already imported) and resolves its paths against `root`. */
export function resolveConfig(input: unknown, root: string, source: string, file?: string): ResolvedConfig {
  const parsed = configSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const lines = formatIssues(parsed.error, input);
    throw new ColophonError(`${source}: invalid config:\n  ${lines.join('\n  ')}`, 2);
  }
  const c = parsed.data;
  const resolved: ResolvedConfig = {
    root,
    out: resolve(root, c.out),
    formats: c.formats,
    metadata: c.metadata,
    templateDir: resolveTemplate(c.template, root, source),
    trim: typeof c.pdf.trim === 'string' ? { ...trimPresets[c.pdf.trim] } : c.pdf.trim,
    cropMarks: c.pdf.cropMarks,
    notes: c.pdf.notes,
    grayscale: c.pdf.grayscale,
    pdfx: c.pdf.pdfx,
    markdown: c.markdown,
    books: c.books.map((b) => {
      const entry = typeof b === 'string' ? { input: b } : b;
      const book: ConfiguredBook = { input: resolve(root, entry.input), metadata: ('metadata' in entry && entry.metadata) || {} };
      if ('name' in entry && entry.name !== undefined) book.name = entry.name;
      return book;
    }),
  };
  if (file !== undefined) resolved.file = file;
  if (c.pdf.bleed !== false) resolved.bleed = c.pdf.bleed === true ? '0.125in' : c.pdf.bleed;
  return resolved;
}

/** Loads `build.config.ts` (or `--config`), validates it and resolves its paths. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  let file: string | undefined;
  if (options.configPath !== undefined) {
    file = isAbsolute(options.configPath) ? options.configPath : resolve(cwd, options.configPath);
    if (!existsSync(file)) throw new ColophonError(`--config: no such file: ${options.configPath}`, 2);
  } else if (existsSync(join(cwd, 'build.config.ts'))) {
    file = join(cwd, 'build.config.ts');
  }
  if (file === undefined) return resolveConfig({}, cwd, 'defaults');
  const exported = await importConfig(file, join(cwd, '.cache', 'colophon'));
  return resolveConfig(exported, dirname(file), file, file);
}
