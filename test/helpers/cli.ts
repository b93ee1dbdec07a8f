import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The compiled CLI, as users run it. */
export const CLI = resolve(import.meta.dirname, '../../lib/colophon.mjs');
/** The seed manuscript, exactly as the user handed it over. */
export const SEED = resolve(import.meta.dirname, '../../manuscripts/rethinking-the-reset.md');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `bin.colophon` names it (`node lib/colophon.mjs …`) and never throws on a non-zero exit. */
export async function colophon(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'colophon-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface EpubCheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  messages: Array<{ ID: string; severity: string; message: string }>;
}

/** Runs EPUBCheck (Debian's package) and reads its JSON report. */
export async function epubcheck(file: string): Promise<EpubCheckResult> {
  const { dir, cleanup } = tempDir('epubcheck-');
  const out = join(dir, 'report.json');
  try {
    await run('java', ['-jar', '/usr/bin/epubcheck', file, '--json', out], { timeout: 120_000 }).catch(() => undefined);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { messages: EpubCheckResult['messages'] };
    const count = (s: string) => report.messages.filter((m) => m.severity === s).length;
    return { fatals: count('FATAL'), errors: count('ERROR'), warnings: count('WARNING'), messages: report.messages };
  } finally {
    cleanup();
  }
}

/** Runs a poppler tool (pdfinfo, pdffonts, pdftotext) and returns its stdout. */
export async function poppler(tool: string, args: string[]): Promise<string> {
  const { stdout } = await run(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
