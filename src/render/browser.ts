import type { Browser } from 'puppeteer';
import { ColophonError } from '../diagnostics/diagnostic.js';
import { isExecutable } from '../paths.js';

const CANDIDATES: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** How to get a browser, in one line. */
export const INSTALL_HINT =
  'no usable Chromium or Chrome for the PDF: install one (Debian/Ubuntu: apt-get install chromium; elsewhere: npx puppeteer browsers install chrome) or set PUPPETEER_EXECUTABLE_PATH; EPUB builds (--format epub) need none';

/**
 * Finds a browser: `PUPPETEER_EXECUTABLE_PATH` or `CHROME_PATH`, then the system's Chromium or
 * Chrome, then a Chrome installed by `npx puppeteer browsers install chrome`. Throws (exit 2) when
 * there is none.
 */
export async function findBrowser(): Promise<string> {
  const named = process.env.PUPPETEER_EXECUTABLE_PATH || process.env.CHROME_PATH;
  if (named) {
    if (isExecutable(named)) return named;
    throw new ColophonError(`the browser named by ${process.env.PUPPETEER_EXECUTABLE_PATH ? 'PUPPETEER_EXECUTABLE_PATH' : 'CHROME_PATH'} (${named}) is not an executable file; ${INSTALL_HINT}`, 2);
  }
  for (const path of CANDIDATES[process.platform] ?? []) if (isExecutable(path)) return path;
  try {
    const puppeteer = (await import('puppeteer')).default;
    const managed = puppeteer.executablePath();
    if (managed && isExecutable(managed)) return managed;
  } catch {
    // no managed browser
  }
  throw new ColophonError(INSTALL_HINT, 2);
}

/** Launches the browser headless with no network side channels; as root, without the sandbox. */
export async function launchBrowser(executablePath: string): Promise<Browser> {
  const puppeteer = (await import('puppeteer')).default;
  const args = [
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--font-render-hinting=none',
    // No name ever resolves: even a request that slipped past interception could not reach a host.
    '--host-resolver-rules=MAP * ~NOTFOUND',
  ];
  // Chromium refuses to run its sandbox as root.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  try {
    // Colophon handles Ctrl-C itself: it closes the browser and removes temp files before exiting 130.
    return await puppeteer.launch({ executablePath, headless: true, args, timeout: 30_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  } catch (cause) {
    throw new ColophonError(`the browser at ${executablePath} failed to start: ${(cause as Error).message.split('\n')[0]}; ${INSTALL_HINT}`, 2, { cause });
  }
}
