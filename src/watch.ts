import { watch as watchFiles, type FSWatcher } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { BookReport, BuildOptions, Format } from './build.js';
import { loadConfig } from './config/load.js';
import { formatDiagnostic } from './diagnostics/diagnostic.js';

/** What `colophon watch` needs. */
export interface WatchOptions {
  inputs: string[];
  out?: string;
  formats?: Format[];
  config?: string;
  /** Serve the live preview on this port (0: any free one). */
  serve?: number;
  cwd: string;
  /** Ends the watch. */
  signal: AbortSignal;
  /** Where lines go. */
  print: (line: string) => void;
  describe: (book: BookReport) => string;
}

/** Paths whose changes never trigger a rebuild: output, caches, dependencies, version control. */
function ignored(path: string, out: string): boolean {
  const parts = path.split(sep);
  return path === out || path.startsWith(out + sep) || parts.some((p) => p === '.cache' || p === 'node_modules' || p === '.git');
}

/**
 * Builds, then rebuilds whenever a file in the project changes (debounced; the build cache skips
 * books whose inputs did not change, so only the changed books are made again). With `serve`,
 * also keeps a live preview of every book's print HTML on localhost. Runs until `signal` aborts.
 */
export async function watch(options: WatchOptions): Promise<void> {
  const config = await loadConfig({ cwd: options.cwd, ...(options.config === undefined ? {} : { configPath: options.config }) });
  const out = options.out === undefined ? config.out : resolve(options.cwd, options.out);
  const { build } = await import('./build.js');
  const preview = options.serve === undefined ? undefined : new (await import('./preview.js')).PreviewServer();
  const common: BuildOptions = {
    cwd: options.cwd,
    inputs: options.inputs,
    ...(options.out === undefined ? {} : { out: options.out }),
    ...(options.formats === undefined ? {} : { formats: options.formats }),
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(preview ? { onBookLoaded: (name, book, print) => preview.update(name, book, print) } : {}),
  };
  // Rebuilds (a book or two, in a warm process) stay on the main thread: a worker's start-up would cost more.
  const run = (workers = false) => build({ ...common, workers, onDiagnostic: (d) => options.print(formatDiagnostic(d)), onBook: (b) => options.print(options.describe(b)) });
  const first = await run(true);
  if (preview) {
    // Books that were up to date were not read: read them once for the preview.
    if (first.books.some((b) => b.status === 'skipped')) await build({ ...common, checkOnly: true });
    options.print(`preview: ${await preview.listen(options.serve!)} (the print HTML of each book; it reloads after each rebuild)`);
  }
  options.print(`watching ${relative(options.cwd, config.root) || '.'} for changes (Ctrl-C to stop)`);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let again = false;
  const rebuild = () => {
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((error: Error) => options.print(`colophon: ${error.message}`))
      .finally(() => {
        running = undefined;
        if (again && !options.signal.aborted) {
          again = false;
          rebuild();
        }
      });
  };
  const roots = new Set([config.root, ...options.inputs.map((i) => resolve(options.cwd, i)).filter((p) => relative(config.root, p).startsWith('..'))]);
  const watchers: FSWatcher[] = [...roots].map((root) =>
    watchFiles(root, { recursive: true }, (_event, file) => {
      if (file === null || ignored(resolve(root, file.toString()), out)) return;
      clearTimeout(timer);
      timer = setTimeout(rebuild, 250);
    }),
  );
  await new Promise<void>((resolvePromise) => options.signal.addEventListener('abort', () => resolvePromise(), { once: true }));
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  await preview?.close();
}
