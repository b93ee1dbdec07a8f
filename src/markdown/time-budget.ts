import { Script, createContext } from 'node:vm';
import { VFileMessage } from 'vfile-message';
import { settleWithin } from '../timeout.js';

// One context and one script for every call: a step runs inside `runInContext`, whose timeout
// interrupts even synchronous code that never yields (a parser stuck on pathological input, a
// user plugin in an endless loop), which nothing else in Node can do on the main thread.
const sandbox = createContext({ step: undefined as (() => unknown) | undefined });
const callStep = new Script('step()', { filename: 'colophon-time-budget' });

/**
 * The time one book's Markdown stage may take. Only the book's own synchronous work is counted,
 * so books whose stages interleave on the main thread do not use up each other's time.
 */
export class TimeBudget {
  #spent = 0;

  constructor(readonly seconds: number) {}

  /** The message of a book that ran out of time. */
  exceeded(what: string): VFileMessage {
    return new VFileMessage(
      `the Markdown stage ran out of its ${this.seconds} s time limit (while ${what}); split the chapter or simplify its markup, or raise markdown.timeLimit in build.config.ts`,
      { ruleId: 'time-limit', source: 'colophon' },
    );
  }

  /**
   * Runs `step` synchronously, interrupting it when the budget is spent; an interrupted step
   * throws {@link exceeded}. A step that returns a promise is only timed up to its first `await`.
   */
  run<T>(what: string, step: () => T): T {
    const left = Math.ceil(this.seconds * 1000 - this.#spent);
    if (left <= 0) throw this.exceeded(what);
    const started = performance.now();
    sandbox.step = step;
    try {
      return callStep.runInContext(sandbox, { timeout: left }) as T;
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw this.exceeded(what);
      throw cause;
    } finally {
      sandbox.step = undefined;
      this.#spent += performance.now() - started;
    }
  }

  /** Waits for `pending`, failing with {@link exceeded} if it has not settled within the whole budget (a plugin that never settles). */
  settle<T>(what: string, pending: Promise<T>): Promise<T> {
    return settleWithin(pending, this.seconds * 1000, () => this.exceeded(what));
  }
}
