import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Writable } from 'node:stream';
import JSZip from 'jszip';
import type { Browser, LaunchOptions } from 'puppeteer';

// Ace by DAISY (`@daisy/ace-core` with `@daisy/ace-axe-runner-puppeteer`), run in-process on
// Debian's Chromium, offline. Both packages are CommonJS without types.

/** One failed check, flattened out of Ace's EARL report. */
export interface AceViolation {
  /** axe/Ace impact: minor, moderate, serious or critical. */
  impact: string;
  /** Rule id, e.g. `image-alt`, `metadata-accessmode`. */
  rule: string;
  /** The checked file as Ace names it: the package document or a content document. */
  file: string;
  message: string;
  /** CSS selector(s) of the offending element, when Ace gives one. */
  selector?: string;
  /** Markup of the offending element, when Ace gives it. */
  html?: string;
}

export interface AceOptions {
  /** Whole run, browser start included; the browser is killed when it runs out. Default 120 s. */
  timeoutMs?: number;
}

interface AxeRunner {
  concurrency: number;
  setTimeout(ms: number): void;
  launch(): Promise<void>;
  close(): Promise<void>;
  run(url: string, scripts: string[], scriptContents: string[], basedir: string): Promise<unknown>;
}
type AceCore = (epubPath: string, options: Record<string, unknown>, runner: AxeRunner) => Promise<[string, AceReport]>;
interface EarlNode {
  'earl:testSubject'?: { url?: string };
  'earl:test'?: { 'earl:impact'?: string; 'dct:title'?: string; 'dct:description'?: string };
  'earl:result'?: { 'earl:outcome'?: string; 'dct:description'?: string; 'earl:pointer'?: { css?: string[] }; html?: string };
  assertions?: EarlNode[];
}
interface AceReport {
  assertions?: EarlNode[];
}

const require = createRequire(import.meta.url);
const aceCore = require('@daisy/ace-core') as AceCore;
const runnerPath = require.resolve('@daisy/ace-axe-runner-puppeteer');
const officialRunner = require(runnerPath) as AxeRunner;
// The very module object the runner calls `puppeteer.launch` on (CommonJS build of puppeteer).
const runnersPuppeteer = createRequire(runnerPath)('puppeteer') as { launch: (options: LaunchOptions) => Promise<Browser> };
// Ace logs through winston's default logger; without a transport winston prints a warning per line.
const winston = createRequire(require.resolve('@daisy/ace-core'))('winston') as {
  add(transport: unknown): void;
  transports: { Stream: new (options: { stream: Writable; level: string }) => unknown };
};

/**
 * Ace's runner already passes --no-sandbox and --disable-setuid-sandbox (needed as root); these go on
 * top. Even with them, Chromium looks up accounts.google.com, update.googleapis.com and
 * clients2.google.com; the resolver rule fails every host name in-process, so no DNS query leaves.
 */
const EXTRA_ARGS = [
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

let aceLog: string[] = [];
winston.add(
  new winston.transports.Stream({
    level: 'warn',
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        aceLog.push(chunk.toString().trim());
        done();
      },
    }),
  }),
);

function chromiumPath(): string {
  const path = process.env.PUPPETEER_EXECUTABLE_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';
  accessSync(path, constants.X_OK);
  return path;
}

/** Unpacks the EPUB ourselves, so that Ace's own extraction (to an OS temp folder kept until exit) is not used. */
async function unzip(epub: string, dir: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(epub));
  for (const entry of Object.values(zip.files)) {
    const target = resolve(dir, entry.name);
    if (!target.startsWith(dir + sep)) throw new Error(`unsafe path in ${epub}: ${entry.name}`);
    if (entry.dir) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
}

function flatten(nodes: EarlNode[] | undefined, file: string, out: AceViolation[]): AceViolation[] {
  for (const node of nodes ?? []) {
    const here = node['earl:testSubject']?.url ?? file;
    const test = node['earl:test'];
    const result = node['earl:result'];
    if (test && result?.['earl:outcome'] === 'fail') {
      const css = result['earl:pointer']?.css;
      out.push({
        impact: test['earl:impact'] ?? 'unknown',
        rule: test['dct:title'] ?? 'unknown',
        file: here,
        message: result['dct:description'] ?? test['dct:description'] ?? '',
        ...(css?.length ? { selector: css.join(', ') } : {}),
        ...(result.html ? { html: result.html } : {}),
      });
    }
    flatten(node.assertions, here, out);
  }
  return out;
}

async function closeBrowser(browser: Browser): Promise<void> {
  const child = browser.process();
  try {
    await Promise.race([browser.close(), new Promise((_, reject) => setTimeout(() => reject(new Error('close timed out')), 10_000).unref())]);
  } catch {
    child?.kill('SIGKILL');
  }
}

async function runAce(epubPath: string, timeoutMs: number): Promise<{ violations: AceViolation[] }> {
  const epub = resolve(epubPath);
  if (!existsSync(epub)) throw new Error(`no such EPUB: ${epub}`);
  const executablePath = chromiumPath();
  const work = mkdtempSync(join(tmpdir(), 'colophon-ace-'));
  let browser: Browser | undefined;
  let over = false;
  // Ace's runner keeps its browser in a module variable and launches it with fixed options;
  // this wrapper feeds it ours and keeps the handle, so the browser always goes away.
  const runner: AxeRunner = {
    concurrency: officialRunner.concurrency,
    setTimeout: () => undefined,
    async launch() {
      const launch = runnersPuppeteer.launch;
      runnersPuppeteer.launch = async (options) => {
        browser = await launch({
          ...options,
          executablePath,
          args: [...(options.args ?? []), ...EXTRA_ARGS],
          headless: true,
          pipe: true,
          timeout: 30_000,
          protocolTimeout: timeoutMs,
        });
        return browser;
      };
      try {
        await officialRunner.launch();
      } finally {
        runnersPuppeteer.launch = launch;
      }
    },
    async close() {
      const b = browser;
      browser = undefined;
      if (b) await closeBrowser(b);
    },
    run(...args) {
      // After a timeout, a late page must not reach the browser of the next run.
      if (over || !browser) return Promise.reject(new Error('Ace run is over'));
      return officialRunner.run(...args);
    },
  };
  aceLog = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const dir = join(work, 'epub');
    await unzip(epub, dir);
    const checking = aceCore(dir, { cwd: work, outdir: join(work, 'report'), tmpdir: join(work, 'tmp'), silent: true }, runner);
    checking.catch(() => undefined);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Ace did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    let report: AceReport;
    try {
      [, report] = await Promise.race([checking, timeout]);
    } catch (e) {
      const detail = aceLog.length ? `\n${aceLog.join('\n')}` : '';
      // ace-core rejects with an empty job id (not an Error) on some failures.
      throw new Error(`Ace failed on ${epub}: ${e instanceof Error ? e.message : JSON.stringify(e)}${detail}`, { cause: e });
    }
    return { violations: flatten(report.assertions, '', []) };
  } finally {
    over = true;
    clearTimeout(timer);
    await runner.close();
    rmSync(work, { recursive: true, force: true });
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs Ace by DAISY on an .epub and returns every failed check with its impact. Runs are queued:
 * Ace's Puppeteer runner holds one browser per process. Nothing is left behind but a config
 * folder that Ace's logger package creates under ~/.config on load.
 */
export function ace(epubPath: string, options: AceOptions = {}): Promise<{ violations: AceViolation[] }> {
  const run = queue.then(() => runAce(epubPath, options.timeoutMs ?? 120_000));
  queue = run.catch(() => undefined);
  return run;
}
