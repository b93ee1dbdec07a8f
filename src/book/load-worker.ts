import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config/load.js';
import { BookError, ColophonError } from '../diagnostics/diagnostic.js';
import { createChapterProcessor } from '../markdown/processor.js';
import { loadTemplate } from '../render/template.js';
import { loadBook } from './load.js';
import type { LoadRequest, LoadResponse, WorkerFailure, WorkerSetup } from './load-pool.js';

/**
 * A worker thread of the book pool (see `load-pool.ts`): it loads the build's config itself (user
 * plugins are functions, which cannot be sent to it), then reads books on request and, for books
 * that need no print edition, makes their EPUB too.
 */
const setup = workerData as WorkerSetup;
const ready = (async () => {
  const config = await loadConfig({ cwd: setup.cwd, ...(setup.configPath === undefined ? {} : { configPath: setup.configPath }) });
  return { processor: createChapterProcessor(config.markdown), template: await loadTemplate(config.templateDir) };
})();

function failure(cause: unknown): WorkerFailure {
  if (cause instanceof BookError) return { kind: 'book', diagnostic: cause.diagnostic, related: cause.related };
  if (cause instanceof ColophonError) return { kind: 'colophon', message: cause.message, exitCode: cause.exitCode };
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) return { kind: 'stack', message: cause.message };
  const err = cause instanceof Error ? cause : new Error(String(cause));
  return { kind: 'internal', message: err.message, ...(err.stack === undefined ? {} : { stack: err.stack }) };
}

async function handle(request: LoadRequest): Promise<LoadResponse> {
  const setUp = await ready.catch((cause: unknown) => cause as Error);
  // The main thread loaded the same config: it reads the book itself.
  if (setUp instanceof Error) return { id: request.id, failure: { kind: 'fallback', message: setUp.message } };
  const { processor, template } = setUp;
  // The default time limit is doubled here: threads running side by side slow each other (their
  // collectors and compilers share the cores), and the limit is wall-clock time.
  const book = await loadBook(request.source, { ...request.settings, defaultTimeLimitScale: 2 }, processor);
  const failing = book.diagnostics.some((d) => d.severity === 'error' || (request.strict && d.severity === 'warning'));
  const epub = request.epub && !failing ? await (await import('../render/epub.js')).renderEpub(book, template) : undefined;
  // Without a use for them, the trees stay here: the caller needs the book's report, not its text.
  const lean = epub !== undefined || !request.trees ? { ...book, chapters: book.chapters.map((c) => ({ ...c, tree: { type: 'root' as const, children: [] } })) } : book;
  return epub ? { id: request.id, book: lean, epub } : { id: request.id, book: lean };
}

parentPort!.on('message', (request: LoadRequest) => {
  handle(request).then(
    (response) => {
      try {
        parentPort!.postMessage(response, 'epub' in response && response.epub ? [response.epub.buffer as ArrayBuffer] : []);
      } catch (cause) {
        // A plugin put something into the tree that cannot cross threads (a function, say).
        parentPort!.postMessage({ id: request.id, failure: { kind: 'fallback', message: (cause as Error).message } } satisfies LoadResponse);
      }
    },
    (cause: unknown) => parentPort!.postMessage({ id: request.id, failure: failure(cause) } satisfies LoadResponse),
  );
});
