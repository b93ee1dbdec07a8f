#!/usr/bin/env node
import module from 'node:module';
import { existsSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { BookReport, BuildReport, Format } from './build.js';
import { ColophonError, formatDiagnostic } from './diagnostics/diagnostic.js';
import { ensureFolder, pendingTempFiles, writeFileAtomic } from './output/write-atomic.js';
import { version } from './version.js';

// Node 22.1+ keeps compiled bytecode between runs, which halves start-up; Node 20 lacks it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const FORMATS: ReadonlyArray<Format> = ['epub', 'pdf'];

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !FORMATS.includes(f as Format));
  if (bad.length > 0 || list.length === 0) throw new ColophonError(`--format: expected "epub", "pdf" or "epub,pdf", got "${value}"`, 2);
  return [...new Set(list)] as Format[];
}

function kb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The end-of-run table: one row per book, columns aligned. */
function summaryTable(books: ReadonlyArray<BookReport>): string {
  const rows = books.map((b) => [
    b.name || b.inputs[0] || '?',
    b.status === 'failed' ? 'failed' : b.status === 'skipped' ? 'up to date' : b.outputs.map((o) => o.format).join('+'),
    b.outputs.find((o) => o.pages !== undefined)?.pages?.toString() ?? '',
    b.outputs.length > 0 ? kb(b.outputs.reduce((n, o) => n + o.bytes, 0)) : '',
    b.status === 'skipped' ? '' : `${(b.ms / 1000).toFixed(1)} s`,
    String(b.diagnostics.filter((d) => d.severity === 'warning').length),
    String(b.diagnostics.filter((d) => d.severity === 'error').length),
  ]);
  const head = ['book', 'editions', 'pages', 'size', 'time', 'warnings', 'errors'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function describe(book: BookReport, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  if (book.status === 'failed') return `${paint(31, '✗')} ${book.name || book.inputs[0]}: failed (${book.ms} ms)`;
  if (book.status === 'skipped') return `${paint(2, '•')} ${book.name}: up to date (${book.outputs.map((o) => o.path).join(', ')})`;
  const outs = book.outputs.map((o) => `${o.path} (${kb(o.bytes)}${o.pages === undefined ? '' : `, ${o.pages} p.`})`).join(', ');
  return `${paint(32, '✓')} ${book.name}: ${outs} in ${book.ms} ms`;
}

interface CheckArgs {
  inputs: string[];
  config?: string;
  out?: string;
  validate: boolean;
  strict: boolean;
  quiet: boolean;
  debug: boolean;
}

async function runCheck(args: CheckArgs): Promise<number> {
  const { build } = await import('./build.js');
  // Java and EPUBCheck are looked for first: a missing one is a usage error, before any reading.
  const validator = args.validate ? await import('./report/validate.js') : undefined;
  const tool = validator?.findEpubCheck();
  const report = await build({
    inputs: args.inputs,
    ...(args.config === undefined ? {} : { config: args.config }),
    strict: args.strict,
    checkOnly: true,
    onDiagnostic: (d) => process.stderr.write(`${formatDiagnostic(d)}\n`),
  });
  const failed = report.books.filter((b) => b.status === 'failed').length;
  const warnings = report.books.reduce((n, b) => n + b.diagnostics.filter((d) => d.severity === 'warning').length, 0);
  let invalid = 0;
  // EPUBs asked to be validated that are not there: the check did not pass (a CI step running
  // `check --validate` before `build` must not go green having validated nothing).
  let unbuilt = 0;
  if (validator && tool) {
    const { loadConfig } = await import('./config/load.js');
    const config = await loadConfig({ cwd: process.cwd(), ...(args.config === undefined ? {} : { configPath: args.config }) });
    const out = args.out === undefined ? config.out : resolve(args.out);
    if (!config.formats.includes('epub')) process.stderr.write(`the config builds no EPUB (formats: ${config.formats.join(', ')}): nothing for EPUBCheck to validate\n`);
    for (const book of config.formats.includes('epub') ? report.books.filter((b) => b.status !== 'failed' && b.name !== '') : []) {
      const epub = resolve(out, `${book.name}.epub`);
      const shown = relative(process.cwd(), epub) || epub;
      if (!existsSync(epub)) {
        process.stderr.write(`${shown}: error: not built yet, so not validated; run colophon build first${args.out === undefined ? '' : ' (with the same --out)'}\n`);
        unbuilt++;
        continue;
      }
      const messages = (await validator.epubCheck(tool, epub)).filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE');
      for (const m of messages) process.stderr.write(`${shown}${m.location ? ` (${m.location})` : ''}: ${m.severity.toLowerCase()}: ${m.message} [${m.id}]\n`);
      if (messages.length > 0) invalid++;
      else if (!args.quiet) process.stderr.write(`${shown}: EPUBCheck found no errors or warnings\n`);
    }
  }
  if (!args.quiet) {
    process.stderr.write(`${report.books.length} book${report.books.length === 1 ? '' : 's'} checked: ${failed} with errors, ${warnings} warning${warnings === 1 ? '' : 's'}${validator ? `, ${invalid} EPUB${invalid === 1 ? '' : 's'} failing EPUBCheck${unbuilt > 0 ? `, ${unbuilt} not built` : ''}` : ''}\n`);
  }
  return failed > 0 || invalid > 0 || unbuilt > 0 ? 1 : 0;
}

interface BuildArgs {
  inputs: string[];
  out?: string;
  format?: string;
  config?: string;
  report?: string;
  strict: boolean;
  force: boolean;
  jobs?: number;
  shard?: string;
  quiet: boolean;
  verbose: boolean;
  debug: boolean;
}

async function runBuild(args: BuildArgs): Promise<number> {
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      for (const f of pendingTempFiles) rmSync(f, { force: true });
      process.exit(130);
    }
    interrupted = true;
    controller.abort();
    process.stderr.write('\ninterrupted: finishing the current step, then stopping (Ctrl-C again to quit now)\n');
  };
  const shard = args.shard === undefined ? undefined : (await import('./report/shard.js')).parseShard(args.shard);
  // The report's folder before any work: a build must not end in a report that cannot be written.
  const reportPath = args.report === undefined ? undefined : resolve(args.report);
  if (reportPath !== undefined) {
    await ensureFolder(dirname(reportPath), { create: false });
    if ((await stat(reportPath).catch(() => undefined))?.isDirectory()) throw new ColophonError(`--report ${args.report} is a folder; name a file`, 2);
  }
  process.on('SIGINT', onSigint);
  const { build } = await import('./build.js');
  const { Progress, StageTimings, wantsColor } = await import('./progress.js');
  const progress = new Progress(process.stderr);
  const timings = new StageTimings();
  const color = wantsColor(process.stderr);
  let report: BuildReport;
  try {
    report = await build({
      inputs: args.inputs,
      ...(args.out === undefined ? {} : { out: args.out }),
      ...(args.format === undefined ? {} : { formats: parseFormats(args.format) }),
      ...(args.config === undefined ? {} : { config: args.config }),
      strict: args.strict,
      force: args.force,
      ...(args.jobs === undefined ? {} : { jobs: args.jobs }),
      ...(shard === undefined ? {} : { shard }),
      signal: controller.signal,
      onDiagnostic: (d) => progress.print(formatDiagnostic(d)),
      onStart: (total) => {
        if (!args.quiet) progress.start(total);
      },
      onStage: (book, stage) => {
        progress.stage(book, stage);
        if (args.verbose) timings.mark(book, stage);
      },
      onBook: (b) => {
        progress.book(b, args.quiet ? undefined : describe(b, color));
        if (args.verbose && b.status === 'built') progress.print(`  ${b.name}: ${timings.done(b.name)}`);
      },
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
    for (const f of pendingTempFiles) rmSync(f, { force: true });
  }
  if (reportPath !== undefined) await writeFileAtomic(reportPath, new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`));
  if (interrupted) return 130;
  const failed = report.books.filter((b) => b.status === 'failed').length;
  if (!args.quiet) {
    if (shard && report.books.length === 0) process.stderr.write(`shard ${shard.index}/${shard.count}: no books fall in this shard\n`);
    if (report.books.length > 1) process.stderr.write(`\n${summaryTable(report.books)}\n\n`);
    const skipped = report.books.filter((b) => b.status === 'skipped').length;
    const built = report.books.length - failed - skipped;
    process.stderr.write(`${built} book${built === 1 ? '' : 's'} built${skipped ? `, ${skipped} up to date` : ''}${failed ? `, ${failed} failed` : ''}\n`);
  }
  return failed > 0 ? 1 : 0;
}

/** Options that several commands share, described once. */
/** An option given twice counts once, with its last value, as in most command lines (yargs would make a list of them). */
const last = (value: string | string[]): string => (Array.isArray(value) ? value[value.length - 1]! : value);
const lastNumber = (value: number | number[]): number => (Array.isArray(value) ? value[value.length - 1]! : value);
const OUT = { type: 'string', describe: 'Output folder', defaultDescription: 'dist', coerce: last } as const;
const FORMAT = { type: 'string', describe: 'Editions to build: epub, pdf or epub,pdf', defaultDescription: 'epub,pdf', coerce: last } as const;
const CONFIG = { type: 'string', describe: 'Config file', defaultDescription: 'build.config.ts in the current directory', coerce: last } as const;
const QUIET = { type: 'boolean', default: false, describe: 'Print only diagnostics' } as const;
const DEBUG = { type: 'boolean', default: false, describe: 'Print stack traces on errors' } as const;
const INPUTS_AS_BUILD = { type: 'string', array: true, default: [] as string[], describe: 'Markdown files or book folders (default: as for build)' } as const;

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  if (debug) process.env.COLOPHON_DEBUG = '1';
  let code = 0;
  const cli = yargs(argv)
    .scriptName('colophon')
    .usage('$0 <command> [options]')
    .command(
      'build [inputs..]',
      'Build EPUB and PDF editions of Markdown manuscripts',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, default: [], describe: 'Markdown files or book folders (default: the config\'s books, else manuscripts/*)' })
          .option('out', OUT)
          .option('format', FORMAT)
          .option('config', CONFIG)
          .option('report', { type: 'string', describe: 'Write a JSON report of the build to this file', coerce: last })
          .option('strict', { type: 'boolean', default: false, describe: 'Treat warnings as errors: the book fails' })
          .option('force', { type: 'boolean', default: false, describe: 'Rebuild books whose editions are up to date' })
          .option('jobs', { type: 'number', describe: 'Books built at once', defaultDescription: 'number of cores', coerce: lastNumber })
          .option('shard', { type: 'string', coerce: last, describe: 'Build one slice of the shelf, i/n (e.g. 2/4 on the second of four CI machines); merge the reports with merge-reports' })
          .option('quiet', QUIET)
          .option('verbose', { type: 'boolean', default: false, describe: 'Print how long each book spent in each stage' })
          .option('debug', DEBUG),
      async (args) => {
        code = await runBuild(args as unknown as BuildArgs);
      },
    )
    .command(
      'init [dir]',
      'Start a project: build.config.ts, a sample book in manuscripts/ and the default template to adapt',
      (y) => y.positional('dir', { type: 'string', default: '.', describe: 'Project folder (created if needed)' }),
      async (args) => {
        const { init } = await import('./init.js');
        const written = await init(String(args.dir));
        process.stderr.write(`created ${written.join(', ')} in ${String(args.dir)}\nnext: npm install --save-dev colophon (if it is not installed), then npx colophon build\n`);
      },
    )
    .command(
      'check [inputs..]',
      'Check manuscripts (the same diagnostics as build) without writing editions',
      (y) =>
        y
          .positional('inputs', INPUTS_AS_BUILD)
          .option('config', CONFIG)
          .option('validate', { type: 'boolean', default: false, describe: 'Also run EPUBCheck on the built EPUBs (needs Java and EPUBCheck)' })
          .option('out', { type: 'string', describe: 'Where the built editions are, for --validate', defaultDescription: 'dist', coerce: last })
          .option('strict', { type: 'boolean', default: false, describe: 'Treat warnings as errors' })
          .option('quiet', QUIET)
          .option('debug', DEBUG),
      async (args) => {
        code = await runCheck(args as unknown as CheckArgs);
      },
    )
    .command(
      'watch [inputs..]',
      'Build, then rebuild the books whose files change; --serve also previews their print HTML on localhost',
      (y) =>
        y
          .positional('inputs', INPUTS_AS_BUILD)
          .option('out', OUT)
          .option('format', FORMAT)
          .option('config', CONFIG)
          .option('serve', { type: 'boolean', default: false, describe: 'Serve a live preview of the print HTML on 127.0.0.1' })
          .option('port', { type: 'number', default: 4173, describe: 'Port of the preview (0: any free port)', coerce: lastNumber }),
      async (args) => {
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        const { watch } = await import('./watch.js');
        const color = (await import('./progress.js')).wantsColor(process.stderr);
        await watch({
          inputs: args.inputs as string[],
          ...(args.out === undefined ? {} : { out: args.out }),
          ...(args.format === undefined ? {} : { formats: parseFormats(args.format) }),
          ...(args.config === undefined ? {} : { config: args.config }),
          ...(args.serve ? { serve: args.port } : {}),
          cwd: process.cwd(),
          signal: controller.signal,
          print: (line) => process.stderr.write(`${line}\n`),
          describe: (b) => describe(b, color),
        });
        process.off('SIGINT', stop);
        code = 130;
      },
    )
    .command(
      'merge-reports <reports..>',
      'Merge the --report files of a sharded build into one report and one summary',
      (y) =>
        y
          .positional('reports', { type: 'string', array: true, describe: 'Report files written by colophon build --report' })
          .option('report', { type: 'string', describe: 'Write the merged report to this file', coerce: last })
          .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors' }),
      async (args) => {
        const { mergeReports } = await import('./report/merge.js');
        const merged = await mergeReports((args.reports as string[]).map((r) => resolve(r)));
        if (args.report !== undefined) await writeFileAtomic(resolve(args.report), new TextEncoder().encode(`${JSON.stringify(merged, null, 2)}\n`));
        const failed = merged.books.filter((b) => b.status === 'failed').length;
        if (!args.quiet) process.stderr.write(`${merged.books.length > 0 ? `${summaryTable(merged.books)}\n\n` : ''}${merged.books.length} book${merged.books.length === 1 ? '' : 's'} in ${(args.reports as string[]).length} reports${failed ? `, ${failed} failed` : ''}\n`);
        code = failed > 0 ? 1 : 0;
      },
    )
    .demandCommand(1, 'Name a command: colophon build, check, watch, init or merge-reports')
    .check((args) => {
      if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && (args.jobs as number) >= 1)) throw new ColophonError(`--jobs: expected a whole number of books, 1 or more (got ${String(args.jobs)})\nRun "colophon --help" for usage.`, 2);
      if (args.port !== undefined && !(Number.isInteger(args.port) && (args.port as number) >= 0 && (args.port as number) <= 65535)) throw new ColophonError(`--port: expected a port number, 0 to 65535 (got ${String(args.port)})\nRun "colophon --help" for usage.`, 2);
      return true;
    })
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      throw new ColophonError(`${message}\nRun "colophon --help" for usage.`, 2);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof ColophonError) {
      process.stderr.write(`colophon: ${error.message}\n`);
      if (debug && error.cause instanceof Error) process.stderr.write(`${error.cause.stack}\n`);
      return error.exitCode;
    }
    const err = error as Error;
    process.stderr.write(`colophon: unexpected error: ${err.message}${debug ? `\n${err.stack}` : ' (run with --debug for details)'}\n`);
    return 2;
  }
  return code;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
