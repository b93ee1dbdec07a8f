import { request } from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli.js';

const t = tempDir();
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  t.cleanup();
});

/** Resolves when the child's stderr has printed a line matching `pattern`. */
function waitFor(output: { text: string }, pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const m = output.text.match(pattern);
      if (m) resolve(m);
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${pattern}; output:\n${output.text}`));
      else setTimeout(check, 50);
    };
    check();
  });
}

describe('colophon watch', () => {
  it('builds, serves a live preview on loopback, rebuilds only the changed book, and stops on Ctrl-C', async () => {
    mkdirSync(join(t.dir, 'manuscripts'));
    writeFileSync(join(t.dir, 'manuscripts', 'alpha.md'), '---\ntitle: Alpha Book\nlang: en\n---\n\n# Alpha Book\n\nFirst words.\n');
    writeFileSync(join(t.dir, 'manuscripts', 'beta.md'), '---\ntitle: Beta Book\nlang: en\n---\n\n# Beta Book\n\nOther words.\n');
    const output = { text: '' };
    child = spawn(process.execPath, [CLI, 'watch', '--format', 'epub', '--serve', '--port', '0'], { cwd: t.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d) => (output.text += String(d)));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    const [, url] = await waitFor(output, /preview: (http:\/\/127\.0\.0\.1:\d+\/)/);
    await waitFor(output, /watching/);
    expect(output.text).toMatch(/✓ alpha:/);
    expect(output.text).toMatch(/✓ beta:/);

    const index = await (await fetch(url!)).text();
    expect(index).toContain('/books/alpha/');
    const page = await (await fetch(`${url}books/alpha/`)).text();
    expect(page).toContain('Alpha Book');
    expect(page).toContain('/__colophon/version/alpha');
    expect((await fetch(`${url}template/print.css`)).status).toBe(200);
    expect((await fetch(`${url}template/../../../../etc/passwd`)).status).toBe(404);
    // A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    const rebound = await new Promise<number>((done, fail) => request(`${url}books/alpha/`, { headers: { host: 'attacker.example:80' } }, (res) => done(res.statusCode ?? 0)).on('error', fail).end());
    expect(rebound).toBe(403);
    expect((await fetch(`${url}__colophon/version/alpha`).then((r) => r.text()))).toBe('1');

    const before = output.text.length;
    writeFileSync(join(t.dir, 'manuscripts', 'alpha.md'), '---\ntitle: Alpha Book\nlang: en\n---\n\n# Alpha Book\n\nChanged words.\n');
    await waitFor({ get text() { return output.text.slice(before); } }, /✓ alpha:/);
    await waitFor({ get text() { return output.text.slice(before); } }, /• beta: up to date/);
    expect(await (await fetch(`${url}books/alpha/`)).text()).toContain('Changed words.');
    expect(Number(await fetch(`${url}__colophon/version/alpha`).then((r) => r.text()))).toBeGreaterThan(1);

    child.kill('SIGINT');
    expect(await exited).toBe(130);
  }, 120_000);
});
