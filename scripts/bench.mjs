#!/usr/bin/env node
// Benchmark: builds the seed manuscript and reports wall times (median of several runs).
// Cold = a whole `colophon build` process (Node start, config, browser launch);
// warm = the programmatic API in this process (the pipeline alone, browser launch included for PDF).
//
// Also times a big generated book (scripts/generate-book.mjs: about 110 chapters and 1.2 MB of
// Markdown) built to EPUB by a cold CLI process, and, if pandoc is on PATH, pandoc turning the
// seed into EPUB, for a Colophon/pandoc ratio.
//
// Environment: BENCH_RUNS (seed and pandoc rows, default 5); BENCH_BIG=0 (or --no-big) skips the
// big book; BENCH_BIG_RUNS (default 3); BENCH_BIG_SCALES (comma-separated --scale values for the
// generated book, default 1; e.g. 1,2,4).
//
// Shelf (issue 5): 200 generated one-file manuscripts of the seed's size (BENCH_SHELF, default 200)
// built in one run to EPUB + PDF and to EPUB alone (books per second), the no-change rebuild of
// the shelf, and pandoc turning the same files into EPUBs one process per file (when installed),
// for the EPUB ratio. BENCH_SHELF=0 (or --no-shelf) skips it.
//
// Print (issue 4): a generated book of 100 chapters (preface, parts, footnotes, images; about 650
// pages at scale 1) built by `colophon build --format pdf` in a cold process (Markdown stage,
// contents numbers, recto openings, running heads, hyphenation, finishing all included), against
// one bare Chromium print of Colophon's own HTML for the same book (warm browser, no plan, no
// overlay, no finishing), with the peak memory of Node plus Chromium (RSS of the whole process
// tree, sampled every 200 ms, as PSS: shared pages counted once), beside the bare print's own peak
// (this process, holding the loaded book, plus Chromium, in an extra untimed print). BENCH_PRINT_SCALES (default 1; e.g. 1,2,4) gives how time grows with
// the book; BENCH_PRINT=0 (or --no-print) skips it.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateBook, generateShelf } from './generate-book.mjs';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'lib', 'colophon.mjs');
const seed = join(root, 'manuscripts', 'rethinking-the-reset.md');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const bigRuns = Number(process.env.BENCH_BIG_RUNS ?? 3);
const bigEnabled = process.env.BENCH_BIG !== '0' && !process.argv.includes('--no-big');
const bigScales = (process.env.BENCH_BIG_SCALES ?? '1').split(',').map(Number).filter((k) => k > 0);
const shelfSize = process.argv.includes('--no-shelf') ? 0 : Number(process.env.BENCH_SHELF ?? 200);
const printEnabled = process.env.BENCH_PRINT !== '0' && !process.argv.includes('--no-print');
const printScales = (process.env.BENCH_PRINT_SCALES ?? '1').split(',').map(Number).filter((k) => k > 0);
const dir = mkdtempSync(join(tmpdir(), 'colophon-bench-'));
copyFileSync(seed, join(dir, 'seed.md'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, n = runs) {
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}
async function timeAsync(fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const int = (n) => n.toLocaleString('en-US');

const rows = [];
const notes = [];
try {
  // The seed, as before.
  const cold = (format) =>
    time(() => execFileSync(process.execPath, [cli, 'build', 'seed.md', '--format', format, '--quiet', '--force', '--out', 'out'], { cwd: dir, stdio: 'ignore' }));
  const seedEpubCold = cold('epub');
  rows.push(['seed, EPUB only, CLI (cold process)', seedEpubCold]);
  rows.push(['seed, EPUB + PDF, CLI (cold process)', cold('epub,pdf')]);
  // Without --force: the editions above are up to date, so this is the incremental no-change path.
  rows.push(['seed, EPUB + PDF, up to date (no-change rebuild)', time(() => execFileSync(process.execPath, [cli, 'build', 'seed.md', '--format', 'epub,pdf', '--quiet', '--out', 'out'], { cwd: dir, stdio: 'ignore' }))]);
  rows.push(['node --version (process start floor)', time(() => execFileSync(process.execPath, ['--version']))]);

  // pandoc on the seed, for comparison with the cold EPUB build.
  let pandocVersion;
  try {
    pandocVersion = execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  let pandocRow;
  if (pandocVersion === undefined) {
    notes.push('pandoc: not on PATH, comparison skipped (`apt-get install pandoc` enables it)');
  } else {
    try {
      const samples = time(() => execFileSync('pandoc', ['seed.md', '-o', 'pandoc.epub'], { cwd: dir, stdio: 'ignore' }));
      pandocRow = [`${pandocVersion}, seed to EPUB (cold process)`, samples];
      const ratio = median(seedEpubCold) / median(samples);
      notes.push(`Colophon / pandoc, seed to EPUB, cold process: ${ratio.toFixed(1)}x (${median(seedEpubCold).toFixed(0)} ms / ${median(samples).toFixed(0)} ms, medians)`);
    } catch (e) {
      notes.push(`pandoc: \`pandoc seed.md -o out.epub\` failed (${e.message.split('\n')[0]}); comparison skipped`);
    }
  }

  const { build } = await import(join(root, 'lib', 'index.js'));
  await build({ cwd: dir, inputs: ['seed.md'], formats: ['epub'], out: 'out', force: true }); // warm up the module graph
  rows.push(['seed, EPUB only, API (warm)', await timeAsync(() => build({ cwd: dir, inputs: ['seed.md'], formats: ['epub'], out: 'out', force: true }))]);
  rows.push(['seed, EPUB + PDF, API (warm)', await timeAsync(() => build({ cwd: dir, inputs: ['seed.md'], formats: ['epub', 'pdf'], out: 'out', force: true }))]);
  if (pandocRow) rows.push(pandocRow);

  // Big generated books, EPUB only, cold CLI process.
  if (!bigEnabled) {
    notes.push('big book: skipped (BENCH_BIG=0 or --no-big)');
  } else {
    for (const scale of bigScales) {
      const name = `big-book-x${scale}`;
      const t0 = performance.now();
      const book = generateBook(join(dir, name), { scale });
      const genMs = performance.now() - t0;
      const report = join(dir, `${name}.report.json`);
      const samples = time(() => {
        try {
          execFileSync(process.execPath, [cli, 'build', name, '--format', 'epub', '--quiet', '--force', '--out', 'out', '--report', report], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
        } catch (e) {
          throw new Error(`building the generated book failed (exit ${e.status}): ${String(e.stderr ?? '').trim().split('\n').slice(0, 5).join(' | ')}`);
        }
      }, bigRuns);
      const label = scale === 1 ? 'big book' : `big book x${scale}`;
      rows.push([`${label} (${book.chapters} ch., ${mb(book.markdownBytes)}), EPUB only, CLI (cold process)`, samples]);
      const built = JSON.parse(readFileSync(report, 'utf8')).books[0];
      const epub = built.outputs.find((o) => o.format === 'epub');
      const epubBytes = epub?.bytes ?? statSync(join(dir, 'out', `${name}.epub`)).size;
      const msPerMb = median(samples) / (book.markdownBytes / 1e6);
      notes.push(
        `${label}: ${book.chapters} chapters, ${int(book.markdownBytes)} bytes of Markdown, ${book.images} PNG images; ` +
          `generated in ${genMs.toFixed(0)} ms; EPUB ${int(epubBytes)} bytes; ${built.diagnostics.length} diagnostics; ` +
          `${msPerMb.toFixed(0)} ms per MB of Markdown (cold, median)`,
      );
    }
  }

  if (shelfSize > 0) benchShelf(shelfSize, pandocVersion);
  else notes.push('shelf: skipped (BENCH_SHELF=0 or --no-shelf)');
  if (!printEnabled) notes.push('print: skipped (BENCH_PRINT=0 or --no-print)');
  else for (const scale of printScales) await benchPrint(scale);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** 200 one-file books in one run: EPUB + PDF, EPUB alone, no-change rebuild, and pandoc's loop. */
function benchShelf(count, pandoc) {
  const shelf = join(dir, 'shelf');
  const { files, bytes } = generateShelf(join(shelf, 'manuscripts'), count, { size: statSync(seed).size });
  const buildShelf = (format, force) => {
    const t0 = performance.now();
    execFileSync(process.execPath, [cli, 'build', '--format', format, '--quiet', ...(force ? ['--force'] : []), '--out', 'out'], { cwd: shelf, stdio: 'ignore' });
    return performance.now() - t0;
  };
  const both = buildShelf('epub,pdf', true);
  const unchanged = buildShelf('epub,pdf', false);
  const epub = buildShelf('epub', true);
  rows.push([`shelf of ${count} one-file books, EPUB + PDF, one run`, [both]]);
  rows.push([`shelf of ${count}, EPUB only, one run`, [epub]]);
  rows.push([`shelf of ${count}, no-change rebuild`, [unchanged]]);
  notes.push(`shelf: ${count} books (${int(bytes)} bytes of Markdown): EPUB + PDF ${(count / (both / 1000)).toFixed(1)} books/s; EPUB only ${(count / (epub / 1000)).toFixed(1)} books/s; no-change rebuild ${unchanged.toFixed(0)} ms`);
  if (pandoc !== undefined) {
    const t0 = performance.now();
    for (const f of files) execFileSync('pandoc', [f, '-o', join(shelf, 'pandoc.epub')], { cwd: join(shelf, 'manuscripts'), stdio: 'ignore' });
    const loop = performance.now() - t0;
    rows.push([`shelf of ${count}, pandoc to EPUB, one process per file`, [loop]]);
    notes.push(`shelf: Colophon EPUB run against pandoc's loop: ${(loop / epub).toFixed(1)}x faster (${epub.toFixed(0)} ms / ${loop.toFixed(0)} ms)`);
  }
}

/**
 * Memory of a process and all its descendants, in bytes (Linux /proc): the proportional set size,
 * which counts pages shared between Chromium's processes once (summing RSS would count its
 * binary and shared memory in every process).
 */
function treeRss(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  // smaps_rollup is costly to read (it walks the page tables): only for the tree's processes.
  let total = 0;
  for (const stack = [pid]; stack.length > 0; ) {
    const p = stack.pop();
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]) * 1024;
    } catch {
      // ended, or no smaps_rollup
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Runs a command, sampling its process tree's memory; resolves with wall time and peak RSS. */
/** Runs the CLI, timing it; with `memory`, also samples the peak memory of its process tree (which costs CPU, so such a run is not timed). */
function runMeasured(args, cwd, memory = false) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const timer = memory ? setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 200) : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`colophon exited ${code}: ${stderr.trim().split('\n').slice(0, 5).join(' | ')}`));
      else resolvePromise({ ms: performance.now() - t0, peak });
    });
  });
}

