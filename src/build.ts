import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { discoverBook, discoverShelf, type BookSource } from './book/discover.js';
import { loadBook } from './book/load.js';
import { LoadPool } from './book/load-pool.js';
import { missingGlyphs } from './render/font-coverage.js';
import type { Book } from './book/model.js';
import { loadConfig, type ResolvedConfig } from './config/load.js';
import { BookError, ColophonError, type Diagnostic } from './diagnostics/diagnostic.js';
import { createChapterProcessor, type ChapterProcessor } from './markdown/processor.js';
import { createBuildCache, hashFolder, stampFolder, type BuildCache } from './output/build-cache.js';
import { ensureFolder, writeFileAtomic } from './output/write-atomic.js';
import { version } from './version.js';
import { packageRoot } from './package-root.js';
import { findBrowser } from './render/browser.js';
import { pageGeometry, type PageGeometry } from './render/geometry.js';
import type { Printer } from './render/print.js';
import { markPages } from './render/page-list.js';
import { inShard, type Shard } from './report/shard.js';
import { findGhostscript } from './render/ghostscript.js';
import { loadTemplate, type Template } from './render/template.js';

/** An edition format. */
export type Format = 'epub' | 'pdf';

/** One written edition. */
export interface OutputReport {
  path: string;
  format: Format;
  bytes: number;
  pages?: number;
}

/** A diagnostic as reported: the file relative to the current directory. */
export interface DiagnosticReport extends Omit<Diagnostic, 'file'> {
  file: string;
}

/** What happened to one book. */
export interface BookReport {
  name: string;
  inputs: string[];
  status: 'built' | 'skipped' | 'failed';
  outputs: OutputReport[];
  diagnostics: DiagnosticReport[];
  ms: number;
}

/** The result of a build: one entry per book, failed books included. */
export interface BuildReport {
  books: BookReport[];
}

/** What a book is doing: reading its files and Markdown, printing, making the EPUB, writing. */
export type Stage = 'markdown' | 'print' | 'epub' | 'write';

/** Options of {@link build}; command-line flags map onto these. */
export interface BuildOptions {
  /** Markdown files or book folders; none: the config's books, else everything under `manuscripts/`. */
  inputs?: string[];
  /** Output folder (default: the config's `out`, `dist`). */
  out?: string;
  /** Editions (default: the config's `formats`, both). */
  formats?: Format[];
  /** Config file (default: `build.config.ts` in `cwd`, if present). */
  config?: string;
  /** Working directory (default: `process.cwd()`). */
  cwd?: string;
  /** Warnings fail the book. */
  strict?: boolean;
  /** Rebuild books whose editions are up to date. */
  force?: boolean;
  /** Only read and check the manuscripts (diagnostics); write no editions. */
  checkOnly?: boolean;
  /** Books built at once (default: the number of cores). */
  jobs?: number;
  /**
   * Read several books on worker threads (default true); false keeps all work on the calling
   * thread (quicker for a book or two in a warm process, as `watch` rebuilds).
   */
  workers?: boolean;
  /** Build only this shard of the shelf (`--shard i/n`); an empty shard builds nothing. */
  shard?: Shard;
  /** Stops the build between stages. */
  signal?: AbortSignal;
  /** Called with each diagnostic as it is found. */
  onDiagnostic?: (d: Diagnostic) => void;
  /** Called when a book is finished. */
  onBook?: (report: BookReport) => void;
  /** Called with each book read (for the live preview): the book, and what its print edition needs. */
  onBookLoaded?: (name: string, book: Book, print: { template: Template; geometry: PageGeometry; notes: ResolvedConfig['notes'] }) => void;
  /** Called once the books to build are known. */
  onStart?: (total: number) => void;
  /** Called as a book enters a stage (for progress displays). */
  onStage?: (book: string, stage: Stage) => void;
}

