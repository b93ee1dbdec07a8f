#!/usr/bin/env node
// Benchmark: builds the seed manuscript and reports wall times (median of several runs).
// Cold = a whole `colophon build` process (Node start, config, browser launch);
// warm = the programmatic API in this process (the pipeline alone, browser launch included for PDF).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'lib', 'cli.js');
const seed = join(root, 'manuscripts', 'rethinking-the-reset.md');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'colophon-bench-'));
copyFileSync(seed, join(dir, 'seed.md'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
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

const rows = [];
const cold = (format) =>
  time(() => execFileSync(process.execPath, [cli, 'build', 'seed.md', '--format', format, '--quiet', '--out', 'out'], { cwd: dir, stdio: 'ignore' }));
rows.push(['seed, EPUB only, CLI (cold process)', cold('epub')]);
rows.push(['seed, EPUB + PDF, CLI (cold process)', cold('epub,pdf')]);
rows.push(['node --version (process start floor)', time(() => execFileSync(process.execPath, ['--version']))]);

const { build } = await import(join(root, 'lib', 'index.js'));
await build({ cwd: dir, inputs: ['seed.md'], formats: ['epub'], out: 'out' }); // warm up the module graph
rows.push(['seed, EPUB only, API (warm)', await timeAsync(() => build({ cwd: dir, inputs: ['seed.md'], formats: ['epub'], out: 'out' }))]);
rows.push(['seed, EPUB + PDF, API (warm)', await timeAsync(() => build({ cwd: dir, inputs: ['seed.md'], formats: ['epub', 'pdf'], out: 'out' }))]);

rmSync(dir, { recursive: true, force: true });
console.log(`Colophon benchmark (${runs} runs each, median / min / max in ms)`);
for (const [name, xs] of rows) {
  console.log(`${name.padEnd(42)} ${median(xs).toFixed(0).padStart(6)} ${Math.min(...xs).toFixed(0).padStart(6)} ${Math.max(...xs).toFixed(0).padStart(6)}`);
}