async function benchPrint(scale) {
  const name = `print-book-x${scale}`;
  const book = generateBook(join(dir, name), { chapters: 100, scale });
  const report = join(dir, `${name}.report.json`);
  const samples = [];
  const args = [cli, 'build', name, '--format', 'pdf', '--quiet', '--force', '--out', 'out', '--report', report];
  for (let i = 0; i < bigRuns; i++) samples.push((await runMeasured(args, dir)).ms);
  // Memory from a run of its own: reading every process's smaps steals CPU from a timed run.
  const { peak } = await runMeasured(args, dir, true);
  const built = JSON.parse(readFileSync(report, 'utf8')).books[0];
  const pages = built.outputs.find((o) => o.format === 'pdf')?.pages;
  // The bare print: Colophon's own HTML for the book, printed once by a warm Chromium.
  const lib = (p) => import(join(root, 'lib', p));
  const [{ loadConfig }, { discoverBook }, { loadBook }, { createChapterProcessor }, { loadTemplate }, { printDocument }, { pageGeometry }, { findBrowser }, { Printer }] = await Promise.all(
    ['config/load.js', 'book/discover.js', 'book/load.js', 'markdown/processor.js', 'render/template.js', 'render/print-document.js', 'render/geometry.js', 'render/browser.js', 'render/print.js'].map(lib),
  );
  const config = await loadConfig({ cwd: dir });
  const loaded = await loadBook(await discoverBook(join(dir, name)), { defaults: config.metadata }, createChapterProcessor(config.markdown));
  const template = await loadTemplate(config.templateDir);
  // Notes after each chapter: the whole text, as Chromium alone would print it (page-foot notes
  // are Colophon's own layout, part of what is measured).
  const { html } = printDocument(loaded, template, pageGeometry(config), 'chapter');
  const printer = new Printer(await findBrowser());
  const bare = [];
  let barePages;
  let barePeak = 0;
  try {
    await printer.printHtml('<!doctype html><p>warm-up</p>', loaded, template, 60_000);
    for (let i = 0; i < bigRuns; i++) {
      const t0 = performance.now();
      const pdf = await printer.printHtml(html, loaded, template, 600_000);
      bare.push(performance.now() - t0);
      barePages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    }
    // The bare print's own peak (this process, holding the book, plus Chromium), in a run of its own.
    const timer = setInterval(() => (barePeak = Math.max(barePeak, treeRss(process.pid))), 200);
    try {
      await printer.printHtml(html, loaded, template, 600_000);
    } finally {
      clearInterval(timer);
    }
  } finally {
    await printer.close();
  }
  const label = `print book x${scale} (${book.chapters} ch., ${pages} p.)`;
  rows.push([`${label}, colophon build --format pdf, CLI (cold)`, samples]);
  rows.push([`${label}, bare Chromium print of its HTML (warm)`, bare]);
  notes.push(
    `${label}: Colophon ${(median(samples) / 1000).toFixed(2)} s against a bare print of ${(median(bare) / 1000).toFixed(2)} s ` +
      `(${barePages} p.): ${(median(samples) / median(bare)).toFixed(2)}x; peak memory of Node + Chromium ${(peak / 2 ** 30).toFixed(2)} GiB (PSS; the bare print's ${(barePeak / 2 ** 30).toFixed(2)} GiB); ` +
      `${int(book.markdownBytes)} bytes of Markdown`,
  );
}

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`Colophon benchmark (wall time in ms: median / min / max of the number of runs shown; seed: ${int(statSync(seed).size)} bytes)`);
console.log(`${''.padEnd(width)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)} ${'runs'.padStart(5)}`);
for (const [name, xs] of rows) {
  console.log(`${name.padEnd(width)} ${median(xs).toFixed(0).padStart(7)} ${Math.min(...xs).toFixed(0).padStart(7)} ${Math.max(...xs).toFixed(0).padStart(7)} ${String(xs.length).padStart(5)}`);
}
if (notes.length > 0) console.log('');
for (const note of notes) console.log(note);