interface BookTask {
  input: string;
  name?: string;
  metadata?: ResolvedConfig['books'][number]['metadata'];
}

async function booksToBuild(config: ResolvedConfig, inputs: string[], cwd: string): Promise<BookTask[]> {
  if (inputs.length > 0) {
    // The same book named twice (`a.md ./a.md`) is built once.
    return [...new Set(inputs.map((i) => resolve(cwd, i)))].map((input) => {
      const entry = config.books.find((b) => b.input === input);
      return entry ? { ...entry } : { input };
    });
  }
  if (config.books.length > 0) return config.books.map((b) => ({ ...b }));
  return (await discoverShelf(resolve(config.root, 'manuscripts'))).map((input) => ({ input }));
}

/** Latest time an EPUB's `dcterms:modified` (four-digit years) can hold. */
const LAST_SECOND = 253_402_300_799;

/**
 * SOURCE_DATE_EPOCH, when set, must be whole seconds since 1970 that a four-digit year can hold;
 * anything else stops the build (as the reproducible-builds specification asks) rather than
 * being ignored or written as an invalid date.
 */
function checkSourceDateEpoch(value: string | undefined): void {
  if (value === undefined || value === '') return;
  if (!/^\d+$/.test(value) || Number(value) > LAST_SECOND) {
    throw new ColophonError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, at most ${LAST_SECOND} (the end of 9999); got "${value.slice(0, 40)}"`, 2);
  }
}

/**
 * Discovers every book of the build once, and finds those that would write the same editions
 * (`a/x.md` and `b/x.md` are both "x"; names compared without case, as some file systems do):
 * each input after the first is mapped to the first's input. A book that cannot be discovered is
 * left out here; its build reports why.
 */
async function discoverAll(tasks: ReadonlyArray<BookTask>): Promise<{ sources: Map<string, BookSource>; clashes: Map<string, string> }> {
  const found = await Promise.all(tasks.map((t) => discoverBook(t.input, t.name).catch(() => undefined)));
  const sources = new Map<string, BookSource>();
  const first = new Map<string, string>();
  const clashes = new Map<string, string>();
  found.forEach((source, i) => {
    if (source === undefined) return;
    const { input } = tasks[i]!;
    sources.set(input, source);
    const name = source.name.toLowerCase();
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, input);
    else clashes.set(input, earlier);
  });
  return { sources, clashes };
}

function reportDiagnostic(d: Diagnostic, cwd: string): DiagnosticReport {
  return { ...d, file: relative(cwd, d.file) || d.file };
}

/** Diagnostics of one kind shown for one file; the rest are counted. */
const MAX_SAME = 20;

/** Per-book print timeout: a minute, plus a second per 10 KB of Markdown. */
function printTimeout(book: Book): number {
  return 60_000 + Math.ceil(book.sourceBytes / 10_000) * 1000;
}

/**
 * Builds books into EPUB and PDF editions. Config, usage and environment problems throw a
 * {@link ColophonError} before any book is built; a book's own problems fail that book only, and
 * are in its report.
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const cwd = options.cwd ?? process.cwd();
  const config = await loadConfig({ cwd, ...(options.config === undefined ? {} : { configPath: options.config }) });
  const formats = options.checkOnly ? [] : (options.formats ?? config.formats);
  const out = options.out === undefined ? config.out : resolve(cwd, options.out);
  const all = await booksToBuild(config, options.inputs ?? [], cwd);
  const shard = options.shard;
  const tasks = shard ? all.filter((t) => inShard(t.input, config.root, shard)) : all;
  if (all.length === 0) {
    throw new ColophonError(`nothing to build: no inputs given, no books in the config, and no .md files or folders in ${resolve(config.root, 'manuscripts')}`, 2);
  }
  const template = await loadTemplate(config.templateDir);
  checkSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  if (tasks.length === 0) return { books: [] };
  // The output folder before any work: a file or a path it cannot take stops the build here
  // (nothing is created yet: a build that stops early leaves nothing behind).
  if (formats.length > 0) await ensureFolder(out, { create: false });
  const { sources, clashes } = await discoverAll(tasks);
  options.onStart?.(tasks.length);
  // Find the browser before any work, so a missing one is an environment error (exit 2).
  const browserPath = formats.includes('pdf') ? await findBrowser() : undefined;
  const ghostscript = formats.includes('pdf') && (config.grayscale || config.pdfx) ? findGhostscript() : undefined;
  let processor: ChapterProcessor;
  try {
    processor = createChapterProcessor(config.markdown);
  } catch (cause) {
    // A configured plugin that fails while being set up is the config's error.
    if (cause instanceof ColophonError && config.file !== undefined) throw new ColophonError(`${config.file}: ${cause.message}`, cause.exitCode, { cause });
    throw cause;
  }
  const cache = await openCache(config, cwd, formats, options.strict ?? false, template.dir);
  // The browser starts on first use: a shelf that is up to date never starts one.
  const printer = browserPath === undefined ? undefined : new (await import('./render/print.js')).Printer(browserPath);
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  // A shelf: its books' Markdown stage (and EPUB, without a print edition) runs on `jobs` worker
  // threads. Not for fewer books than two per worker (a worker's start-up, about 0.3 s, costs more
  // than it saves), one job, or a caller that wants each book's trees (the live preview).
  const pool = tasks.length >= 2 * jobs && jobs > 1 && options.workers !== false && !options.onBookLoaded ? LoadPool.create(jobs, { cwd, ...(config.file === undefined ? {} : { configPath: config.file }) }) : undefined;
  const ctx: BookContext = { config, template, processor, pool, sources, clashes, formats, out, cwd, printer, ghostscript, strict: options.strict ?? false, force: options.force ?? false, cache, onDiagnostic: options.onDiagnostic, onStage: options.onStage, onBookLoaded: options.onBookLoaded };
  const results: Array<BookReport | undefined> = new Array(tasks.length);
  let next = 0;
  // Without a print edition, the main thread only writes files: two books per worker keep them busy.
  const inFlight = pool && !formats.includes('pdf') ? 2 * jobs : jobs;
  try {
    // Books are built `jobs` at a time: one's print overlaps another's Markdown stage.
    await Promise.all(
      Array.from({ length: Math.min(inFlight, tasks.length) }, async () => {
        while (next < tasks.length && !options.signal?.aborted) {
          const i = next++;
          const bookReport = await buildBook(tasks[i]!, ctx);
          results[i] = bookReport;
          options.onBook?.(bookReport);
        }
      }),
    );
  } finally {
    await Promise.all([printer?.close(), pool?.close()]);
  }
  return { books: results.filter((r): r is BookReport => r !== undefined) };
}

interface BookContext {
  config: ResolvedConfig;
  template: Template;
  processor: ChapterProcessor;
  /** Worker threads reading books, when the build has several. */
  pool: LoadPool | undefined;
  /** Inputs whose output name an earlier book of the build already has, with that book's input. */
  clashes: Map<string, string>;
  /** Each input's book, discovered once at the start. */
  sources: Map<string, BookSource>;
  formats: Format[];
  out: string;
  cwd: string;
  printer: Printer | undefined;
  /** Ghostscript, when the print edition is converted to gray or PDF/X. */
  ghostscript: string | undefined;
  strict: boolean;
  force: boolean;
  cache: BuildCache;
  onDiagnostic: ((d: Diagnostic) => void) | undefined;
  onStage: ((book: string, stage: Stage) => void) | undefined;
  onBookLoaded: BuildOptions['onBookLoaded'];
}

/** The build cache, salted with everything besides the book's own files that shapes an edition. */
async function openCache(config: ResolvedConfig, cwd: string, formats: Format[], strict: boolean, templateDir: string): Promise<BuildCache> {
  const configText = config.file === undefined ? '' : await readFile(config.file, 'utf8').catch(() => '');
  // Colophon's own code too, not only its version: a rebuilt or patched Colophon of the same version
  // must not call old editions up to date.
  const code = await stampFolder(join(packageRoot, 'lib')).catch(() => version);
  const salt = JSON.stringify({ version, code, configText, template: await hashFolder(templateDir), formats, strict, trim: config.trim, bleed: config.bleed, cropMarks: config.cropMarks, notes: config.notes, grayscale: config.grayscale, pdfx: config.pdfx, markdown: config.markdown.joinBrokenParagraphs });
  return createBuildCache(join(cwd, '.cache', 'colophon', 'books'), salt);
}

async function buildBook(task: BookTask, ctx: BookContext): Promise<BookReport> {
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const emit = (d: Diagnostic) => {
    diagnostics.push(d);
    ctx.onDiagnostic?.(d);
  };
  // A manuscript can repeat one problem thousands of times: each kind (file, rule, severity) is
  // shown MAX_SAME times, then counted.
  const seen = new Map<string, { file: string; rule: string; severity: Diagnostic['severity']; count: number }>();
  const note = (d: Diagnostic) => {
    const key = `${d.file}\0${d.rule}\0${d.severity}`;
    const kind = seen.get(key) ?? { file: d.file, rule: d.rule, severity: d.severity, count: 0 };
    seen.set(key, kind);
    if (++kind.count <= MAX_SAME) emit(d);
  };
  const result: BookReport = { name: '', inputs: [relative(ctx.cwd, task.input) || task.input], status: 'failed', outputs: [], diagnostics: [], ms: 0 };
  try {
    const source = ctx.sources.get(task.input) ?? (await discoverBook(task.input, task.name));
    result.name = source.name;
    const first = ctx.clashes.get(task.input);
    if (first !== undefined) {
      throw new BookError({ file: task.input, severity: 'error', rule: 'name-clash', message: `${relative(ctx.cwd, first) || first} is also a book named "${source.name}" in this build: their editions would overwrite each other in ${relative(ctx.cwd, ctx.out) || '.'} — rename one, or give one a name in build.config.ts` });
    }
    const listing = [...source.chapters, source.summary, source.bookYaml, source.bookToml].filter((p): p is string => p !== undefined);
    const fresh = ctx.force || ctx.formats.length === 0 ? undefined : await ctx.cache.fresh(ctx.out, source.input, listing);
    if (fresh) {
      result.status = 'skipped';
      result.inputs = fresh.inputs.map((p) => relative(ctx.cwd, p) || p);
      result.outputs = fresh.outputs.map((o) => ({ path: relative(ctx.cwd, o.path) || o.path, format: o.format, bytes: o.bytes, ...(o.pages === undefined ? {} : { pages: o.pages }) }));
      return result;
    }
    // The browser starts while the Markdown stage runs (a launch costs about a second).
    if (ctx.formats.includes('pdf')) ctx.printer?.warm();
    ctx.onStage?.(source.name, 'markdown');
    const timeLimit = ctx.config.markdown.timeLimit;
    const settings = { defaults: ctx.config.metadata, ...(task.metadata ? { entry: task.metadata } : {}), ...(timeLimit === undefined ? {} : { timeLimit }) };
    // In a worker, a book with only an EPUB edition is made whole there.
    const epubHere = !ctx.formats.includes('pdf') && ctx.formats.includes('epub');
    const loaded = await ctx.pool?.load(source, settings, { epub: epubHere, strict: ctx.strict, trees: ctx.formats.length > 0 && !epubHere });
    const book = loaded?.book ?? (await loadBook(source, settings, ctx.processor));
    result.inputs = book.inputs.map((p) => relative(ctx.cwd, p) || p);
    ctx.onBookLoaded?.(source.name, book, { template: ctx.template, geometry: pageGeometry(ctx.config), notes: ctx.config.notes });
    // Characters no font can print are the print edition's problem only (reading systems bring their fonts).
    const glyphs = ctx.formats.includes('pdf') && ctx.printer ? await missingGlyphs(book) : undefined;
    for (const d of [...book.diagnostics, ...(glyphs ? [glyphs] : [])]) note(ctx.strict && d.severity === 'warning' ? { ...d, severity: 'error', message: `${d.message} (--strict)` } : d);
    if (diagnostics.some((d) => d.severity === 'error')) return result;
    // Render every edition first, write after: a failure leaves no edition of this build half-made.
    const editions: Array<{ format: Format; bytes: Uint8Array; pages?: number }> = [];
    // The print edition first: its page numbers become the EPUB's page list.
    if (ctx.formats.includes('pdf') && ctx.printer) {
      ctx.onStage?.(source.name, 'print');
      const pdf = await ctx.printer.print(book, ctx.template, { geometry: pageGeometry(ctx.config), timeout: printTimeout(book), notes: ctx.config.notes });
      let bytes = pdf.bytes;
      if (ctx.ghostscript) {
        const { convertPdf } = await import('./render/ghostscript.js');
        bytes = await convertPdf(ctx.ghostscript, bytes, { grayscale: ctx.config.grayscale, pdfx: ctx.config.pdfx, title: book.meta.title, timeout: printTimeout(book) });
      }
      editions.push({ format: 'pdf', bytes, pages: pdf.pages });
      if (pdf.plan.pageList) markPages(book, pdf.plan.pageList);
    }
    if (ctx.formats.includes('epub')) {
      ctx.onStage?.(source.name, 'epub');
      const { renderEpub } = await import('./render/epub.js');
      editions.unshift({ format: 'epub', bytes: loaded?.epub ?? (await renderEpub(book, ctx.template)) });
    }
    const written = [];
    ctx.onStage?.(source.name, 'write');
    for (const e of editions) {
      const path = resolve(ctx.out, `${source.name}.${e.format}`);
      await writeFileAtomic(path, e.bytes);
      const output = { format: e.format, bytes: e.bytes.length, ...(e.pages === undefined ? {} : { pages: e.pages }) };
      written.push({ path, ...output });
      result.outputs.push({ path: relative(ctx.cwd, path) || path, ...output });
    }
    result.status = 'built';
    // Only a book without warnings-turned-errors is remembered; a cache failure never fails a book.
    if (written.length > 0) await ctx.cache.store(ctx.out, source.input, listing, book.inputs, written).catch(() => undefined);
  } catch (cause) {
    if (cause instanceof BookError) for (const d of [...cause.related, cause.diagnostic]) note(d);
    else if (cause instanceof ColophonError && cause.exitCode === 1) note({ file: task.input, severity: 'error', rule: 'output', message: cause.message });
    else if (cause instanceof ColophonError) throw cause;
    else if (cause instanceof RangeError && /call stack/i.test(cause.message)) {
      note({ file: task.input, severity: 'error', rule: 'limit', message: 'the manuscript nests too deeply to process (lists, quotes or HTML elements inside one another); flatten it' });
    } else {
      const err = cause as Error;
      note({ file: task.input, severity: 'error', rule: 'internal', message: `building this book failed: ${err.message.split('\n')[0]} (run with --debug for details)` });
      if (process.env.COLOPHON_DEBUG) console.error(err.stack);
    }
  } finally {
    for (const { file, rule, severity, count } of seen.values()) {
      if (count > MAX_SAME) emit({ file, severity, rule, message: count - MAX_SAME === 1 ? `1 more ${severity} like these in this file, not shown` : `${count - MAX_SAME} more ${severity}s like these in this file, not shown` });
    }
    result.diagnostics = diagnostics.map((d) => reportDiagnostic(d, ctx.cwd));
    result.ms = Math.round(performance.now() - started);
  }
  return result;
}
