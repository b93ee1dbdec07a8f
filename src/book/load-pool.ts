import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BookError, ColophonError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { packageRoot } from '../package-root.js';
import type { BookSource } from './discover.js';
import type { BookSettings } from './load.js';
import type { Book } from './model.js';

/** What a worker needs to load the build's config the way the main thread did. */
export interface WorkerSetup {
  cwd: string;
  configPath?: string;
}

/** One book to read (and, with `epub`, to make into an EPUB) in a worker. */
export interface LoadRequest {
  id: number;
  source: BookSource;
  settings: BookSettings;
  /** Make the EPUB too (the book needs no print edition, whose page list the EPUB would carry). */
  epub: boolean;
  /** Warnings fail the book: no EPUB is made for a book with any. */
  strict: boolean;
  /** The caller renders the book (a print edition, or an EPUB not made here): send its trees back. */
  trees: boolean;
}

/** Why a worker could not read a book, as data (errors do not cross threads whole). */
export type WorkerFailure =
  | { kind: 'book'; diagnostic: Diagnostic; related: Diagnostic[] }
  | { kind: 'colophon'; message: string; exitCode: 1 | 2 }
  | { kind: 'stack'; message: string }
  /** Read this book on the main thread instead (its tree cannot cross threads, or the worker could not set up). */
  | { kind: 'fallback'; message: string }
  | { kind: 'internal'; message: string; stack?: string };

export type LoadResponse = { id: number; book: Book; epub?: Uint8Array; failure?: undefined } | { id: number; failure: WorkerFailure };

/** A book read by the pool: with its EPUB when one was asked for and the book is sound. */
export interface LoadedBook {
  book: Book;
  epub?: Uint8Array;
}

/** The bundled worker (built by `npm run build`); without it the pool is not used. */
const WORKER_FILE = join(packageRoot, 'lib', 'load-worker.mjs');

interface Slot {
  worker: Worker;
  busy: number | undefined;
}

interface Pending {
  request: LoadRequest;
  resolve: (result: LoadedBook | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * Reads books on worker threads, one book per worker at a time, so a shelf's Markdown stage (and
 * the EPUBs of books without a print edition) uses every core while the main thread writes files
 * and drives the browser. Workers start on first use. A worker that dies fails the book it was
 * reading (that book may have killed it) and is replaced. `undefined` from {@link load} means
 * "read this book on the main thread instead" (a tree a plugin filled with something that cannot
 * cross threads, a worker that could not load the config). User plugins run in every worker: one
 * instance per thread, not one per build.
 */
export class LoadPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #closed = false;

  private constructor(
    readonly size: number,
    readonly setup: WorkerSetup,
  ) {}

  /** A pool of `size` workers, or undefined when the bundled worker is missing (an unbuilt checkout). */
  static create(size: number, setup: WorkerSetup): LoadPool | undefined {
    return size > 0 && existsSync(WORKER_FILE) ? new LoadPool(size, setup) : undefined;
  }

  load(source: BookSource, settings: BookSettings, options: { epub: boolean; strict: boolean; trees: boolean }): Promise<LoadedBook | undefined> {
    return new Promise((resolve, reject) => {
      const request: LoadRequest = { id: this.#next++, source, settings, ...options };
      this.#queue.push({ request, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = this.#slots.find((s) => s.busy === undefined);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn();
      if (!slot) return;
      const job = this.#queue.shift()!;
      slot.busy = job.request.id;
      this.#pending.set(job.request.id, job);
      slot.worker.ref();
      try {
        slot.worker.postMessage(job.request);
      } catch {
        // Something in the request cannot be sent (config metadata of an odd kind): read it here.
        this.#pending.delete(job.request.id);
        slot.busy = undefined;
        slot.worker.unref();
        job.resolve(undefined);
      }
    }
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_FILE, { workerData: this.setup satisfies WorkerSetup });
    const slot: Slot = { worker, busy: undefined };
    this.#slots.push(slot);
    // An idle worker must not keep the process alive; a busy one must (its book is awaited).
    worker.unref();
    worker.on('message', (response: LoadResponse) => {
      const job = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      slot.busy = undefined;
      slot.worker.unref();
      this.#dispatch();
      if (!job) return;
      if (response.failure === undefined) job.resolve(response.epub ? { book: response.book, epub: response.epub } : { book: response.book });
      else if (response.failure.kind === 'fallback') job.resolve(undefined);
      else job.reject(errorOf(response.failure));
    });
    const lost = (error: Error) => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return;
      this.#slots.splice(index, 1);
      const job = slot.busy === undefined ? undefined : this.#pending.get(slot.busy);
      if (job) {
        this.#pending.delete(job.request.id);
        job.reject(new Error(`the worker reading this book stopped (${error.message})`));
      }
      this.#dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    return slot;
  }

  /** Stops the workers; books still queued are read on the main thread. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.resolve(undefined);
    await Promise.all(this.#slots.splice(0).map((s) => s.worker.terminate()));
  }
}

/** The error the main thread would have seen, rebuilt from a worker's report. */
function errorOf(failure: WorkerFailure): Error {
  switch (failure.kind) {
    case 'book':
      return new BookError(failure.diagnostic, { related: failure.related });
    case 'colophon':
      return new ColophonError(failure.message, failure.exitCode);
    case 'stack':
      return new RangeError(failure.message);
    default: {
      const error = new Error(failure.message);
      if ('stack' in failure && failure.stack !== undefined) error.stack = failure.stack;
      return error;
    }
  }
}
