import { relative } from 'node:path';
import type { VFile } from 'vfile';

/** Severity of a diagnostic: warnings leave the book built (unless `--strict`), errors fail it. */
export type Severity = 'warning' | 'error';

/** One problem found in a manuscript, with the place it was found. */
export interface Diagnostic {
  /** Absolute path of the file concerned. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  severity: Severity;
  /** What was found and what was expected. */
  message: string;
  /** Stable rule id, e.g. `empty-link`. */
  rule: string;
}

/** Collects the vfile messages of one processed file as diagnostics. */
export function diagnosticsFromFile(file: VFile): Diagnostic[] {
  const inOrder = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return inOrder.map((m) => {
    const d: Diagnostic = {
      file: file.path,
      severity: m.fatal === true ? 'error' : 'warning',
      message: m.reason,
      rule: m.ruleId ?? 'colophon',
    };
    if (m.line != null) d.line = m.line;
    if (m.column != null) d.column = m.column;
    return d;
  });
}

/** `path:line:col: warning|error: message [rule]`, the path relative to `cwd`. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const rel = relative(cwd, d.file) || d.file;
  return `${rel}:${d.line ?? 1}:${d.column ?? 1}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** An error the user can fix, reported without a stack trace; `exitCode` 2 is usage/config/environment. */
export class ColophonError extends Error {
  override name = 'ColophonError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A problem that fails one book: it carries the diagnostic that says where and why. */
export class BookError extends Error {
  override name = 'BookError';
  /** Warnings found before the book failed, that explain it (the SUMMARY.md entries left out of a book with none left). */
  readonly related: Diagnostic[];
  constructor(
    readonly diagnostic: Diagnostic,
    options?: { cause?: unknown; related?: Diagnostic[] },
  ) {
    super(diagnostic.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.related = options?.related ?? [];
  }
}
