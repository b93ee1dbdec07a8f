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
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateBook } from './generate-book.mjs';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'lib', 'colophon.mjs');
const seed = join(root, 'manuscripts', 'rethinking-the-reset.md');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const bigRuns = Number(process.env.BENCH_BIG_RUNS ?? 3);
const bigEnabled = process.env.BENCH_BIG !== '0' && !process.argv.includes('--no-big');
const bigScales = (process.env.BENCH_BIG_SCALES ?? '1').split(',').map(Number).filter((k) => k > 0);
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
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`Colophon benchmark (wall time in ms: median / min / max of the number of runs shown; seed: ${int(statSync(seed).size)} bytes)`);
console.log(`${''.padEnd(width)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)} ${'runs'.padStart(5)}`);
for (const [name, xs] of rows) {
  console.log(`${name.padEnd(width)} ${median(xs).toFixed(0).padStart(7)} ${Math.min(...xs).toFixed(0).padStart(7)} ${Math.max(...xs).toFixed(0).padStart(7)} ${String(xs.length).padStart(5)}`);
}
if (notes.length > 0) console.log('');
for (const note of notes) console.log(note);
