import type { BookReport, Stage } from './build.js';

/** Where progress goes: a stream and whether it is an interactive terminal. */
export interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** True when colour is wanted: a terminal, and no `NO_COLOR` (https://no-color.org). */
export function wantsColor(target: ProgressTarget, env = process.env): boolean {
  return target.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

const STAGES: Record<Stage, string> = { markdown: 'reading', print: 'printing', epub: 'making the EPUB', write: 'writing' };

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The build's progress. On a terminal (not in CI): one status line kept at the bottom — books
 * done of all, what each book in flight is doing, time so far and an estimate of the time left —
 * with every other line (diagnostics, finished books) printed above it. Elsewhere: nothing but
 * those lines, so logs stay plain.
 */
export class Progress {
  readonly live: boolean;
  #total = 0;
  #done = 0;
  #started = performance.now();
  readonly #active = new Map<string, Stage>();
  #shown = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly target: ProgressTarget, env = process.env) {
    this.live = target.isTTY === true && !env.CI && env.TERM !== 'dumb';
  }

  start(total: number): void {
    this.#total = total;
    this.#started = performance.now();
    if (this.live && total > 0) {
      this.#timer = setInterval(() => this.#draw(), 500);
      this.#timer.unref();
      this.#draw();
    }
  }

  stage(book: string, stage: Stage): void {
    this.#active.set(book, stage);
    this.#draw();
  }

  /** A finished book: its line is printed (unless `line` is undefined) and the count goes up. */
  book(report: BookReport, line: string | undefined): void {
    this.#active.delete(report.name);
    this.#done++;
    if (line !== undefined) this.print(line);
    else this.#draw();
  }

  /** Prints a line above the status line. */
  print(line: string): void {
    this.#clear();
    this.target.write(`${line}\n`);
    this.#draw();
  }

  /** Removes the status line for good. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
  }

  /** The status line's text (without terminal control characters). */
  status(): string {
    const elapsed = performance.now() - this.#started;
    const eta = this.#done > 0 && this.#done < this.#total ? ` · about ${clock((elapsed / this.#done) * (this.#total - this.#done))} left` : '';
    const doing = [...this.#active].slice(0, 2).map(([name, stage]) => `${name}: ${STAGES[stage]}`).join(', ');
    const more = this.#active.size > 2 ? ` +${this.#active.size - 2}` : '';
    return `[${this.#done}/${this.#total}] ${clock(elapsed)}${eta}${doing ? ` · ${doing}${more}` : ''}`;
  }

  #clear(): void {
    if (this.#shown) this.target.write('\r\x1b[2K');
    this.#shown = false;
  }

  #draw(): void {
    if (!this.live || this.#total === 0 || this.#timer === undefined) return;
    const width = Math.max(20, (this.target.columns || 80) - 1);
    const text = this.status();
    this.target.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    this.#shown = true;
  }
}

/** How long each book spent in each stage, for `--verbose`. */
export class StageTimings {
  readonly #current = new Map<string, { stage: Stage; since: number; spent: Array<[Stage, number]> }>();

  mark(book: string, stage: Stage): void {
    const now = performance.now();
    const entry = this.#current.get(book);
    if (entry) entry.spent.push([entry.stage, now - entry.since]);
    this.#current.set(book, { stage, since: now, spent: entry?.spent ?? [] });
  }

  /** The book's stages and times (`reading 120 ms, printing 800 ms, …`), once it is finished. */
  done(book: string): string {
    this.mark(book, 'write');
    const entry = this.#current.get(book);
    this.#current.delete(book);
    return (entry?.spent ?? []).map(([stage, ms]) => `${STAGES[stage]} ${Math.round(ms)} ms`).join(', ');
  }
}
